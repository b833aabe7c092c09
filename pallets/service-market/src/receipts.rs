//! Customers' receipts count against their funded orders: proof of physical work asks the
//! market whether a receipt's order is the customer's, of the device, serving the epoch and
//! not exceeded, and delivers the receipt's units to the order once the report is accepted.
//! Such an order is payable as soon as its receipt is in: the customer signed for the job
//! and escrowed its price.

use crate::{pallet::*, weights::WeightInfo};
use depin_primitives::{
	DemandSink, DeviceId, EpochIndex, OrderId, ReceiptOrders, ReceiptRefusal, WorkUnits,
};
use frame_support::{traits::Get, weights::Weight};
use sp_runtime::SaturatedConversion;

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
		let price: u128 = order.price_per_unit.saturated_into();
		// Rounded down, as is the value: a receipt device's emission is bounded by it.
		let take = order.take_rate.mul_floor(price.saturating_mul(units.into()));
		let value = T::Demand::native_value(order.asset, take.saturated_into());
		Ok(value.saturated_into())
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

	/// The order (and, for an asset, the treasury's asset record and last report, for its
	/// reference price). Estimated from the reads: the check does no other work.
	fn check_weight() -> Weight {
		T::DbWeight::get().reads(3)
	}

	/// One read and one write of the device's slots, as handing on a closed epoch does.
	fn deliver_weight() -> Weight {
		T::WeightInfo::work_closed()
	}
}
