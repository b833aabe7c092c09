//! The registry's invariants, checked after every test and under `try-runtime`.

use crate::{pallet::*, types::*};
use depin_primitives::DeviceStatus;
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use sp_runtime::traits::{CheckedAdd, Zero};

impl<T: Config> Pallet<T> {
	/// The registry's invariants:
	/// - every device that is not retired is in its owner's index exactly once, and the index
	///   holds nothing else;
	/// - each account's `DeviceBond` hold equals the sum of its devices' recorded bonds, and
	///   retired devices record no bond;
	/// - each account's `MakerBond` hold equals the sum of its makers' recorded bonds, and
	///   revoked makers record none;
	/// - counted maps' counters match their entries and stay within their limits;
	/// - devices name existing classes and makers, and no maker is named by more devices than
	///   it attested (its count, which the device cap bounds, never falls behind); transfer
	///   offers name live devices and not their owner.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;

		let mut devices = 0u32;
		let mut live = 0u32;
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut by_maker: BTreeMap<MakerId, u32> = BTreeMap::new();
		for (id, d) in Devices::<T>::iter() {
			devices += 1;
			ensure!(Classes::<T>::contains_key(d.class), "device names an unknown class");
			if let Some(m) = d.maker {
				ensure!(Makers::<T>::contains_key(m), "device names an unknown maker");
				*by_maker.entry(m).or_default() += 1;
			}
			let indexed = OwnerDevices::<T>::get(&d.owner).iter().filter(|x| **x == id).count();
			if d.status == DeviceStatus::Retired {
				ensure!(d.bond.is_zero(), "retired device records a bond");
				ensure!(indexed == 0, "retired device in an owner index");
			} else {
				live += 1;
				ensure!(indexed == 1, "device not exactly once in its owner's index");
				let entry = bonds.entry(d.owner.clone()).or_insert_with(Zero::zero);
				*entry = entry.checked_add(&d.bond).ok_or("bond sum overflows")?;
			}
			ensure!(
				(d.status == DeviceStatus::Deregistering) == d.unbonding_until.is_some(),
				"only deregistering devices have an end of unbonding"
			);
		}
		ensure!(devices == Devices::<T>::count(), "device counter differs from the devices");

		let mut indexed = 0u32;
		for (owner, list) in OwnerDevices::<T>::iter() {
			ensure!(!list.is_empty(), "empty owner index kept");
			for id in list.iter() {
				let d = Devices::<T>::get(id).ok_or("owner index names an unknown device")?;
				ensure!(d.owner == owner, "owner index names another owner's device");
				indexed += 1;
			}
			let held = T::Currency::balance_on_hold(&Self::device_bond_reason(), &owner);
			let recorded = bonds.remove(&owner).unwrap_or_else(Zero::zero);
			ensure!(held == recorded, "held device bond differs from the recorded bonds");
		}
		ensure!(bonds.is_empty(), "a device owner has no index");
		ensure!(indexed == live, "owner indexes do not match the live devices");

		let mut classes = 0u32;
		let next_class = NextClassId::<T>::get();
		for (id, _) in Classes::<T>::iter() {
			classes += 1;
			ensure!(id < next_class, "class id not below the next id");
		}
		ensure!(classes == Classes::<T>::count(), "class counter differs from the classes");
		ensure!(classes <= T::MaxClasses::get(), "more classes than MaxClasses");

		let mut makers = 0u32;
		let next_maker = NextMakerId::<T>::get();
		let mut maker_bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, m) in Makers::<T>::iter() {
			makers += 1;
			ensure!(id < next_maker, "maker id not below the next id");
			if m.status == MakerStatus::Revoked {
				ensure!(m.bond.is_zero(), "revoked maker records a bond");
			}
			let entry = maker_bonds.entry(m.account.clone()).or_insert_with(Zero::zero);
			*entry = entry.checked_add(&m.bond).ok_or("maker bond sum overflows")?;
			ensure!(
				by_maker.get(&id).copied().unwrap_or(0) <= m.attested,
				"more devices name a maker than it attested"
			);
		}
		ensure!(makers == Makers::<T>::count(), "maker counter differs from the makers");
		ensure!(makers <= T::MaxMakers::get(), "more makers than MaxMakers");
		for (account, recorded) in maker_bonds {
			let held = T::Currency::balance_on_hold(&Self::maker_bond_reason(), &account);
			ensure!(held == recorded, "held maker bond differs from the recorded bonds");
		}

		for (id, to) in TransferOffers::<T>::iter() {
			let d = Devices::<T>::get(id).ok_or("transfer offer for an unknown device")?;
			ensure!(
				matches!(d.status, DeviceStatus::Active | DeviceStatus::Suspended),
				"transfer offer for a device that is not live"
			);
			ensure!(d.owner != to, "transfer offer to the owner");
		}
		Self::check_params(&Params::<T>::get()).map_err(|_| "parameters out of bounds")?;
		Ok(())
	}
}
