//! Reads of the ledger for the other pallets and the runtime API, and the parameters' bounds.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use depin_primitives::{DeviceClassId, DeviceId, EpochIndex, WorkLedger, WorkUnits};
use frame_support::{ensure, pallet_prelude::*, traits::fungible::Inspect};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// The hash of block 0, which every signed payload names so that it is valid on one chain.
	pub fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// The oldest epoch whose work the ledger still holds.
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
		Ok(())
	}
}

impl<T: Config> WorkLedger for Pallet<T> {
	fn device_units(epoch: EpochIndex, device: &DeviceId) -> WorkUnits {
		Ledger::<T>::get(epoch, device).map(|e| e.units).unwrap_or(0)
	}

	fn device_work(epoch: EpochIndex, device: &DeviceId) -> Option<(DeviceClassId, WorkUnits)> {
		Ledger::<T>::get(epoch, device).map(|e| (e.class, e.units))
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
}
