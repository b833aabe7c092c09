//! What governance sets: device classes and the registry's parameters, checked against the runtime's bounds.

use crate::pallet::*;
use depin_primitives::DeviceClassId;
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::ArithmeticError;

impl<T: Config> Pallet<T> {
	pub(crate) fn check_class(class: &DeviceClassOf<T>) -> DispatchResult {
		ensure!(!class.name.is_empty(), Error::<T>::EmptyName);
		ensure!(
			class.bond >= T::MinClassBond::get() && class.bond <= T::MaxClassBond::get(),
			Error::<T>::ClassBondOutOfBounds
		);
		ensure!(
			class.reward_weight <= T::MaxRewardWeight::get(),
			Error::<T>::RewardWeightOutOfBounds
		);
		ensure!(
			class.max_units_per_epoch > 0
				&& class.max_units_per_epoch <= T::MaxUnitsPerEpoch::get(),
			Error::<T>::MaxUnitsOutOfBounds
		);
		Ok(())
	}

	pub(crate) fn do_create_class(class: DeviceClassOf<T>) -> Result<DeviceClassId, DispatchError> {
		ensure!(Classes::<T>::count() < T::MaxClasses::get(), Error::<T>::TooManyClasses);
		Self::check_class(&class)?;
		let id = NextClassId::<T>::get();
		let next = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		Classes::<T>::insert(id, class.clone());
		NextClassId::<T>::put(next);
		Self::deposit_event(Event::ClassCreated { class: id, info: class });
		Ok(id)
	}

	pub(crate) fn do_update_class(id: DeviceClassId, class: DeviceClassOf<T>) -> DispatchResult {
		let old = Classes::<T>::get(id).ok_or(Error::<T>::ClassNotFound)?;
		ensure!(old.proof_kind == class.proof_kind, Error::<T>::ProofKindFixed);
		Self::check_class(&class)?;
		Classes::<T>::insert(id, class.clone());
		Self::deposit_event(Event::ClassUpdated { class: id, info: class });
		Ok(())
	}

	/// Checks parameters against the runtime's bounds.
	pub fn check_params(params: &ParamsOf<T>) -> DispatchResult {
		ensure!(
			params.location_fee <= T::MaxLocationFee::get(),
			Error::<T>::LocationFeeOutOfBounds
		);
		ensure!(
			params.location_interval <= T::MaxLocationInterval::get(),
			Error::<T>::LocationIntervalOutOfBounds
		);
		ensure!(
			params.unbonding_period >= T::MinUnbondingPeriod::get()
				&& params.unbonding_period <= T::MaxUnbondingPeriod::get(),
			Error::<T>::UnbondingPeriodOutOfBounds
		);
		ensure!(
			params.maker_bond >= T::MinMakerBond::get()
				&& params.maker_bond <= T::MaxMakerBond::get(),
			Error::<T>::MakerBondOutOfBounds
		);
		ensure!(params.maker_device_cap >= 1, Error::<T>::MakerDeviceCapOutOfBounds);
		Ok(())
	}
}
