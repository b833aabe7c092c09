//! A device that leaves the chain takes its offers and slots with it: each of its orders
//! keeps what the device delivered and who is paid for it, and ends now, so that its next
//! settlement pays the last owner and returns the rest to the customer.

use crate::{pallet::*, weights::WeightInfo};
use depin_primitives::{DeviceId, EpochClock, OnDeviceRemoved};
use frame_support::{traits::Get, weights::Weight};

impl<T: Config> OnDeviceRemoved<T::AccountId> for Pallet<T> {
	fn on_device_removed(device: &DeviceId, owner: &T::AccountId) {
		let now = T::Clock::current_epoch();
		let slots = DeviceOrders::<T>::take(device);
		let cut = !slots.is_empty();
		for slot in slots {
			Orders::<T>::mutate(slot.order, |order| {
				if let Some(order) = order {
					order.delivered_after_removal = Some(slot.delivered);
					order.payee_after_removal = Some(owner.clone());
					order.end = order.end.min(now);
					order.start = order.start.min(order.end);
				}
			});
		}
		for id in DeviceOffers::<T>::take(device) {
			if let Some(offer) = Offers::<T>::get(id) {
				Self::forget_offer(id, &offer);
				Self::deposit_event(Event::OfferWithdrawn { offer: id });
			}
		}
		if cut {
			Self::deposit_event(Event::OrdersCut { device: *device, end: now });
		}
	}

	fn weight() -> Weight {
		T::WeightInfo::device_removed(T::MaxOrdersPerDevice::get(), T::MaxOffersPerDevice::get())
	}
}
