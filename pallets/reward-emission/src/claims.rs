//! Claims: paying a device's accrued rewards to its owner (on a claim, or when the device
//! leaves the registry), and the time locks on claimed rewards.

use crate::impls::add;
use crate::{pallet::*, types::*, weights::WeightInfo};
use depin_primitives::{DeviceId, DeviceRegistry, OnDeviceRemoved, WorkLedger};
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
	DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// Most weight a claim uses: settling the device's latest epoch with the ledger (which
	/// credits it here), then paying.
	pub fn claim_weight() -> Weight {
		T::WeightInfo::claim().saturating_add(T::Ledger::settle_weight())
	}

	/// Pays `device`'s accrued rewards to its owner, after the ledger hands on its latest
	/// closed epoch if it had not yet.
	pub(crate) fn do_claim(
		claimer: T::AccountId,
		device: DeviceId,
		must_own: bool,
	) -> DispatchResultWithPostInfo {
		let owner = T::Registry::owner(&device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(!must_own || owner == claimer, Error::<T>::NotDeviceOwner);
		let settled = T::Ledger::settle(&device);
		let accrual = Accrued::<T>::get(device).ok_or(Error::<T>::NothingToClaim)?;
		Self::pay(&device, &owner, Some(claimer), accrual)?;
		Ok(Some(T::WeightInfo::claim().saturating_add(settled)).into())
	}

	/// Pays `accrual` from the reward pot to `owner`, locking the locked share, and forgets it.
	fn pay(
		device: &DeviceId,
		owner: &T::AccountId,
		claimer: Option<T::AccountId>,
		accrual: AccrualOf<T>,
	) -> DispatchResult {
		Accrued::<T>::remove(device);
		LastRewarded::<T>::mutate(owner, |last| {
			*last = Some(last.map_or(accrual.last, |l| l.max(accrual.last)));
		});
		let total = accrual.amount;
		let mut locked = Zero::zero();
		let mut until = frame_system::Pallet::<T>::block_number();
		if !total.is_zero() {
			T::Currency::transfer(&Self::reward_pot(), owner, total, Preservation::Preserve)?;
			Totals::<T>::try_mutate(|t| -> DispatchResult {
				t.paid = add(t.paid, total)?;
				Ok(())
			})?;
			let params = Params::<T>::get();
			locked = params.lock_share.mul_floor(total);
			if !locked.is_zero() && !params.lock_period.is_zero() {
				until = until.saturating_add(params.lock_period);
				Self::lock(owner, locked, until)?;
			} else {
				locked = Zero::zero();
			}
		}
		Self::deposit_event(Event::RewardsClaimed {
			device: *device,
			owner: owner.clone(),
			claimer,
			through: accrual.last,
			amount: total,
			locked,
			until,
		});
		Ok(())
	}

	/// Pays a leaving device's accrued rewards to its last owner (after the ledger credited
	/// its closed work, if it is told first), and forgets the owner's contributor signal if
	/// this was its last device.
	pub(crate) fn device_removed(device: &DeviceId, owner: &T::AccountId) {
		if let Some(accrual) = Accrued::<T>::get(device) {
			let result = frame_support::storage::with_storage_layer(|| {
				Self::pay(device, owner, None, accrual)
			});
			if let Err(e) = result {
				// The pot always holds what devices accrued (checked by `do_try_state`).
				frame_support::defensive!("reward-emission: payout of a leaving device failed", e);
			}
		}
		if T::Registry::devices_of(owner).iter().all(|d| d == device) {
			LastRewarded::<T>::remove(owner);
		}
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

impl<T: Config> OnDeviceRemoved<T::AccountId> for Pallet<T> {
	fn on_device_removed(device: &DeviceId, owner: &T::AccountId) {
		Self::device_removed(device, owner)
	}

	fn weight() -> Weight {
		T::WeightInfo::device_removed()
	}
}
