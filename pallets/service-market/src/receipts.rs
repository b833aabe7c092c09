//! Customers' receipts count against their funded orders: proof of physical work asks the
//! market whether a receipt's order is the customer's, of the device, serving the epoch and
//! not exceeded, and delivers the receipt's units to the order once the report is accepted.
//! Such an order is payable as soon as its receipt is in: the customer signed for the job
//! and escrowed its price. Storage proofs deliver their orders' chunks the same way.

use crate::{pallet::*, weights::WeightInfo};
use depin_primitives::{
	DemandSink, DeviceId, EpochIndex, OrderId, ReceiptOrders, ReceiptRefusal, WorkUnits,
};
use frame_support::{traits::Get, weights::Weight};
use sp_runtime::SaturatedConversion;

impl<T: Config> Pallet<T> {
	/// The native value of the take `order` pays for `units`: rounded down, as the value is,
	/// since a device's emission for demand is bounded by it.
	pub(crate) fn take_value(order: &OrderOf<T>, units: WorkUnits) -> u128 {
		let price: u128 = order.price_per_unit.saturated_into();
		let take = order.take_rate.mul_floor(price.saturating_mul(units.into()));
		T::Demand::native_value(order.asset, take.saturated_into()).saturated_into()
	}
}

impl<T: Config> ReceiptOrders<T::AccountId> for Pallet<T> {
	fn check(
		order: OrderId,
		device: &DeviceId,
		customer: &T::AccountId,
		epoch: EpochIndex,
		units: WorkUnits,
	) -> Result<u128, ReceiptRefusal> {
		let order = Orders::<T>::get(order).ok_or(ReceiptRefusal::OrderNotFound)?;
		if &order.device != device {
			return Err(ReceiptRefusal::OtherDevice);
		}
		if &order.customer != customer {
			return Err(ReceiptRefusal::NotOrderCustomer);
		}
		if epoch < order.start || epoch >= order.end {
			return Err(ReceiptRefusal::NotServing);
		}
		// A device reports once an epoch, so this is all the order is delivered in the epoch.
		if units > order.units_per_epoch {
			return Err(ReceiptRefusal::OverOrder);
		}
		Ok(Self::take_value(&order, units))
	}

	fn deliver(device: &DeviceId, orders: &[(OrderId, WorkUnits)]) {
		// A device without orders keeps no record: nothing is written for it.
		DeviceOrders::<T>::mutate_exists(device, |slots| {
			let Some(slots) = slots else { return };
			for (order, units) in orders {
				if let Some(slot) = slots.iter_mut().find(|s| s.order == *order) {
					// At most `units_per_epoch` an epoch served: far below `u64::MAX`.
					slot.delivered = slot.delivered.saturating_add(*units);
				}
			}
		});
	}

	/// For an order in an asset, the treasury's asset record and last report (its reference
	/// price): two reads an order, estimated from the reads, as valuing does no other work.
	fn pricing_weight(orders: u32) -> Weight {
		T::DbWeight::get().reads(2u64.saturating_mul(orders.into()))
	}

	/// One read and one write of the device's slots, as handing on a closed epoch does.
	fn deliver_weight() -> Weight {
		T::WeightInfo::work_closed()
	}
}
