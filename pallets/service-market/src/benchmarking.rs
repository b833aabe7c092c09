//! Benchmarks: each call at its worst case (the fullest lists it reads, an order in an asset,
//! a settlement that pays the owner and the treasury and ends the order with a refund), handing
//! a closed epoch to a device with the most orders, and a device leaving with the most orders
//! and offers.

use super::*;
use crate::pallet::Pallet as Market;
use depin_primitives::{
	DeviceId, EpochClock, EpochWork, OnDeviceRemoved, OnWorkClosed, WorkLedger,
};
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use sp_runtime::traits::Bounded;

fn assert_last_event<T: Config>(event: impl Into<<T as frame_system::Config>::RuntimeEvent>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

fn device(i: u32) -> DeviceId {
	let mut raw = [0u8; 32];
	raw[..4].copy_from_slice(&i.to_le_bytes());
	raw[31] = 0x5e;
	DeviceId::from_raw(raw)
}

/// Terms in the benchmarks' asset: one smallest unit per work unit, one unit per epoch per
/// order at most as many orders as a device serves.
fn terms<T: Config>() -> TermsOf<T> {
	Terms {
		asset: T::BenchmarkHelper::asset(),
		price_per_unit: 1_000u32.into(),
		units_per_epoch: T::MaxOrdersPerDevice::get().into(),
		min_epochs: 1,
		max_epochs: T::MaxOrderEpochs::get(),
		notice_epochs: 0,
	}
}

/// A registered device of `owner` with `offers` offers; returns the last offer's id.
fn offered<T: Config>(owner: &T::AccountId, d: DeviceId, offers: u32) -> OfferId {
	T::BenchmarkHelper::register_device(owner, d);
	let mut last = 0;
	for _ in 0..offers {
		last = Market::<T>::do_offer(owner, d, terms::<T>()).expect("an offer");
	}
	last
}

/// `count` orders by `customer` of one unit per epoch for `epochs` epochs from `offer`.
fn ordered<T: Config>(customer: &T::AccountId, offer: OfferId, count: u32, epochs: u32) -> OrderId {
	T::BenchmarkHelper::fund(customer, T::BenchmarkHelper::asset(), 1_000_000_000u32.into());
	let mut last = 0;
	for _ in 0..count {
		last = Market::<T>::do_order(
			customer,
			offer,
			1,
			epochs,
			T::BenchmarkHelper::asset(),
			BalanceOf::<T>::max_value(),
			None,
		)
		.expect("an order")
		.0;
	}
	last
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn offer() {
		let owner: T::AccountId = whitelisted_caller();
		offered::<T>(&owner, device(0), T::MaxOffersPerDevice::get() - 1);
		let t = terms::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), device(0), t);
		let id = NextOfferId::<T>::get() - 1;
		assert_last_event::<T>(Event::<T>::OfferMade {
			offer: id,
			device: device(0),
			owner,
			terms: t,
		});
	}

	#[benchmark]
	fn update_offer() {
		let owner: T::AccountId = whitelisted_caller();
		let id = offered::<T>(&owner, device(0), 1);
		let mut t = terms::<T>();
		t.min_epochs = 2;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, t);
		assert_last_event::<T>(Event::<T>::OfferUpdated { offer: id, terms: t });
	}

	#[benchmark]
	fn withdraw_offer() {
		let owner: T::AccountId = whitelisted_caller();
		let id = offered::<T>(&owner, device(0), T::MaxOffersPerDevice::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert_last_event::<T>(Event::<T>::OfferWithdrawn { offer: id });
	}

	#[benchmark]
	fn order() {
		let owner: T::AccountId = account("owner", 0, 0);
		let customer: T::AccountId = whitelisted_caller();
		let offer_id = offered::<T>(&owner, device(0), 1);
		// The device's slots but one are taken, all from this offer (the capacity scan).
		ordered::<T>(&account("other", 0, 0), offer_id, T::MaxOrdersPerDevice::get() - 1, 10);
		T::BenchmarkHelper::fund(&customer, T::BenchmarkHelper::asset(), 1_000_000_000u32.into());
		let asset = T::BenchmarkHelper::asset();
		#[extrinsic_call]
		_(RawOrigin::Signed(customer.clone()), offer_id, 1, 10, asset, BalanceOf::<T>::max_value());
		assert_eq!(CustomerOrders::<T>::get(&customer).len(), 1);
	}

	#[benchmark]
	fn settle() {
		let owner: T::AccountId = account("owner", 0, 0);
		let customer: T::AccountId = whitelisted_caller();
		let offer_id = offered::<T>(&owner, device(0), 1);
		T::BenchmarkHelper::fund(&owner, T::BenchmarkHelper::asset(), 1_000_000u32.into());
		let id = ordered::<T>(&customer, offer_id, 1, 2);
		let start = T::Clock::current_epoch() + 1;
		// The device works one of the order's two epochs; both have closed and been handed
		// on, so the call pays the owner and the treasury, refunds the rest and ends it.
		T::BenchmarkHelper::set_epoch(start);
		T::BenchmarkHelper::credit_work(start, &device(0), 1);
		T::BenchmarkHelper::set_epoch(start + 2);
		T::Ledger::settle(&device(0));
		#[extrinsic_call]
		_(RawOrigin::Signed(customer), id);
		assert!(!Orders::<T>::contains_key(id));
	}

	#[benchmark]
	fn cancel() {
		let owner: T::AccountId = account("owner", 0, 0);
		let customer: T::AccountId = whitelisted_caller();
		let offer_id = offered::<T>(&owner, device(0), 1);
		let id = ordered::<T>(&customer, offer_id, T::MaxOrdersPerDevice::get(), 10);
		#[extrinsic_call]
		_(RawOrigin::Signed(customer), id);
		assert_eq!(Orders::<T>::get(id).map(|o| o.end), Some(T::Clock::current_epoch() + 1));
	}

	#[benchmark]
	fn set_params() {
		let params = MarketParams { take_rate: T::MaxTakeRate::get() };
		#[extrinsic_call]
		_(RawOrigin::Root, params);
		assert_last_event::<T>(Event::<T>::ParamsChanged { params });
	}

	#[benchmark]
	fn work_closed() {
		let owner: T::AccountId = account("owner", 0, 0);
		let offer_id = offered::<T>(&owner, device(0), 1);
		ordered::<T>(&account("customer", 0, 0), offer_id, T::MaxOrdersPerDevice::get(), 10);
		let epoch = T::Clock::current_epoch() + 1;
		let work = EpochWork { epoch, class: 0, units: T::MaxOrdersPerDevice::get().into() };
		#[block]
		{
			<Market<T> as OnWorkClosed>::on_work_closed(&device(0), work);
		}
		assert!(DeviceOrders::<T>::get(device(0)).iter().all(|s| s.delivered == 1));
	}

	#[benchmark]
	fn device_removed(
		o: Linear<1, { T::MaxOrdersPerDevice::get() }>,
		f: Linear<1, { T::MaxOffersPerDevice::get() }>,
	) {
		let owner: T::AccountId = account("owner", 0, 0);
		let offer_id = offered::<T>(&owner, device(0), f);
		ordered::<T>(&account("customer", 0, 0), offer_id, o, 10);
		#[block]
		{
			<Market<T> as OnDeviceRemoved<T::AccountId>>::on_device_removed(&device(0), &owner);
		}
		assert!(DeviceOrders::<T>::get(device(0)).is_empty());
		assert!(DeviceOffers::<T>::get(device(0)).is_empty());
	}

	impl_benchmark_test_suite!(Market, crate::mock::new_bench_ext(), crate::mock::Test);
}
