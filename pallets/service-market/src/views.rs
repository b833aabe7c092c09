//! What the runtime API answers: offers and orders as clients read them.

use crate::{money, pallet::*, runtime_api::MAX_PAGE, types::*};
use alloc::vec::Vec;
use depin_primitives::{DeviceClassId, DeviceId};
use sp_runtime::{traits::Saturating, SaturatedConversion};

/// An order's state as stored, for reads.
pub type OrderStateOf<T> =
	OrderState<<T as frame_system::Config>::AccountId, <T as Config>::AssetId, BalanceOf<T>>;

impl<T: Config> Pallet<T> {
	/// A device's offers.
	pub fn offers_of_device(device: &DeviceId) -> Vec<(OfferId, OfferOf<T>)> {
		DeviceOffers::<T>::get(device)
			.into_iter()
			.filter_map(|id| Offers::<T>::get(id).map(|o| (id, o)))
			.collect()
	}

	/// Offers of `class` with ids from `from`, at most `count` (up to `MAX_PAGE`).
	pub fn offers_of_class(
		class: DeviceClassId,
		from: OfferId,
		count: u32,
	) -> Vec<(OfferId, OfferOf<T>)> {
		let last = NextOfferId::<T>::get();
		let mut found = Vec::new();
		let mut id = from;
		// Ids are dense: walking them in order reads each offer at most once.
		while id < last && (found.len() as u32) < count.min(MAX_PAGE) {
			if let Some(offer) = Offers::<T>::get(id).filter(|o| o.class == class) {
				found.push((id, offer));
			}
			id = id.saturating_add(1);
		}
		found
	}

	/// An open order and its settlement state.
	pub fn order_state(id: OrderId) -> Option<OrderStateOf<T>> {
		let order = Orders::<T>::get(id)?;
		let delivered = Self::delivered(id, &order).unwrap_or(order.settled_units);
		let unpaid = delivered.saturating_sub(order.settled_units);
		let due = money::units_price(order.price_per_unit.saturated_into(), unpaid)
			.unwrap_or(u128::MAX)
			.saturated_into();
		let remaining = order.escrowed.saturating_sub(order.paid).saturating_sub(order.taken);
		Some(OrderState { order, delivered, due, remaining })
	}

	/// A customer's open orders.
	pub fn orders_of_customer(customer: &T::AccountId) -> Vec<(OrderId, OrderStateOf<T>)> {
		CustomerOrders::<T>::get(customer)
			.into_iter()
			.filter_map(|id| Self::order_state(id).map(|s| (id, s)))
			.collect()
	}

	/// A device's open orders.
	pub fn orders_of_device(device: &DeviceId) -> Vec<(OrderId, OrderStateOf<T>)> {
		DeviceOrders::<T>::get(device)
			.into_iter()
			.filter_map(|s| Self::order_state(s.order).map(|st| (s.order, st)))
			.collect()
	}
}
