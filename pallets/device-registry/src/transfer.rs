//! Moving a device to a new owner: an offer the new owner accepts.

use crate::pallet::*;
use depin_primitives::DeviceId;
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_offer_transfer(
		who: T::AccountId,
		device: DeviceId,
		to: T::AccountId,
	) -> DispatchResult {
		let record = Self::device_of_owner(&who, &device)?;
		Self::ensure_live(&record)?;
		ensure!(to != who, Error::<T>::TransferToSelf);
		TransferOffers::<T>::insert(device, to.clone());
		Self::deposit_event(Event::TransferOffered { device, from: who, to });
		Ok(())
	}

	pub(crate) fn do_cancel_transfer(who: T::AccountId, device: DeviceId) -> DispatchResult {
		Self::device_of_owner(&who, &device)?;
		ensure!(TransferOffers::<T>::contains_key(device), Error::<T>::NoTransferOffer);
		TransferOffers::<T>::remove(device);
		Self::deposit_event(Event::TransferCancelled { device });
		Ok(())
	}

	pub(crate) fn do_accept_transfer(who: T::AccountId, device: DeviceId) -> DispatchResult {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		let to = TransferOffers::<T>::get(device).ok_or(Error::<T>::NoTransferOffer)?;
		ensure!(to == who, Error::<T>::NotTransferRecipient);
		Self::ensure_live(&record)?;
		let class = Classes::<T>::get(record.class).ok_or(Error::<T>::ClassNotFound)?;

		let from = record.owner.clone();
		Self::add_to_index(&who, device)?;
		Self::hold_device_bond(&who, class.bond)?;
		Self::release_device_bond(&from, record.bond)?;
		Self::remove_from_index(&from, &device);
		TransferOffers::<T>::remove(device);

		let released = record.bond;
		record.owner = who.clone();
		record.bond = class.bond;
		record.registered_at = frame_system::Pallet::<T>::block_number();
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceTransferred {
			device,
			from,
			to: who,
			bond_released: released,
			bond_held: class.bond,
		});
		Ok(())
	}
}
