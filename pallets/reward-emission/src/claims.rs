//! Claims: what a device earned, paying it to the owner, and the time locks on claimed rewards.

use crate::impls::{add, narrow, wide};
use crate::{pallet::*, schedule, types::*};
use depin_primitives::{DeviceId, DeviceRegistry, EpochIndex, WorkLedger};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Mutate, MutateFreeze},
		tokens::Preservation,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError, DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// The range a claim up to `up_to` covers for `device`, after checking it.
	pub(crate) fn claim_range(
		device: &DeviceId,
		up_to: EpochIndex,
	) -> Result<(EpochIndex, EpochIndex), DispatchError> {
		let last = LastClosed::<T>::get().ok_or(Error::<T>::EpochNotClosed)?;
		ensure!(up_to <= last, Error::<T>::EpochNotClosed);
		let next = NextClaim::<T>::get(device).unwrap_or(0);
		ensure!(up_to >= next, Error::<T>::AlreadyClaimed);
		let oldest = OldestUnexpired::<T>::get();
		ensure!(up_to >= oldest, Error::<T>::RewardsExpired);
		let from = next.max(oldest);
		ensure!(up_to - from < T::MaxClaimEpochs::get(), Error::<T>::ClaimRangeTooLong);
		Ok((from, up_to))
	}

	/// What `device` earned in `epoch` (0 if nothing, or if the epoch expired).
	pub fn reward_of(device: &DeviceId, epoch: EpochIndex) -> BalanceOf<T> {
		let Some((class, units)) = T::Ledger::device_work(epoch, device) else {
			return Zero::zero();
		};
		if units == 0 {
			return Zero::zero();
		}
		let Some(pool) = ClassPools::<T>::get(epoch, class) else { return Zero::zero() };
		let Ok(pool_wide) = wide(pool.pool) else { return Zero::zero() };
		// A device's reward is at most its class's pool, which is a balance.
		narrow::<T>(schedule::device_reward(pool_wide, pool.units, units)).unwrap_or_default()
	}

	/// Pays `device`'s rewards up to `up_to` to its owner. Returns how many epochs it visited.
	pub(crate) fn do_claim(
		claimer: T::AccountId,
		device: DeviceId,
		up_to: EpochIndex,
		must_own: bool,
	) -> Result<u32, DispatchError> {
		let owner = T::Registry::owner(&device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(!must_own || owner == claimer, Error::<T>::NotDeviceOwner);
		let (from, to) = Self::claim_range(&device, up_to)?;

		let mut total: BalanceOf<T> = Zero::zero();
		let mut last_rewarded = None;
		for epoch in from..=to {
			let reward = Self::reward_of(&device, epoch);
			if reward.is_zero() {
				continue;
			}
			last_rewarded = Some(epoch);
			Epochs::<T>::try_mutate(epoch, |record| -> DispatchResult {
				let record = record.as_mut().ok_or(Error::<T>::RewardsExpired)?;
				let paid = add(record.paid, reward)?;
				// Never pay out more than the epoch fixed for its operators.
				ensure!(
					paid.saturating_add(record.expired) <= record.operators,
					ArithmeticError::Overflow
				);
				record.paid = paid;
				Ok(())
			})?;
			total = add(total, reward)?;
		}
		NextClaim::<T>::insert(device, to.saturating_add(1));
		if let Some(epoch) = last_rewarded {
			LastRewarded::<T>::mutate(&owner, |last| {
				*last = Some(last.map_or(epoch, |l| l.max(epoch)));
			});
		}

		let mut locked = Zero::zero();
		let mut until = frame_system::Pallet::<T>::block_number();
		if !total.is_zero() {
			T::Currency::transfer(&Self::reward_pot(), &owner, total, Preservation::Preserve)?;
			Totals::<T>::try_mutate(|t| -> DispatchResult {
				t.paid = add(t.paid, total)?;
				Ok(())
			})?;
			let params = Params::<T>::get();
			locked = params.lock_share.mul_floor(total);
			if !locked.is_zero() && !params.lock_period.is_zero() {
				until = until.saturating_add(params.lock_period);
				Self::lock(&owner, locked, until)?;
			} else {
				locked = Zero::zero();
			}
		}
		Self::deposit_event(Event::RewardsClaimed {
			device,
			owner,
			claimer,
			from,
			to,
			amount: total,
			locked,
			until,
		});
		Ok(to - from + 1)
	}

	/// Freezes `amount` more of `who`'s balance until `until`, releasing ended locks first.
	fn lock(who: &T::AccountId, amount: BalanceOf<T>, until: BlockNumberFor<T>) -> DispatchResult {
		let now = frame_system::Pallet::<T>::block_number();
		let mut chunks = Locks::<T>::get(who);
		chunks.retain(|c| c.until > now);
		let chunk = LockChunk { amount, until };
		if let Err(chunk) = chunks.try_push(chunk) {
			// Full: merge into the latest chunk, which then ends with the newest claim.
			if let Some(last) = chunks.last_mut() {
				last.amount = add(last.amount, chunk.amount)?;
				last.until = last.until.max(chunk.until);
			}
		}
		Self::apply_freeze(who, &chunks)?;
		Locks::<T>::insert(who, chunks);
		Ok(())
	}

	/// Sets `who`'s freeze to the sum of `chunks`.
	fn apply_freeze(who: &T::AccountId, chunks: &[LockChunkOf<T>]) -> DispatchResult {
		let mut total: BalanceOf<T> = Zero::zero();
		for c in chunks {
			total = add(total, c.amount)?;
		}
		let id = FreezeReason::RewardLock.into();
		if total.is_zero() {
			T::Currency::thaw(&id, who)
		} else {
			T::Currency::set_freeze(&id, who, total)
		}
	}

	/// Unfreezes `who`'s chunks whose lock has ended. Returns how much was unfrozen.
	pub(crate) fn release_locks(who: &T::AccountId) -> Result<BalanceOf<T>, DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		let mut chunks = Locks::<T>::get(who);
		let mut released: BalanceOf<T> = Zero::zero();
		for c in chunks.iter().filter(|c| c.until <= now) {
			released = add(released, c.amount)?;
		}
		if released.is_zero() {
			return Ok(released);
		}
		chunks.retain(|c| c.until > now);
		Self::apply_freeze(who, &chunks)?;
		if chunks.is_empty() {
			Locks::<T>::remove(who);
		} else {
			Locks::<T>::insert(who, chunks);
		}
		Self::deposit_event(Event::RewardsUnlocked { who: who.clone(), amount: released });
		Ok(released)
	}
}
