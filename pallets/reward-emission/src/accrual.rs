//! Crediting closed work: the work ledger hands each device's closed epoch on once, and its
//! share of its class's pool is added to what the device has accrued. O(1) per call.

use crate::impls::{add, narrow, wide};
use crate::{pallet::*, schedule, types::*, weights::WeightInfo};
use depin_primitives::{DeviceId, EpochWork, OnWorkClosed};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::{traits::Zero, ArithmeticError, DispatchError};

impl<T: Config> Pallet<T> {
	/// What `work` earned: the device's share, by units, of its class's pool for the epoch.
	/// Zero if the epoch expired (or was never fixed) or the work has no units.
	pub fn reward_for(work: &EpochWork) -> BalanceOf<T> {
		if work.units == 0 || work.epoch < OldestUnexpired::<T>::get() {
			return Zero::zero();
		}
		let Some(pool) = ClassPools::<T>::get(work.epoch, work.class) else { return Zero::zero() };
		let Ok(pool_wide) = wide(pool.pool) else { return Zero::zero() };
		// A device's reward is at most its class's pool, which is a balance.
		narrow::<T>(schedule::device_reward(pool_wide, pool.units, work.units)).unwrap_or_default()
	}

	/// Credits what `work` earned to `device`'s accrued rewards. Returns the amount.
	pub(crate) fn credit(
		device: &DeviceId,
		work: EpochWork,
	) -> Result<BalanceOf<T>, DispatchError> {
		let reward = Self::reward_for(&work);
		if reward.is_zero() {
			return Ok(reward);
		}
		Epochs::<T>::try_mutate(work.epoch, |record| -> Result<(), DispatchError> {
			let record = record.as_mut().ok_or(ArithmeticError::Underflow)?;
			let credited = add(record.credited, reward)?;
			// Never credit more than the epoch fixed for its operators.
			ensure!(add(credited, record.expired)? <= record.operators, ArithmeticError::Overflow);
			record.credited = credited;
			Ok(())
		})?;
		Accrued::<T>::try_mutate(device, |slot| -> Result<(), DispatchError> {
			let accrual = slot.get_or_insert_with(Accrual::default);
			accrual.amount = add(accrual.amount, reward)?;
			accrual.last = accrual.last.max(work.epoch);
			Ok(())
		})?;
		Self::deposit_event(Event::RewardCredited {
			device: *device,
			epoch: work.epoch,
			class: work.class,
			units: work.units,
			amount: reward,
		});
		Ok(reward)
	}
}

impl<T: Config> OnWorkClosed for Pallet<T> {
	fn on_work_closed(device: &DeviceId, work: EpochWork) {
		let result = frame_support::storage::with_storage_layer(|| Self::credit(device, work));
		if let Err(e) = result {
			// Only an overflow of the books can fail a credit; nothing changed.
			frame_support::defensive!("reward-emission: credit failed", e);
		}
	}

	fn weight() -> Weight {
		T::WeightInfo::work_closed()
	}
}
