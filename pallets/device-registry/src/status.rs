//! A device's life after registration: suspension, reinstatement, retirement, and slashing its bond.

use crate::{pallet::*, types::*};
use depin_primitives::{DeviceId, DeviceStatus};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Balanced, BalancedHold},
		tokens::imbalance::Imbalance,
		OnUnbalanced,
	},
};
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

impl<T: Config> Pallet<T> {
	/// Suspends an active device. From the admin call (`strict`) anything but an active device
	/// is an error; through the trait, a device that already cannot report is left as it is.
	pub(crate) fn do_suspend(device: DeviceId, strict: bool) -> DispatchResult {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		if record.status != DeviceStatus::Active {
			ensure!(!strict, Error::<T>::DeviceNotActive);
			return Ok(());
		}
		record.status = DeviceStatus::Suspended;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceSuspended { device });
		Ok(())
	}

	pub(crate) fn do_reinstate(device: DeviceId) -> DispatchResult {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		ensure!(
			Self::effective_status(&record) == DeviceStatus::Suspended,
			Error::<T>::DeviceNotSuspended
		);
		if let Some(maker) = record.maker {
			if Makers::<T>::get(maker).is_none_or(|m| m.status != MakerStatus::Approved) {
				record.maker = None;
			}
		}
		record.status = DeviceStatus::Active;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceReinstated { device });
		Ok(())
	}

	pub(crate) fn do_retire(device: DeviceId) -> DispatchResult {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		ensure!(record.status != DeviceStatus::Retired, Error::<T>::DeviceAlreadyRetired);
		let bond = record.bond;
		let slashed = Self::slash_bond(&mut record, bond);
		Self::remove_from_index(&record.owner, &device);
		TransferOffers::<T>::remove(device);
		record.status = DeviceStatus::Retired;
		record.unbonding_until = None;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceRetired { device, slashed });
		Ok(())
	}

	/// Takes up to `amount` of the recorded bond to the slash destination and lowers the
	/// record by what was taken. Returns what was taken.
	pub(crate) fn slash_bond(record: &mut DeviceOf<T>, amount: BalanceOf<T>) -> BalanceOf<T> {
		Self::slash_bond_rewarding(record, amount, None).0
	}

	/// Slashes up to `amount` of the bond; `reward` of what was taken goes to the rewardee (if
	/// it can receive it), the rest to `OnSlash`. Returns what was taken and what was paid.
	pub(crate) fn slash_bond_rewarding(
		record: &mut DeviceOf<T>,
		amount: BalanceOf<T>,
		reward: Option<(&T::AccountId, Perbill)>,
	) -> (BalanceOf<T>, BalanceOf<T>) {
		let amount = amount.min(record.bond);
		if amount.is_zero() {
			return (amount, Zero::zero());
		}
		let (mut credit, missing) =
			T::Currency::slash(&Self::device_bond_reason(), &record.owner, amount);
		let taken = amount.saturating_sub(missing);
		let mut rewarded = Zero::zero();
		if let Some((rewardee, share)) = reward {
			let (to_rewardee, rest) = credit.split(share.mul_floor(taken));
			credit = rest;
			let offered = to_rewardee.peek();
			// An account that cannot receive the reward (below the existential deposit) leaves
			// it to the slash destination.
			match T::Currency::resolve(rewardee, to_rewardee) {
				Ok(()) => rewarded = offered,
				Err(unpaid) => credit.subsume(unpaid),
			}
		}
		T::OnSlash::on_unbalanced(credit);
		record.bond = record.bond.saturating_sub(taken);
		(taken, rewarded)
	}
}
