//! Registering and deregistering devices, their bonds, locations and metadata, and the helpers the other calls share.

use crate::{pallet::*, types::*};
use depin_primitives::{DeviceClassId, DeviceId, DeviceStatus, Location, OnDeviceRemoved};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{InspectHold, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Zero},
	ArithmeticError,
};

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// Registers `device` for `owner` without a possession proof, in a class of `kind` that
	/// needs no maker (created if none exists), funding the owner for the bond. For the
	/// benchmarks of pallets that need registered devices.
	pub fn register_for_benchmark(
		owner: &T::AccountId,
		device: DeviceId,
		kind: depin_primitives::ProofKind,
		location: Option<Location>,
	) -> Result<DeviceClassId, DispatchError> {
		let existing = Classes::<T>::iter()
			.find(|(_, c)| c.proof_kind == kind && !c.requires_maker)
			.map(|(id, _)| id);
		let class_id = match existing {
			Some(id) => id,
			None => Self::do_create_class(DeviceClass {
				name: Name::truncate_from(b"benchmark".to_vec()),
				proof_kind: kind,
				bond: T::MinClassBond::get(),
				reward_weight: 1,
				max_units_per_epoch: T::MaxUnitsPerEpoch::get(),
				requires_maker: false,
				requires_location: false,
			})?,
		};
		let class = Classes::<T>::get(class_id).ok_or(Error::<T>::ClassNotFound)?;
		let funds = class
			.bond
			.saturating_mul(2u32.into())
			.saturating_add(
				<T::Currency as frame_support::traits::fungible::Inspect<_>>::minimum_balance(),
			)
			.saturating_add(<T::Currency as frame_support::traits::fungible::Inspect<_>>::balance(
				owner,
			));
		T::Currency::set_balance(owner, funds);
		Self::add_to_index(owner, device)?;
		Self::hold_device_bond(owner, class.bond)?;
		let now = frame_system::Pallet::<T>::block_number();
		Devices::<T>::insert(
			device,
			Device {
				owner: owner.clone(),
				class: class_id,
				maker: None,
				status: DeviceStatus::Active,
				bond: class.bond,
				location_changed_at: location.map(|_| now),
				location,
				location_changes: 0,
				metadata: Default::default(),
				registered_at: now,
				unbonding_until: None,
			},
		);
		Ok(class_id)
	}
}

impl<T: Config> Pallet<T> {
	/// The hash of block 0, which every signed payload names so that it is valid on one chain.
	pub fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// The status other pallets see: the stored status, except that an active device attested
	/// by a maker that is no longer approved reads as `Suspended`. O(1): revoking a maker
	/// touches none of its devices.
	pub fn effective_status(device: &DeviceOf<T>) -> DeviceStatus {
		if device.status == DeviceStatus::Active {
			if let Some(maker) = device.maker {
				let approved =
					Makers::<T>::get(maker).is_some_and(|m| m.status == MakerStatus::Approved);
				if !approved {
					return DeviceStatus::Suspended;
				}
			}
		}
		device.status
	}

	pub(crate) fn device_of_owner(
		who: &T::AccountId,
		device: &DeviceId,
	) -> Result<DeviceOf<T>, DispatchError> {
		let record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		ensure!(&record.owner == who, Error::<T>::NotDeviceOwner);
		Ok(record)
	}

	pub(crate) fn ensure_live(record: &DeviceOf<T>) -> DispatchResult {
		ensure!(
			matches!(record.status, DeviceStatus::Active | DeviceStatus::Suspended),
			Error::<T>::DeviceNotLive
		);
		Ok(())
	}

	pub(crate) fn check_location(location: &Location) -> DispatchResult {
		location.validate().map_err(|_| Error::<T>::InvalidLocation.into())
	}

	pub(crate) fn device_bond_reason() -> T::RuntimeHoldReason {
		HoldReason::DeviceBond.into()
	}

	pub(crate) fn maker_bond_reason() -> T::RuntimeHoldReason {
		HoldReason::MakerBond.into()
	}

	/// Holds `amount` from `who` as a device bond, or fails with `BondNotAffordable`.
	pub(crate) fn hold_device_bond(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		let reason = Self::device_bond_reason();
		ensure!(T::Currency::can_hold(&reason, who, amount), Error::<T>::BondNotAffordable);
		T::Currency::hold(&reason, who, amount)
	}

	/// Releases exactly the recorded bond of a device to `who`.
	pub(crate) fn release_device_bond(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::release(&Self::device_bond_reason(), who, amount, Precision::Exact)?;
		}
		Ok(())
	}

	pub(crate) fn remove_from_index(owner: &T::AccountId, device: &DeviceId) {
		OwnerDevices::<T>::mutate_exists(owner, |maybe| {
			if let Some(list) = maybe {
				list.retain(|d| d != device);
				if list.is_empty() {
					*maybe = None;
				}
			}
		});
	}

	pub(crate) fn add_to_index(owner: &T::AccountId, device: DeviceId) -> DispatchResult {
		OwnerDevices::<T>::try_mutate(owner, |list| {
			list.try_push(device).map_err(|_| Error::<T>::TooManyDevices.into())
		})
	}

	pub(crate) fn do_register(
		owner: T::AccountId,
		device: DeviceId,
		class_id: DeviceClassId,
		proof: PossessionProof<BlockNumberFor<T>>,
		attestation: Option<MakerAttestation>,
		location: Option<Location>,
		metadata: DeviceMetadata,
	) -> DispatchResult {
		if let Some(existing) = Devices::<T>::get(device) {
			if existing.status == DeviceStatus::Retired {
				return Err(Error::<T>::DeviceKeyRetired.into());
			}
			return Err(Error::<T>::DeviceAlreadyRegistered.into());
		}
		let class = Classes::<T>::get(class_id).ok_or(Error::<T>::ClassNotFound)?;

		let now = frame_system::Pallet::<T>::block_number();
		ensure!(proof.valid_until >= now, Error::<T>::ProofExpired);
		let latest =
			now.checked_add(&T::MaxProofValidity::get()).ok_or(ArithmeticError::Overflow)?;
		ensure!(proof.valid_until <= latest, Error::<T>::ProofValidityTooLong);
		let genesis = Self::genesis_hash();
		let payload = possession_payload(&owner, &genesis, &proof.valid_until);
		ensure!(
			sp_io::crypto::sr25519_verify(&proof.signature, &payload, &device),
			Error::<T>::InvalidPossessionProof
		);

		let mut attested = None;
		let maker = match attestation {
			Some(att) => {
				let mut maker = Makers::<T>::get(att.maker).ok_or(Error::<T>::MakerNotFound)?;
				ensure!(maker.status == MakerStatus::Approved, Error::<T>::MakerNotApproved);
				ensure!(
					maker.attested < Params::<T>::get().maker_device_cap,
					Error::<T>::MakerDeviceCapReached
				);
				let payload = attestation_payload(&device, class_id, &genesis);
				ensure!(
					sp_io::crypto::sr25519_verify(&att.signature, &payload, &maker.key),
					Error::<T>::InvalidMakerAttestation
				);
				// Below the cap, so below u32::MAX.
				maker.attested = maker.attested.saturating_add(1);
				attested = Some((att.maker, maker));
				Some(att.maker)
			},
			None => {
				ensure!(!class.requires_maker, Error::<T>::MakerAttestationRequired);
				None
			},
		};

		match &location {
			Some(l) => Self::check_location(l)?,
			None => ensure!(!class.requires_location, Error::<T>::LocationRequired),
		}

		Self::add_to_index(&owner, device)?;
		Self::hold_device_bond(&owner, class.bond)?;
		if let Some((id, record)) = attested {
			Makers::<T>::insert(id, record);
		}

		Devices::<T>::insert(
			device,
			Device {
				owner: owner.clone(),
				class: class_id,
				maker,
				status: DeviceStatus::Active,
				bond: class.bond,
				location_changed_at: location.map(|_| now),
				location,
				location_changes: 0,
				metadata,
				registered_at: now,
				unbonding_until: None,
			},
		);
		Self::deposit_event(Event::DeviceRegistered {
			device,
			owner,
			class: class_id,
			maker,
			bond: class.bond,
		});
		Ok(())
	}

	pub(crate) fn do_deregister(who: T::AccountId, device: DeviceId) -> DispatchResult {
		let mut record = Self::device_of_owner(&who, &device)?;
		Self::ensure_live(&record)?;
		let now = frame_system::Pallet::<T>::block_number();
		let until = now
			.checked_add(&Params::<T>::get().unbonding_period)
			.ok_or(ArithmeticError::Overflow)?;
		record.status = DeviceStatus::Deregistering;
		record.unbonding_until = Some(until);
		Devices::<T>::insert(device, record);
		TransferOffers::<T>::remove(device);
		Self::deposit_event(Event::DeviceDeregistered {
			device,
			owner: who,
			unbonding_until: until,
		});
		Ok(())
	}

	pub(crate) fn do_withdraw_bond(who: T::AccountId, device: DeviceId) -> DispatchResult {
		let record = Self::device_of_owner(&who, &device)?;
		ensure!(record.status == DeviceStatus::Deregistering, Error::<T>::DeviceNotDeregistering);
		let now = frame_system::Pallet::<T>::block_number();
		// A deregistering device always has an end of unbonding; treat a missing one as over.
		if let Some(until) = record.unbonding_until {
			ensure!(now >= until, Error::<T>::UnbondingNotOver);
		}
		Self::release_device_bond(&who, record.bond)?;
		Self::remove_from_index(&who, &device);
		Devices::<T>::remove(device);
		T::OnDeviceRemoved::on_device_removed(&device, &who);
		Self::deposit_event(Event::BondWithdrawn { device, owner: who, amount: record.bond });
		Ok(())
	}

	pub(crate) fn do_set_location(
		who: T::AccountId,
		device: DeviceId,
		location: Location,
	) -> DispatchResult {
		let mut record = Self::device_of_owner(&who, &device)?;
		Self::ensure_live(&record)?;
		Self::check_location(&location)?;
		let now = frame_system::Pallet::<T>::block_number();
		let params = Params::<T>::get();
		if let Some(last) = record.location_changed_at {
			ensure!(
				now >= last.saturating_add(params.location_interval),
				Error::<T>::LocationChangedTooSoon
			);
		}
		if !params.location_fee.is_zero() {
			T::Currency::burn_from(
				&who,
				params.location_fee,
				Preservation::Preserve,
				Precision::Exact,
				Fortitude::Polite,
			)
			.map_err(|_| Error::<T>::LocationFeeNotAffordable)?;
		}
		record.location = Some(location);
		record.location_changed_at = Some(now);
		// A count of changes, not money: clamping at u32::MAX is harmless.
		record.location_changes = record.location_changes.saturating_add(1);
		let changes = record.location_changes;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::LocationChanged {
			device,
			location,
			fee: params.location_fee,
			changes,
		});
		Ok(())
	}

	pub(crate) fn do_set_metadata(
		who: T::AccountId,
		device: DeviceId,
		metadata: DeviceMetadata,
	) -> DispatchResult {
		let mut record = Self::device_of_owner(&who, &device)?;
		Self::ensure_live(&record)?;
		record.metadata = metadata;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::MetadataChanged { device });
		Ok(())
	}
}
