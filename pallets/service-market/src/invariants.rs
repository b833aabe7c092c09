//! The invariants of the market, checked after every test and by try-runtime.

use crate::pallet::*;
use alloc::collections::btree_map::BTreeMap;
use frame_support::{ensure, traits::fungibles::Inspect};
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Zero},
	SaturatedConversion, TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Every invariant of the market.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::check_orders()?;
		Self::check_escrow()?;
		Self::check_slots()?;
		Self::check_offers()?;
		Ok(())
	}

	/// Each order's books balance: what was paid out is the price of the units settled, and
	/// never more than was escrowed; no order settled more than its device delivered.
	fn check_orders() -> Result<(), TryRuntimeError> {
		for (id, o) in Orders::<T>::iter() {
			ensure!(
				id < NextOrderId::<T>::get(),
				TryRuntimeError::Other("an order id not yet issued")
			);
			ensure!(o.start <= o.end, TryRuntimeError::Other("an order ends before it starts"));
			let released = o.paid.checked_add(&o.taken);
			ensure!(
				released.is_some_and(|r| r <= o.escrowed),
				TryRuntimeError::Other("an order released more than it escrowed")
			);
			let price: u128 = o.price_per_unit.saturated_into();
			let released: u128 = released.unwrap_or_default().saturated_into();
			ensure!(
				crate::money::units_price(price, o.settled_units) == Some(released),
				TryRuntimeError::Other("paid + taken != price of the settled units")
			);
			let delivered = Self::delivered(id, &o)
				.ok_or(TryRuntimeError::Other("an order without its device's slot"))?;
			ensure!(
				o.settled_units <= delivered,
				TryRuntimeError::Other("settled more than delivered")
			);
			ensure!(
				CustomerOrders::<T>::get(&o.customer).contains(&id),
				TryRuntimeError::Other("an order missing from its customer's list")
			);
		}
		for (_, ids) in CustomerOrders::<T>::iter() {
			ensure!(!ids.is_empty(), TryRuntimeError::Other("an empty customer list is stored"));
			for id in ids {
				ensure!(
					Orders::<T>::contains_key(id),
					TryRuntimeError::Other("a customer lists a gone order")
				);
			}
		}
		Ok(())
	}

	/// The escrow books of each asset are the open orders' remaining value, and the escrow
	/// account holds them plus its minimum balance.
	fn check_escrow() -> Result<(), TryRuntimeError> {
		let mut owed: BTreeMap<AssetKeyOf<T>, u128> = BTreeMap::new();
		for (_, o) in Orders::<T>::iter() {
			let rest: u128 =
				o.escrowed.saturating_sub(o.paid).saturating_sub(o.taken).saturated_into();
			*owed.entry(o.asset).or_default() += rest;
		}
		let account = Self::escrow_account();
		for (asset, booked) in Escrow::<T>::iter() {
			let booked_u: u128 = booked.saturated_into();
			ensure!(
				owed.remove(&asset).unwrap_or_default() == booked_u,
				TryRuntimeError::Other("escrow books != the open orders' remaining value")
			);
			if !booked.is_zero() {
				let kind = Self::kind(asset);
				let min = T::Funds::minimum_balance(kind.clone());
				ensure!(
					T::Funds::balance(kind, &account) >= booked.saturating_add(min),
					TryRuntimeError::Other("the escrow account holds less than its books")
				);
			}
		}
		ensure!(
			owed.values().all(|v| *v == 0),
			TryRuntimeError::Other("open orders owed in an asset without books")
		);
		Ok(())
	}

	/// Every slot belongs to an open order of the same device, with the order's terms, and
	/// was never allotted more than it bought.
	fn check_slots() -> Result<(), TryRuntimeError> {
		for (device, slots) in DeviceOrders::<T>::iter() {
			ensure!(!slots.is_empty(), TryRuntimeError::Other("an empty slot list is stored"));
			for s in slots {
				let o = Orders::<T>::get(s.order)
					.ok_or(TryRuntimeError::Other("a slot of a gone order"))?;
				ensure!(
					o.device == device && o.delivered_after_removal.is_none(),
					TryRuntimeError::Other("a slot with another device's order")
				);
				ensure!(
					(s.offer, s.units_per_epoch, s.start, s.end)
						== (o.offer, o.units_per_epoch, o.start, o.end),
					TryRuntimeError::Other("a slot's terms differ from its order's")
				);
				let most =
					u128::from(s.units_per_epoch) * u128::from(s.end.saturating_sub(s.start));
				ensure!(
					u128::from(s.delivered) <= most,
					TryRuntimeError::Other("a slot got more than it bought")
				);
			}
		}
		Ok(())
	}

	/// Offers are indexed by device and counted by owner.
	fn check_offers() -> Result<(), TryRuntimeError> {
		let mut by_owner: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (id, offer) in Offers::<T>::iter() {
			ensure!(
				DeviceOffers::<T>::get(offer.device).contains(&id),
				TryRuntimeError::Other("an offer missing from its device's list")
			);
			*by_owner.entry(offer.owner).or_default() += 1;
		}
		for (device, ids) in DeviceOffers::<T>::iter() {
			ensure!(!ids.is_empty(), TryRuntimeError::Other("an empty offer list is stored"));
			for id in ids {
				ensure!(
					Offers::<T>::get(id).is_some_and(|o| o.device == device),
					TryRuntimeError::Other("a device lists another's or a gone offer")
				);
			}
		}
		for (owner, count) in OwnerOffers::<T>::iter() {
			ensure!(
				by_owner.remove(&owner) == Some(count),
				TryRuntimeError::Other("an owner's offer count is wrong")
			);
		}
		ensure!(by_owner.is_empty(), TryRuntimeError::Other("an owner's offers are not counted"));
		Ok(())
	}
}
