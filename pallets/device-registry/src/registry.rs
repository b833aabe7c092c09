//! The `DeviceRegistry` trait: what the other pallets read and do through the registry.

use crate::pallet::*;
use alloc::vec::Vec;
use depin_primitives::{
	ClassInfo, DeviceClassId, DeviceId, DeviceRegistry, DeviceStatus, Location,
};
use frame_support::pallet_prelude::*;
use sp_runtime::{traits::Zero, Perbill};

impl<T: Config> DeviceRegistry<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn owner(device: &DeviceId) -> Option<T::AccountId> {
		Devices::<T>::get(device).map(|d| d.owner)
	}

	fn class(device: &DeviceId) -> Option<DeviceClassId> {
		Devices::<T>::get(device).map(|d| d.class)
	}

	fn status(device: &DeviceId) -> Option<DeviceStatus> {
		Devices::<T>::get(device).map(|d| Self::effective_status(&d))
	}

	fn location(device: &DeviceId) -> Option<Location> {
		Devices::<T>::get(device).and_then(|d| d.location)
	}

	fn is_attested(device: &DeviceId) -> bool {
		Devices::<T>::get(device).is_some_and(|d| d.maker.is_some())
	}

	fn reporting(device: &DeviceId) -> Option<(DeviceStatus, DeviceClassId)> {
		Devices::<T>::get(device).map(|d| (Self::effective_status(&d), d.class))
	}

	fn class_info(class: DeviceClassId) -> Option<ClassInfo> {
		Classes::<T>::get(class).map(|c| ClassInfo {
			proof_kind: c.proof_kind,
			reward_weight: c.reward_weight,
			max_units_per_epoch: c.max_units_per_epoch,
		})
	}

	fn devices_of(owner: &T::AccountId) -> Vec<DeviceId> {
		OwnerDevices::<T>::get(owner).into_inner()
	}

	fn class_ids() -> Vec<DeviceClassId> {
		let mut ids: Vec<_> = Classes::<T>::iter_keys().collect();
		ids.sort_unstable();
		ids
	}

	fn slash(device: &DeviceId, amount: BalanceOf<T>) -> Result<BalanceOf<T>, DispatchError> {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		let taken = Self::slash_bond(&mut record, amount);
		if !taken.is_zero() {
			Devices::<T>::insert(device, record);
			Self::deposit_event(Event::DeviceSlashed {
				device: *device,
				amount: taken,
				rewarded: Zero::zero(),
			});
		}
		Ok(taken)
	}

	fn slash_rewarding(
		device: &DeviceId,
		amount: BalanceOf<T>,
		rewardee: &T::AccountId,
		reward: Perbill,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), DispatchError> {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		let (taken, rewarded) =
			Self::slash_bond_rewarding(&mut record, amount, Some((rewardee, reward)));
		if !taken.is_zero() {
			Devices::<T>::insert(device, record);
			Self::deposit_event(Event::DeviceSlashed { device: *device, amount: taken, rewarded });
		}
		Ok((taken, rewarded))
	}

	fn suspend(device: &DeviceId) -> DispatchResult {
		Self::do_suspend(*device, false)
	}
}
