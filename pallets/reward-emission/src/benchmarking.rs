//! Benchmarks: the epoch close at the most classes (with two epochs expiring and a full
//! breaker history), crediting a device's closed epoch, a claim, a leaving device's payout,
//! and the admin calls. The close is also
//! measured with many registered devices to show that its cost does not depend on them.

use super::*;
use crate::pallet::Pallet as Emission;
use depin_primitives::{DeviceId, EpochIndex, OnBurned, OnEpochClosed, WorkLedger};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::{
	traits::{Bounded, Zero},
	Perbill, Saturating,
};

fn assert_last_event<T: Config>(event: impl Into<<T as frame_system::Config>::RuntimeEvent>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

fn device(i: u32) -> DeviceId {
	let mut raw = [0u8; 32];
	raw[..4].copy_from_slice(&i.to_le_bytes());
	raw[31] = 0xbe;
	DeviceId::from_raw(raw)
}

/// Parameters that exercise every path: every recipient kind, net emissions, a time lock, a
/// long claim window and the longest breaker window, with caps that never stop minting.
fn busy_params<T: Config>(caller: &T::AccountId) -> ParamsOf<T> {
	let mut p = Params::<T>::get();
	p.shares = BoundedVec::truncate_from(alloc::vec![
		(Recipient::Operators, Perbill::from_percent(60)),
		(Recipient::Treasury, Perbill::from_percent(20)),
		(Recipient::Community, Perbill::from_percent(10)),
		(Recipient::Account(caller.clone()), Perbill::from_percent(10)),
	]);
	p.schedule.initial = T::Currency::minimum_balance().saturating_mul(1_000_000u32.into());
	p.net_emission_cap = p.schedule.initial;
	p.claim_window = T::Ledger::retained_epochs();
	p.lock_share = Perbill::from_percent(10);
	p.lock_period = T::MaxLockPeriod::get();
	p.breaker_cap = BalanceOf::<T>::max_value();
	p.breaker_window = T::MaxBreakerWindow::get();
	p
}

/// Registers `device(0)` for `owner` under `params`, closes an epoch in which it worked and
/// credits its reward, and gives `owner` a full lock record. Returns the epoch and the reward.
fn accrued_device<T: Config>(
	owner: &T::AccountId,
	params: &ParamsOf<T>,
) -> (EpochIndex, BalanceOf<T>) {
	Params::<T>::put(params);
	let classes = T::BenchmarkHelper::create_classes(1);
	T::BenchmarkHelper::register_device(owner, device(0), classes[0]);
	T::Currency::set_balance(owner, T::Currency::minimum_balance() * 1_000u32.into());
	let epoch = LastClosed::<T>::get().map_or(0, |l| l + 1);
	T::BenchmarkHelper::credit_work(epoch, &device(0), classes[0], 10);
	Emission::<T>::close_epoch(epoch);
	let work = depin_primitives::EpochWork { epoch, class: classes[0], units: 10 };
	let paid = Emission::<T>::credit(&device(0), work).expect("credited");
	assert!(!paid.is_zero());
	full_locks::<T>(owner);
	(epoch, paid)
}

/// Gives `who` a full lock record, none of it due.
fn full_locks<T: Config>(who: &T::AccountId) {
	let now = frame_system::Pallet::<T>::block_number();
	let chunks: alloc::vec::Vec<_> = (0..T::MaxLockChunks::get())
		.map(|_| LockChunk {
			amount: T::Currency::minimum_balance(),
			until: now.saturating_add(T::MaxLockPeriod::get()),
		})
		.collect();
	Locks::<T>::insert(who, BoundedVec::truncate_from(chunks));
	let total = T::Currency::minimum_balance() * T::MaxLockChunks::get().into();
	<T::Currency as frame_support::traits::fungible::MutateFreeze<_>>::set_freeze(
		&FreezeReason::RewardLock.into(),
		who,
		total,
	)
	.expect("freeze");
}

/// Closes epochs `0..count` with `classes` classes at work in each, from the clock's point of
/// view: the pallet is told directly.
fn close_worked_epochs<T: Config>(count: EpochIndex, classes: &[depin_primitives::DeviceClassId]) {
	let owner: T::AccountId = account("owner", 0, 0);
	for (i, class) in classes.iter().enumerate() {
		T::BenchmarkHelper::register_device(&owner, device(i as u32), *class);
	}
	let first = LastClosed::<T>::get().map_or(0, |l| l + 1);
	for e in first..first + count {
		for (i, class) in classes.iter().enumerate() {
			T::BenchmarkHelper::credit_work(e, &device(i as u32), *class, 10);
		}
		Emission::<T>::close_epoch(e);
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Closing an epoch with `c` classes at work, two old epochs of `c` pools each expiring,
	/// re-minted burns, four recipients and a full breaker history.
	#[benchmark]
	fn close_epoch(c: Linear<1, { T::MaxClasses::get() }>) {
		let caller: T::AccountId = whitelisted_caller();
		let mut params = busy_params::<T>(&caller);
		Params::<T>::put(&params);
		let classes = T::BenchmarkHelper::create_classes(c);
		let history = T::MaxBreakerWindow::get().max(3);
		close_worked_epochs::<T>(history, &classes);
		// Shorten the window so that the next close expires two epochs.
		params.claim_window = 1;
		Params::<T>::put(&params);
		OldestUnexpired::<T>::put(history - 3);
		let epoch = history;
		for (i, class) in classes.iter().enumerate() {
			T::BenchmarkHelper::credit_work(epoch, &device(i as u32), *class, 10);
		}
		Emission::<T>::on_burned(params.net_emission_cap);

		#[block]
		{
			Emission::<T>::on_epoch_closed(epoch);
		}

		assert_eq!(LastClosed::<T>::get(), Some(epoch));
		assert_eq!(OldestUnexpired::<T>::get(), history - 1);
		assert!(Epochs::<T>::get(epoch).is_some_and(|r| !r.operators.is_zero()));
	}

	/// The same close, one class, with 10^`e` registered devices (1 000 to 1 000 000) that all
	/// worked in the epoch: its cost must not depend on how many there are.
	#[benchmark(extra)]
	fn close_epoch_with_devices(e: Linear<3, 6>) {
		let caller: T::AccountId = whitelisted_caller();
		Params::<T>::put(busy_params::<T>(&caller));
		let classes = T::BenchmarkHelper::create_classes(1);
		let owner: T::AccountId = account("owner", 0, 0);
		for i in 0..10u32.pow(e) {
			T::BenchmarkHelper::register_device(&owner, device(i), classes[0]);
			T::BenchmarkHelper::credit_work(0, &device(i), classes[0], 1);
		}

		#[block]
		{
			Emission::<T>::on_epoch_closed(0);
		}

		assert_eq!(LastClosed::<T>::get(), Some(0));
	}

	/// A claim of one device's reward for one epoch in which 10^`e` registered devices (1 000
	/// to 1 000 000) worked, credited by the claim itself: its cost must not depend on how many
	/// there are.
	#[benchmark(extra)]
	fn claim_with_devices(e: Linear<3, 6>) {
		let caller: T::AccountId = whitelisted_caller();
		Params::<T>::put(busy_params::<T>(&caller));
		let classes = T::BenchmarkHelper::create_classes(1);
		let owner: T::AccountId = account("owner", 0, 0);
		T::BenchmarkHelper::register_device(&caller, device(0), classes[0]);
		T::BenchmarkHelper::credit_work(0, &device(0), classes[0], 1);
		for i in 1..10u32.pow(e) {
			T::BenchmarkHelper::register_device(&owner, device(i), classes[0]);
			T::BenchmarkHelper::credit_work(0, &device(i), classes[0], 1);
		}
		Emission::<T>::on_epoch_closed(0);
		T::BenchmarkHelper::close_ledger_epoch(0);
		T::Currency::set_balance(&caller, T::Currency::minimum_balance() * 1_000u32.into());

		#[extrinsic_call]
		claim(RawOrigin::Signed(caller.clone()), device(0));

		assert!(Accrued::<T>::get(device(0)).is_none());
		assert!(Totals::<T>::get().paid > Zero::zero());
	}

	/// A claim of accrued rewards, with a time lock into a full lock record. The ledger's
	/// settlement, which a claim starts with, is weighed by the ledger (`settle_weight`).
	#[benchmark]
	fn claim() {
		let caller: T::AccountId = whitelisted_caller();
		let params = busy_params::<T>(&caller);
		let (epoch, paid) = accrued_device::<T>(&caller, &params);

		#[extrinsic_call]
		claim(RawOrigin::Signed(caller.clone()), device(0));

		assert!(Accrued::<T>::get(device(0)).is_none());
		let now = frame_system::Pallet::<T>::block_number();
		assert_last_event::<T>(Event::<T>::RewardsClaimed {
			device: device(0),
			owner: caller.clone(),
			claimer: Some(caller),
			through: epoch,
			amount: paid,
			locked: params.lock_share.mul_floor(paid),
			until: now.saturating_add(params.lock_period),
		});
	}

	/// The ledger hands a device's closed epoch on: its reward is credited.
	#[benchmark]
	fn work_closed() {
		let caller: T::AccountId = whitelisted_caller();
		Params::<T>::put(busy_params::<T>(&caller));
		let classes = T::BenchmarkHelper::create_classes(1);
		// Two devices share the class's pool, so that the epoch has room for what is credited
		// below before the measured credit.
		let epoch = LastClosed::<T>::get().map_or(0, |l| l + 1);
		for i in 0..2 {
			T::BenchmarkHelper::register_device(&caller, device(i), classes[0]);
			T::BenchmarkHelper::credit_work(epoch, &device(i), classes[0], 10);
		}
		Emission::<T>::close_epoch(epoch);
		// Something accrued already: the record is updated, not created.
		Accrued::<T>::insert(device(0), Accrual { amount: 1u32.into(), last: epoch });
		Epochs::<T>::mutate(epoch, |r| {
			if let Some(r) = r {
				r.credited = r.credited.saturating_add(1u32.into())
			}
		});
		let work = depin_primitives::EpochWork { epoch, class: classes[0], units: 10 };

		#[block]
		{
			<Emission<T> as depin_primitives::OnWorkClosed>::on_work_closed(&device(0), work);
		}

		assert!(Accrued::<T>::get(device(0)).is_some_and(|a| a.amount > 1u32.into()));
	}

	/// A device with accrued rewards leaves the registry: they are paid out, into a full lock
	/// record.
	#[benchmark]
	fn device_removed() {
		let caller: T::AccountId = whitelisted_caller();
		accrued_device::<T>(&caller, &busy_params::<T>(&caller));

		#[block]
		{
			<Emission<T> as depin_primitives::OnDeviceRemoved<T::AccountId>>::on_device_removed(
				&device(0),
				&caller,
			);
		}

		assert!(Accrued::<T>::get(device(0)).is_none());
	}

	/// Unlocking `l` chunks that have all ended.
	#[benchmark]
	fn unlock(l: Linear<1, { T::MaxLockChunks::get() }>) {
		let who: T::AccountId = account("owner", 0, 0);
		let amount = T::Currency::minimum_balance();
		T::Currency::set_balance(&who, amount * (l + 10).into());
		let chunks: alloc::vec::Vec<_> =
			(0..l).map(|_| LockChunk { amount, until: 1u32.into() }).collect();
		Locks::<T>::insert(&who, BoundedVec::truncate_from(chunks));
		<T::Currency as frame_support::traits::fungible::MutateFreeze<_>>::set_freeze(
			&FreezeReason::RewardLock.into(),
			&who,
			amount * l.into(),
		)
		.expect("freeze");
		frame_system::Pallet::<T>::set_block_number(10u32.into());
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), who.clone());

		assert_last_event::<T>(Event::<T>::RewardsUnlocked { who, amount: amount * l.into() });
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let mut params = Params::<T>::get();
		params.lock_share = T::MaxShareStep::get();
		LastParamsChange::<T>::kill();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params.clone());

		assert_last_event::<T>(Event::<T>::ParamsChanged { params });
		Ok(())
	}

	#[benchmark]
	fn reset_breaker() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		BreakerTripped::<T>::put(true);
		let full: alloc::vec::Vec<_> =
			(0..T::MaxBreakerWindow::get()).map(|e| (e, T::Currency::minimum_balance())).collect();
		RecentMints::<T>::put(BoundedVec::truncate_from(full));

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin);

		assert_last_event::<T>(Event::<T>::BreakerReset);
		Ok(())
	}

	#[benchmark]
	fn spend_community() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let amount = T::Currency::minimum_balance() * 100u32.into();
		let pot = Emission::<T>::community_pot();
		T::Currency::set_balance(&pot, amount * 2u32.into());
		let to: T::AccountId = account("to", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, to.clone(), amount);

		assert_last_event::<T>(Event::<T>::CommunitySpent { to, amount });
		Ok(())
	}

	impl_benchmark_test_suite!(Emission, crate::mock::new_bench_ext(), crate::mock::Test);
}
