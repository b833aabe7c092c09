//! The pallet's invariants, checked after every test and by try-runtime.

use crate::pallet::*;
use depin_primitives::{DeviceClassId, EpochIndex, WorkUnits};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::{traits::Saturating, Permill};

impl<T: Config> Pallet<T> {
	/// The invariants:
	/// - every class sum of the current epoch equals the sum of the units of the class's
	///   records of the current epoch; a closed epoch's class sum is at least the units of its
	///   records still held (the others moved on); no record or sum is of a future epoch;
	/// - a device punished for the current epoch carries no units in it;
	/// - a settled record is of a closed epoch;
	/// - the challenge set has no gaps, and each slot and commitment point at each other;
	/// - every open challenge is of the current epoch and listed in it, or of an older epoch
	///   only while its epoch's list is gone (never: rollover clears them);
	/// - scores in storage are below 100%;
	/// - a cell's work is of the current epoch or an earlier one; coverage rules are within
	///   bounds;
	/// - the held fraud bonds equal the open reports' bonds, and there are at most
	///   `MaxOpenFraudReports` of them;
	/// - the quality oracles' invariants (see `check_quality`).
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let current = CurrentEpoch::<T>::get();
		for rule in CoverageRules::<T>::iter_values() {
			Self::check_coverage_rule(&rule).map_err(|_| "coverage rule out of bounds")?;
		}
		for (epoch, _) in CellWork::<T>::iter_values() {
			ensure!(epoch <= current.index, "cell work of a future epoch");
		}
		let mut sums: BTreeMap<(EpochIndex, DeviceClassId), WorkUnits> = BTreeMap::new();
		for (_device, work) in Ledger::<T>::iter() {
			ensure!(work.epoch <= current.index, "device record of a future epoch");
			if work.epoch == current.index {
				ensure!(!work.settled, "an open epoch's work was handed on");
				if work.punished_for(current.index) {
					ensure!(work.units == 0, "an equivocated device keeps units in an open epoch");
				}
			}
			let sum = sums.entry((work.epoch, work.class)).or_default();
			*sum = sum.checked_add(work.units).ok_or("record sum overflows")?;
		}
		for (epoch, class, units) in ClassUnits::<T>::iter() {
			ensure!(epoch <= current.index, "class sum for a future epoch");
			let held = sums.remove(&(epoch, class)).unwrap_or(0);
			if epoch == current.index {
				ensure!(units == held, "class sum differs from the records of the open epoch");
			} else {
				ensure!(units >= held, "class sum below the records of a closed epoch");
			}
		}
		for ((epoch, _), units) in sums {
			ensure!(
				units == 0 || epoch < Pruning::<T>::get().epoch,
				"record units missing from the class sums"
			);
		}

		let count = Challengeable::<T>::count();
		let mut slots = 0u32;
		for (slot, device) in Challengeable::<T>::iter() {
			ensure!(slot < count, "challenge set has a gap");
			let commitment = Commitments::<T>::get(device).ok_or("slot without commitment")?;
			ensure!(commitment.slot == slot, "commitment points to another slot");
			slots += 1;
		}
		ensure!(slots == count, "challenge set count is wrong");
		ensure!(
			Commitments::<T>::iter().count() as u32 == count,
			"commitment outside the challenge set"
		);
		ensure!(Commitments::<T>::iter_values().all(|c| c.chunks > 0), "empty commitment");

		let listed = EpochChallenges::<T>::get();
		for (device, challenge) in Challenges::<T>::iter() {
			ensure!(challenge.epoch == current.index, "challenge outlived its epoch");
			ensure!(listed.contains(&device), "challenge missing from the epoch's list");
		}
		ensure!(Scores::<T>::iter_values().all(|s| s < Permill::one()), "a full score is stored");

		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for report in FraudReports::<T>::iter_values() {
			let h = held.entry(report.reporter.clone()).or_default();
			*h = h.saturating_add(report.bond);
		}
		ensure!(
			FraudReports::<T>::count() <= T::MaxOpenFraudReports::get(),
			"too many fraud reports"
		);
		for (who, amount) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::FraudReportBond.into(), &who) == amount,
				"fraud bonds held differ from the open reports"
			);
		}
		ensure!(Pruning::<T>::get().epoch <= current.index, "pruning is ahead of the clock");
		Self::check_quality()
	}
}
