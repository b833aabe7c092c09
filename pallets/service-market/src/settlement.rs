//! Settlement from verified work: each closed epoch of a device reaches its orders once (the
//! ledger hands it on), and an order pays for what was allotted to it whenever anyone asks.

use crate::{money, pallet::*, types::*, weights::WeightInfo};
use depin_primitives::{
	DeviceId, DeviceRegistry, EpochClock, EpochIndex, EpochWork, OnWorkClosed, WorkLedger,
	WorkUnits,
};
use frame_support::{ensure, weights::Weight};
use sp_runtime::traits::Zero;
use sp_runtime::{
	traits::{CheckedAdd, CheckedSub},
	ArithmeticError, DispatchError, SaturatedConversion,
};

/// Allots `units` verified in `epoch` to the slots that serve it, in the order they were
/// made: each gets at most what it bought for an epoch, so a device's work pays each unit
/// once however many orders it has. Returns the units allotted.
pub fn allot<'a>(
	slots: impl IntoIterator<Item = &'a mut Slot>,
	epoch: EpochIndex,
	units: WorkUnits,
) -> WorkUnits {
	let mut left = units;
	// A receipt or storage order is delivered what its receipts or proofs give it, when they
	// are accepted.
	for slot in slots.into_iter().filter(|s| s.serves(epoch) && !s.paid_on_proof) {
		let give = slot.units_per_epoch.min(left);
		// Saturating: at most `units_per_epoch` a served epoch, far below `u64::MAX`.
		slot.delivered = slot.delivered.saturating_add(give);
		left -= give;
	}
	units - left
}

impl<T: Config> OnWorkClosed for Pallet<T> {
	fn on_work_closed(device: &DeviceId, work: EpochWork) {
		let mut slots = DeviceOrders::<T>::get(device);
		if slots.is_empty() {
			return;
		}
		if allot(slots.iter_mut(), work.epoch, work.units) > 0 {
			DeviceOrders::<T>::insert(device, slots);
		}
	}

	fn weight() -> Weight {
		T::WeightInfo::work_closed()
	}
}

impl<T: Config> Pallet<T> {
	/// Settles order `id`: pays what its device delivered and was not paid yet; ends it
	/// (returning the rest to the customer) once its last epoch has closed.
	pub(crate) fn do_settle(id: OrderId) -> Result<Settlement<BalanceOf<T>>, DispatchError> {
		let mut order = Orders::<T>::get(id).ok_or(Error::<T>::OrderNotFound)?;
		// Every closed epoch of the device has reached its slots after this.
		T::Ledger::settle(&order.device);
		let now = T::Clock::current_epoch();

		let delivered = Self::delivered(id, &order).ok_or(Error::<T>::OrderNotFound)?;
		let payee = match order.payee_after_removal.clone() {
			Some(last_owner) => Some(last_owner),
			None => {
				Self::cut_if_not_serving(id, &mut order, now);
				T::Registry::owner(&order.device)
			},
		};
		let units = delivered.checked_sub(order.settled_units).ok_or(ArithmeticError::Underflow)?;
		let ended = now >= order.end;
		ensure!(units > 0 || ended, Error::<T>::NothingToSettle);

		let mut done = Settlement { units, ended, ..Default::default() };
		if units > 0 {
			let price: u128 = order.price_per_unit.saturated_into();
			let released: u128 = order
				.paid
				.checked_add(&order.taken)
				.ok_or(ArithmeticError::Overflow)?
				.saturated_into();
			let gross = money::units_price(price, units).ok_or(ArithmeticError::Overflow)?;
			let escrowed: u128 = order.escrowed.saturated_into();
			ensure!(
				released.checked_add(gross).is_some_and(|r| r <= escrowed),
				ArithmeticError::Overflow
			);
			let (to_owner, take) =
				money::split(gross, released, order.taken.saturated_into(), order.take_rate)
					.ok_or(ArithmeticError::Overflow)?;
			// Both parts are within the escrowed amount, a balance.
			let (to_owner, take): (BalanceOf<T>, BalanceOf<T>) =
				(to_owner.saturated_into(), take.saturated_into());
			let payee = payee.ok_or(Error::<T>::OwnerCannotReceive)?;
			Self::pay_out(order.asset, &payee, to_owner, Error::<T>::OwnerCannotReceive)?;
			Self::pay_take(order.asset, take)?;
			order.paid = order.paid.checked_add(&to_owner).ok_or(ArithmeticError::Overflow)?;
			order.taken = order.taken.checked_add(&take).ok_or(ArithmeticError::Overflow)?;
			order.settled_units = delivered;
			(done.paid, done.taken) = (to_owner, take);
			Self::deposit_event(Event::OrderSettled {
				order: id,
				units,
				paid: to_owner,
				taken: take,
			});
		}

		if ended {
			let rest = order
				.escrowed
				.checked_sub(&order.paid)
				.and_then(|r| r.checked_sub(&order.taken))
				.ok_or(ArithmeticError::Underflow)?;
			// A customer that can no longer receive the rest (its account closed and the rest
			// below the minimum balance) keeps the order open: it may settle again later.
			if rest.is_zero() || Self::can_receive(order.asset, &order.customer, rest) {
				Self::pay_out(order.asset, &order.customer, rest, Error::<T>::OrderNotFound)?;
				Self::remove_order(id, &order);
				done.refunded = rest;
				Self::deposit_event(Event::OrderEnded {
					order: id,
					paid: order.paid,
					taken: order.taken,
					refunded: rest,
				});
				return Ok(done);
			}
			done.ended = false;
		}
		Orders::<T>::insert(id, order);
		Ok(done)
	}

	/// A device that stopped serving (suspended, deregistering, retired) ends order `id`
	/// after the open epoch: what it did before it stopped is still paid.
	fn cut_if_not_serving(id: OrderId, order: &mut OrderOf<T>, now: EpochIndex) {
		if T::Registry::is_active(&order.device) {
			return;
		}
		let end = now.saturating_add(1).max(order.start);
		if end < order.end {
			order.end = end;
			Self::set_slot_end(&order.device, id, end);
			Self::deposit_event(Event::OrdersCut { device: order.device, end });
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn slot(
		order: OrderId,
		units_per_epoch: WorkUnits,
		start: EpochIndex,
		end: EpochIndex,
	) -> Slot {
		Slot {
			order,
			offer: 0,
			units_per_epoch,
			start,
			end,
			delivered: 0,
			data_root: None,
			paid_on_proof: false,
		}
	}

	#[test]
	fn work_is_allotted_first_come_and_never_twice() {
		let mut slots = [slot(0, 5, 1, 3), slot(1, 5, 2, 4), slot(2, 5, 9, 10)];
		// Epoch 2: both of the first two serve; 7 units give 5 and 2.
		assert_eq!(allot(&mut slots, 2, 7), 7);
		assert_eq!([slots[0].delivered, slots[1].delivered, slots[2].delivered], [5, 2, 0]);
		// More work than ordered: the rest is nobody's.
		assert_eq!(allot(&mut slots, 3, 100), 5);
		assert_eq!([slots[0].delivered, slots[1].delivered], [5, 7]);
		// An epoch no order serves.
		assert_eq!(allot(&mut slots, 5, 10), 0);
		// A receipt or storage order is never allotted closed work.
		slots[2].paid_on_proof = true;
		assert_eq!(allot(&mut slots, 9, 10), 0);
	}
}
