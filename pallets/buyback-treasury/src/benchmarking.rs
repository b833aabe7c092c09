//! Benchmarks: payments in the native token and in an asset, a grant, the admin calls, the
//! per-block price sampling and the epoch close, both at the most accepted assets. The close
//! takes its most expensive path for every asset: three quotes beyond the bound, then a swap,
//! then the burn.

use super::*;
use crate::pallet::Pallet as Treasury;
use alloc::vec;
use depin_primitives::{EpochClock, OnEpochClosed};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	fungibles, EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use sp_runtime::{traits::Zero, Perbill, Saturating};

fn assert_last_event<T: Config>(event: impl Into<<T as frame_system::Config>::RuntimeEvent>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

/// A large amount in the native token's smallest units.
fn plenty<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance()
		.max(1u32.into())
		.saturating_mul(1_000_000_000u32.into())
		.saturating_mul(1_000u32.into())
}

/// The pool's depth on each side, in smallest units.
fn depth<T: Config>() -> BalanceOf<T> {
	plenty::<T>() / 100u32.into()
}

/// The unit of the benchmark assets.
fn unit<T: Config>() -> BalanceOf<T> {
	1_000_000u32.into()
}

/// Starts from no accepted assets (a development genesis accepts its stablecoin), so that
/// each benchmark fills the slots itself.
fn no_assets<T: Config>() {
	let _ = AllowedAssets::<T>::clear(u32::MAX, None);
}

/// Creates asset `i` with a pool one-to-one with the native token, accepted with a cap that
/// covers any buy-back here. Returns it and its owner, who holds plenty of it.
fn accepted_asset<T: Config>(i: u32) -> (T::AssetId, T::AccountId) {
	let owner: T::AccountId = account("provider", i, 0);
	T::Currency::set_balance(&owner, plenty::<T>());
	let asset = T::BenchmarkHelper::create_asset(i, &owner);
	<T::Assets as fungibles::Mutate<_>>::mint_into(asset, &owner, plenty::<T>())
		.expect("the asset can be minted");
	T::DexSetup::create_pool(&owner, asset, depth::<T>(), depth::<T>())
		.expect("a pool can be created");
	let config = AssetConfig {
		unit: unit::<T>(),
		buy_back_cap: depth::<T>(),
		grant_cap: depth::<T>(),
		accepts_payments: true,
	};
	Treasury::<T>::do_set_asset(asset, Some(config)).expect("the asset can be accepted");
	(asset, owner)
}

/// Parameters on every path: everything burned, a 3% bound, fees taken, grants allowed.
fn set_busy_params<T: Config>() {
	Params::<T>::put(TreasuryParams {
		burn_share: Perbill::one(),
		fee_share: Perbill::from_percent(50),
		max_slippage: Perbill::from_percent(3).min(T::MaxSlippage::get()),
		native_grant_cap: plenty::<T>(),
	});
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn pay_for_service_native() {
		let caller: T::AccountId = whitelisted_caller();
		T::Currency::set_balance(&caller, plenty::<T>());
		let amount = depth::<T>();
		let served = T::BenchmarkHelper::served();
		let memo = vec![b'm'; T::MaxMemoLen::get() as usize];

		#[extrinsic_call]
		pay_for_service(RawOrigin::Signed(caller.clone()), None, amount, served, memo.clone());

		assert_last_event::<T>(Event::<T>::ServicePaid {
			customer: caller,
			asset: None,
			amount,
			served,
			memo,
		});
	}

	#[benchmark]
	fn pay_for_service_asset() {
		let (asset, caller) = accepted_asset::<T>(0);
		let amount = depth::<T>();
		let served = T::BenchmarkHelper::served();
		let memo = vec![b'm'; T::MaxMemoLen::get() as usize];

		#[extrinsic_call]
		pay_for_service(
			RawOrigin::Signed(caller.clone()),
			Some(asset),
			amount,
			served,
			memo.clone(),
		);

		assert_last_event::<T>(Event::<T>::ServicePaid {
			customer: caller,
			asset: Some(asset),
			amount,
			served,
			memo,
		});
	}

	/// The heavier grant: in an asset, to an account that does not hold it yet.
	#[benchmark]
	fn grant() -> Result<(), BenchmarkError> {
		let origin =
			T::GrantOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		no_assets::<T>();
		set_busy_params::<T>();
		Params::<T>::mutate(|p| p.burn_share = Perbill::zero());
		let (asset, owner) = accepted_asset::<T>(0);
		let amount = depth::<T>();
		Treasury::<T>::do_pay(&owner, Some(asset), amount, T::BenchmarkHelper::served(), &[])
			.map_err(|_| BenchmarkError::Stop("cannot pay the treasury"))?;
		let to: T::AccountId = account("to", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Some(asset), to.clone(), amount);

		assert_last_event::<T>(Event::<T>::GrantPaid { asset: Some(asset), to, amount });
		Ok(())
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = TreasuryParams {
			burn_share: Perbill::from_percent(70),
			fee_share: Perbill::from_percent(20),
			max_slippage: T::MaxSlippage::get(),
			native_grant_cap: depth::<T>(),
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);

		assert_last_event::<T>(Event::<T>::ParamsChanged { params });
		Ok(())
	}

	#[benchmark]
	fn set_asset() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		no_assets::<T>();
		// All other slots taken, so that the count and the report are read in full.
		for i in 1..T::MaxAssets::get() {
			accepted_asset::<T>(i);
		}
		let (asset, _) = accepted_asset::<T>(0);
		Treasury::<T>::do_set_asset(asset, None).expect("an empty asset can be removed");
		let config = AssetConfig {
			unit: unit::<T>(),
			buy_back_cap: depth::<T>(),
			grant_cap: depth::<T>(),
			accepts_payments: true,
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset, Some(config));

		assert_last_event::<T>(Event::<T>::AssetAllowed { asset, config });
		Ok(())
	}

	#[benchmark]
	fn sample_prices(a: Linear<1, { T::MaxAssets::get() }>) {
		no_assets::<T>();
		for i in 0..a {
			accepted_asset::<T>(i);
		}
		let visited;

		#[block]
		{
			visited = Treasury::<T>::sample_prices();
		}

		assert_eq!(visited, a);
	}

	#[benchmark]
	fn close_epoch(a: Linear<1, { T::MaxAssets::get() }>) {
		no_assets::<T>();
		set_busy_params::<T>();
		let epoch = T::Clock::current_epoch();
		let mut assets = vec![];
		for i in 0..a {
			let (asset, owner) = accepted_asset::<T>(i);
			// A fifth of the pool's depth: the full amount, its half and its quarter move the
			// price beyond 3%, its eighth does not.
			let amount = depth::<T>() / 5u32.into();
			Treasury::<T>::do_pay(&owner, Some(asset), amount, T::BenchmarkHelper::served(), &[])
				.expect("the owner can pay");
			assets.push(asset);
		}
		// Native revenue and an unsettled fee share to burn as well.
		let customer: T::AccountId = account("customer", 0, 0);
		T::Currency::set_balance(&customer, plenty::<T>());
		Treasury::<T>::do_pay(&customer, None, depth::<T>(), T::BenchmarkHelper::served(), &[])
			.expect("the customer can pay");
		let fees = T::Currency::minimum_balance().saturating_mul(10u32.into());
		T::Currency::mint_into(&Treasury::<T>::account_id(), fees).expect("the pot takes fees");
		PendingFees::<T>::put(fees);
		Treasury::<T>::sample_prices();

		#[block]
		{
			<Treasury<T> as OnEpochClosed>::on_epoch_closed(epoch);
		}

		let report = Reports::<T>::get(epoch).expect("the report");
		assert!(report.closed);
		assert_eq!(report.assets.len() as u32, a);
		assert!(report.assets.iter().all(|r| !r.spent.is_zero()));
		assert!(!report.burned.is_zero());
	}

	impl_benchmark_test_suite!(Treasury, crate::mock::new_bench_ext(), crate::mock::Test);
}
