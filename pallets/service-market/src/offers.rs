//! Offers: a device's service for sale, bounded per device and per owner.

use crate::{pallet::*, types::*};
use depin_primitives::{DemandSink, DeviceClassId, DeviceId, DeviceRegistry};
use frame_support::{ensure, traits::Get};
use sp_runtime::{
	traits::{One, Zero},
	ArithmeticError, DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// Checks `terms` for a device of `class`.
	fn check_terms(terms: &TermsOf<T>, class: DeviceClassId) -> DispatchResult {
		ensure!(T::Demand::accepts(terms.asset), Error::<T>::AssetNotAccepted);
		ensure!(!terms.price_per_unit.is_zero(), Error::<T>::ZeroPrice);
		ensure!(terms.units_per_epoch > 0, Error::<T>::ZeroCapacity);
		let info = T::Registry::class_info(class).ok_or(Error::<T>::ClassNotFound)?;
		ensure!(
			terms.units_per_epoch <= info.max_units_per_epoch,
			Error::<T>::CapacityAboveClassMax
		);
		ensure!(
			terms.min_epochs >= 1
				&& terms.min_epochs <= terms.max_epochs
				&& terms.max_epochs <= T::MaxOrderEpochs::get(),
			Error::<T>::OrderLengthOutOfBounds
		);
		ensure!(terms.notice_epochs <= T::MaxNoticeEpochs::get(), Error::<T>::NoticeOutOfBounds);
		Ok(())
	}

	/// The device's class, once `who` is shown to own it and it is active.
	fn owned_active(who: &T::AccountId, device: &DeviceId) -> Result<DeviceClassId, DispatchError> {
		let owner = T::Registry::owner(device).ok_or(Error::<T>::DeviceNotFound)?;
		ensure!(&owner == who, Error::<T>::NotDeviceOwner);
		ensure!(T::Registry::is_active(device), Error::<T>::DeviceNotActive);
		T::Registry::class(device).ok_or_else(|| Error::<T>::DeviceNotFound.into())
	}

	/// `who` offers `device`'s service on `terms`; returns the new offer's id.
	pub(crate) fn do_offer(
		who: &T::AccountId,
		device: DeviceId,
		terms: TermsOf<T>,
	) -> Result<OfferId, DispatchError> {
		let class = Self::owned_active(who, &device)?;
		Self::check_terms(&terms, class)?;
		let count = OwnerOffers::<T>::get(who);
		ensure!(count < T::MaxOffersPerOwner::get(), Error::<T>::TooManyOffersForOwner);
		let id = NextOfferId::<T>::get();
		let next = id.checked_add(OfferId::one()).ok_or(ArithmeticError::Overflow)?;
		DeviceOffers::<T>::try_mutate(device, |offers| offers.try_push(id))
			.map_err(|_| Error::<T>::TooManyOffersForDevice)?;
		OwnerOffers::<T>::insert(who, count + 1);
		NextOfferId::<T>::put(next);
		Offers::<T>::insert(id, Offer { device, class, owner: who.clone(), terms });
		Ok(id)
	}

	/// `who` changes the terms of its offer `id`.
	pub(crate) fn do_update_offer(
		who: &T::AccountId,
		id: OfferId,
		terms: TermsOf<T>,
	) -> DispatchResult {
		let mut offer = Offers::<T>::get(id).ok_or(Error::<T>::OfferNotFound)?;
		ensure!(&offer.owner == who, Error::<T>::NotOfferOwner);
		ensure!(T::Registry::owner(&offer.device).as_ref() == Some(who), Error::<T>::OfferLapsed);
		Self::check_terms(&terms, offer.class)?;
		offer.terms = terms;
		Offers::<T>::insert(id, offer);
		Ok(())
	}

	/// `who` (the offer's owner or the device's current one) withdraws offer `id`.
	pub(crate) fn do_withdraw_offer(who: &T::AccountId, id: OfferId) -> DispatchResult {
		let offer = Offers::<T>::get(id).ok_or(Error::<T>::OfferNotFound)?;
		ensure!(
			&offer.owner == who || T::Registry::owner(&offer.device).as_ref() == Some(who),
			Error::<T>::NotOfferOwner
		);
		Self::remove_offer(id, &offer);
		Ok(())
	}

	/// Removes offer `id` from every index.
	pub(crate) fn remove_offer(id: OfferId, offer: &OfferOf<T>) {
		Self::forget_offer(id, offer);
		DeviceOffers::<T>::mutate_exists(offer.device, |offers| {
			if let Some(list) = offers {
				list.retain(|o| *o != id);
				if list.is_empty() {
					*offers = None;
				}
			}
		});
	}

	/// Removes offer `id` and its owner's count; the device's list is the caller's.
	pub(crate) fn forget_offer(id: OfferId, offer: &OfferOf<T>) {
		Offers::<T>::remove(id);
		OwnerOffers::<T>::mutate_exists(&offer.owner, |count| {
			*count = count.and_then(|c| c.checked_sub(1)).filter(|c| *c > 0);
		});
	}
}
