//! The per-device ledger: each device's latest epoch, handing closed epochs on to
//! `OnWorkClosed` exactly once, removing a device's records with it; reads of the ledger for
//! the other pallets and the runtime API; the parameters' bounds.

use crate::{pallet::*, types::*, weights::WeightInfo as _};
use alloc::vec::Vec;
use depin_primitives::{
	DeviceClassId, DeviceId, EpochIndex, EpochWork, OnDeviceRemoved, OnWorkClosed, WorkLedger,
	WorkUnits,
};
use frame_support::{ensure, pallet_prelude::*, traits::fungible::Inspect};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// The hash of block 0, which every signed payload names so that it is valid on one chain.
	pub fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// The device's record to credit in `epoch` (the current one), given what the ledger holds
	/// for it: the same record if it is of `epoch`, else a new one, after handing the older
	/// (closed) epoch's work on. Returns it and whether work was handed on.
	pub(crate) fn record_for(
		device: &DeviceId,
		held: Option<DeviceWork>,
		epoch: EpochIndex,
		class: DeviceClassId,
	) -> (DeviceWork, bool) {
		match held {
			Some(work) if work.epoch >= epoch => (work, false),
			Some(old) => {
				let handed = Self::hand_on(device, &old);
				let mut new = DeviceWork::empty(epoch, class);
				new.punished_up_to = old.punished_up_to;
				(new, handed)
			},
			None => (DeviceWork::empty(epoch, class), false),
		}
	}

	/// Hands a closed epoch's work to `OnWorkClosed`, unless it was handed on already or is
	/// empty. Returns whether it did.
	fn hand_on(device: &DeviceId, work: &DeviceWork) -> bool {
		if work.settled || work.units.is_zero() {
			return false;
		}
		T::OnWorkClosed::on_work_closed(
			device,
			EpochWork { epoch: work.epoch, class: work.class, units: work.units },
		);
		true
	}

	/// Hands the device's latest work on if its epoch has closed, and marks it so. Returns
	/// whether it did.
	pub(crate) fn do_settle(device: &DeviceId) -> bool {
		let current = CurrentEpoch::<T>::get().index;
		Ledger::<T>::mutate(device, |slot| match slot {
			Some(work) if work.epoch < current && Self::hand_on(device, work) => {
				work.settled = true;
				true
			},
			_ => false,
		})
	}

	/// Removes everything the pallet keeps for a device that left the registry, after handing
	/// its closed work on. Work of the open epoch stays in its class's sum: its share of the
	/// class's pool expires unclaimed.
	pub(crate) fn remove_device(device: &DeviceId) {
		Self::do_settle(device);
		Ledger::<T>::remove(device);
		Scores::<T>::remove(device);
		PostedScores::<T>::remove(device);
		Challenges::<T>::remove(device);
		BeaconPairs::<T>::remove(device);
		if let Some(commitment) = Commitments::<T>::get(device) {
			Self::remove_challengeable(device, commitment.slot);
		}
	}

	/// The oldest epoch whose class sums the ledger still holds.
	pub fn oldest_retained_epoch() -> EpochIndex {
		CurrentEpoch::<T>::get().index.saturating_sub(T::RetainedEpochs::get())
	}

	/// Each class's verified units in `epoch`.
	pub fn class_units_of(epoch: EpochIndex) -> Vec<(DeviceClassId, WorkUnits)> {
		let mut sums: Vec<_> = ClassUnits::<T>::iter_prefix(epoch).collect();
		sums.sort_unstable_by_key(|(class, _)| *class);
		sums
	}

	/// Checks parameters against the runtime's bounds.
	pub fn check_params(params: &ParamsOf<T>) -> DispatchResult {
		ensure!(
			params.epoch_length >= T::MinEpochLength::get()
				&& params.epoch_length <= T::MaxEpochLength::get(),
			Error::<T>::EpochLengthOutOfBounds
		);
		ensure!(!params.max_reading_age.is_zero(), Error::<T>::ReadingAgeOutOfBounds);
		ensure!(
			params.challenges_per_epoch <= T::MaxChallengesPerEpoch::get(),
			Error::<T>::ChallengesOutOfBounds
		);
		ensure!(
			!params.response_window.is_zero() && params.response_window <= params.epoch_length,
			Error::<T>::ResponseWindowOutOfBounds
		);
		ensure!(
			params.max_witnesses >= 1 && params.max_witnesses <= MAX_WITNESSES,
			Error::<T>::WitnessCapOutOfBounds
		);
		ensure!(
			params.min_witness_distance_m <= params.max_witness_distance_m,
			Error::<T>::WitnessDistanceOutOfBounds
		);
		ensure!(
			params.fraud_report_bond >= T::Currency::minimum_balance(),
			Error::<T>::FraudBondOutOfBounds
		);
		let quality = &params.quality;
		ensure!(
			quality.oracle_bond >= T::Currency::minimum_balance()
				&& quality.dispute_bond >= T::Currency::minimum_balance(),
			Error::<T>::QualityBondOutOfBounds
		);
		ensure!(
			!quality.dispute_window.is_zero() && quality.dispute_window < params.epoch_length,
			Error::<T>::DisputeWindowOutOfBounds
		);
		Self::check_coverage_rule(&params.coverage)
	}

	/// Checks a coverage rule's bounds.
	pub fn check_coverage_rule(rule: &CoverageRule) -> DispatchResult {
		ensure!((1..=360_000_000).contains(&rule.cell_udeg), Error::<T>::CellSizeOutOfBounds);
		ensure!(rule.cell_units >= 1, Error::<T>::CellUnitsOutOfBounds);
		Ok(())
	}

	/// The coverage rule of `class`: its own, or the parameters' default.
	pub fn coverage_rule(class: DeviceClassId, params: &ParamsOf<T>) -> CoverageRule {
		CoverageRules::<T>::get(class).unwrap_or(params.coverage)
	}
}

impl<T: Config> WorkLedger for Pallet<T> {
	fn latest_work(device: &DeviceId) -> Option<EpochWork> {
		Ledger::<T>::get(device).filter(|w| !w.settled).map(|w| EpochWork {
			epoch: w.epoch,
			class: w.class,
			units: w.units,
		})
	}

	fn class_units(epoch: EpochIndex, class: DeviceClassId) -> WorkUnits {
		ClassUnits::<T>::get(epoch, class)
	}

	fn is_closed(epoch: EpochIndex) -> bool {
		epoch < CurrentEpoch::<T>::get().index
	}

	fn retained_epochs() -> EpochIndex {
		T::RetainedEpochs::get()
	}

	fn settle(device: &DeviceId) -> Weight {
		if Self::do_settle(device) {
			Self::settle_weight()
		} else {
			T::DbWeight::get().reads(2)
		}
	}

	fn settle_weight() -> Weight {
		T::DbWeight::get().reads_writes(2, 1).saturating_add(T::OnWorkClosed::weight())
	}
}

impl<T: Config> OnDeviceRemoved<T::AccountId> for Pallet<T> {
	fn on_device_removed(device: &DeviceId, _owner: &T::AccountId) {
		Self::remove_device(device)
	}

	fn weight() -> Weight {
		// With the oracle score's removal, which the benchmark of 2026-11-22 predates.
		T::WeightInfo::remove_device()
			.saturating_add(T::OnWorkClosed::weight())
			.saturating_add(T::DbWeight::get().writes(1))
	}
}
