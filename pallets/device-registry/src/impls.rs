//! The logic behind the calls, the `DeviceRegistry` trait and the invariants.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use depin_primitives::{
	ClassInfo, DeviceClassId, DeviceId, DeviceRegistry, DeviceStatus, Location,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Balanced, BalancedHold, InspectHold, Mutate, MutateHold},
		tokens::imbalance::Imbalance,
		tokens::{Fortitude, Precision, Preservation},
		OnUnbalanced,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::sr25519;
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Zero},
	ArithmeticError, Perbill,
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

	fn device_of_owner(
		who: &T::AccountId,
		device: &DeviceId,
	) -> Result<DeviceOf<T>, DispatchError> {
		let record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		ensure!(&record.owner == who, Error::<T>::NotDeviceOwner);
		Ok(record)
	}

	fn ensure_live(record: &DeviceOf<T>) -> DispatchResult {
		ensure!(
			matches!(record.status, DeviceStatus::Active | DeviceStatus::Suspended),
			Error::<T>::DeviceNotLive
		);
		Ok(())
	}

	fn check_location(location: &Location) -> DispatchResult {
		location.validate().map_err(|_| Error::<T>::InvalidLocation.into())
	}

	fn device_bond_reason() -> T::RuntimeHoldReason {
		HoldReason::DeviceBond.into()
	}

	fn maker_bond_reason() -> T::RuntimeHoldReason {
		HoldReason::MakerBond.into()
	}

	/// Holds `amount` from `who` as a device bond, or fails with `BondNotAffordable`.
	fn hold_device_bond(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		let reason = Self::device_bond_reason();
		ensure!(T::Currency::can_hold(&reason, who, amount), Error::<T>::BondNotAffordable);
		T::Currency::hold(&reason, who, amount)
	}

	/// Releases exactly the recorded bond of a device to `who`.
	fn release_device_bond(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::release(&Self::device_bond_reason(), who, amount, Precision::Exact)?;
		}
		Ok(())
	}

	fn remove_from_index(owner: &T::AccountId, device: &DeviceId) {
		OwnerDevices::<T>::mutate_exists(owner, |maybe| {
			if let Some(list) = maybe {
				list.retain(|d| d != device);
				if list.is_empty() {
					*maybe = None;
				}
			}
		});
	}

	fn add_to_index(owner: &T::AccountId, device: DeviceId) -> DispatchResult {
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

		let maker = match attestation {
			Some(att) => {
				let maker = Makers::<T>::get(att.maker).ok_or(Error::<T>::MakerNotFound)?;
				ensure!(maker.status == MakerStatus::Approved, Error::<T>::MakerNotApproved);
				let payload = attestation_payload(&device, class_id, &genesis);
				ensure!(
					sp_io::crypto::sr25519_verify(&att.signature, &payload, &maker.key),
					Error::<T>::InvalidMakerAttestation
				);
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

	pub(crate) fn do_offer_transfer(
		who: T::AccountId,
		device: DeviceId,
		to: T::AccountId,
	) -> DispatchResult {
		let record = Self::device_of_owner(&who, &device)?;
		Self::ensure_live(&record)?;
		ensure!(to != who, Error::<T>::TransferToSelf);
		TransferOffers::<T>::insert(device, to.clone());
		Self::deposit_event(Event::TransferOffered { device, from: who, to });
		Ok(())
	}

	pub(crate) fn do_cancel_transfer(who: T::AccountId, device: DeviceId) -> DispatchResult {
		Self::device_of_owner(&who, &device)?;
		ensure!(TransferOffers::<T>::contains_key(device), Error::<T>::NoTransferOffer);
		TransferOffers::<T>::remove(device);
		Self::deposit_event(Event::TransferCancelled { device });
		Ok(())
	}

	pub(crate) fn do_accept_transfer(who: T::AccountId, device: DeviceId) -> DispatchResult {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		let to = TransferOffers::<T>::get(device).ok_or(Error::<T>::NoTransferOffer)?;
		ensure!(to == who, Error::<T>::NotTransferRecipient);
		Self::ensure_live(&record)?;
		let class = Classes::<T>::get(record.class).ok_or(Error::<T>::ClassNotFound)?;

		let from = record.owner.clone();
		Self::add_to_index(&who, device)?;
		Self::hold_device_bond(&who, class.bond)?;
		Self::release_device_bond(&from, record.bond)?;
		Self::remove_from_index(&from, &device);
		TransferOffers::<T>::remove(device);

		let released = record.bond;
		record.owner = who.clone();
		record.bond = class.bond;
		record.registered_at = frame_system::Pallet::<T>::block_number();
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceTransferred {
			device,
			from,
			to: who,
			bond_released: released,
			bond_held: class.bond,
		});
		Ok(())
	}

	fn check_class(class: &DeviceClassOf<T>) -> DispatchResult {
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

	pub(crate) fn do_apply_as_maker(
		who: T::AccountId,
		key: sr25519::Public,
		name: Name,
	) -> DispatchResult {
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		ensure!(Makers::<T>::count() < T::MaxMakers::get(), Error::<T>::TooManyMakers);
		let bond = Params::<T>::get().maker_bond;
		let reason = Self::maker_bond_reason();
		ensure!(T::Currency::can_hold(&reason, &who, bond), Error::<T>::MakerBondNotAffordable);
		let id = NextMakerId::<T>::get();
		let next = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		T::Currency::hold(&reason, &who, bond)?;
		Makers::<T>::insert(
			id,
			Maker { account: who.clone(), key, name, bond, status: MakerStatus::Pending },
		);
		NextMakerId::<T>::put(next);
		Self::deposit_event(Event::MakerApplied { maker: id, account: who, key, bond });
		Ok(())
	}

	pub(crate) fn do_approve_maker(id: MakerId) -> DispatchResult {
		Makers::<T>::try_mutate(id, |maybe| {
			let maker = maybe.as_mut().ok_or(Error::<T>::MakerNotFound)?;
			ensure!(maker.status == MakerStatus::Pending, Error::<T>::MakerNotPending);
			maker.status = MakerStatus::Approved;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::MakerApproved { maker: id });
		Ok(())
	}

	pub(crate) fn do_revoke_maker(id: MakerId, slash: bool) -> DispatchResult {
		let mut maker = Makers::<T>::get(id).ok_or(Error::<T>::MakerNotFound)?;
		ensure!(maker.status != MakerStatus::Revoked, Error::<T>::MakerAlreadyRevoked);
		let reason = Self::maker_bond_reason();
		let (slashed, released) = if slash {
			let (credit, missing) = T::Currency::slash(&reason, &maker.account, maker.bond);
			let taken = maker.bond.saturating_sub(missing);
			T::OnSlash::on_unbalanced(credit);
			(taken, Zero::zero())
		} else {
			let released =
				T::Currency::release(&reason, &maker.account, maker.bond, Precision::BestEffort)?;
			(Zero::zero(), released)
		};
		if maker.status == MakerStatus::Pending {
			// No device names a maker that was never approved: forget the application.
			Makers::<T>::remove(id);
		} else {
			maker.status = MakerStatus::Revoked;
			maker.bond = Zero::zero();
			Makers::<T>::insert(id, maker);
		}
		Self::deposit_event(Event::MakerRevoked { maker: id, slashed, released });
		Ok(())
	}

	/// Suspends an active device. From the admin call (`strict`) anything but an active device
	/// is an error; through the trait, a device that already cannot report is left as it is.
	pub(crate) fn do_suspend(device: DeviceId, strict: bool) -> DispatchResult {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		if record.status != DeviceStatus::Active {
			ensure!(!strict, Error::<T>::DeviceNotActive);
			return Ok(());
		}
		record.status = DeviceStatus::Suspended;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceSuspended { device });
		Ok(())
	}

	pub(crate) fn do_reinstate(device: DeviceId) -> DispatchResult {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		ensure!(
			Self::effective_status(&record) == DeviceStatus::Suspended,
			Error::<T>::DeviceNotSuspended
		);
		if let Some(maker) = record.maker {
			if Makers::<T>::get(maker).is_none_or(|m| m.status != MakerStatus::Approved) {
				record.maker = None;
			}
		}
		record.status = DeviceStatus::Active;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceReinstated { device });
		Ok(())
	}

	pub(crate) fn do_retire(device: DeviceId) -> DispatchResult {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		ensure!(record.status != DeviceStatus::Retired, Error::<T>::DeviceAlreadyRetired);
		let bond = record.bond;
		let slashed = Self::slash_bond(&mut record, bond);
		Self::remove_from_index(&record.owner, &device);
		TransferOffers::<T>::remove(device);
		record.status = DeviceStatus::Retired;
		record.unbonding_until = None;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceRetired { device, slashed });
		Ok(())
	}

	/// Takes up to `amount` of the recorded bond to the slash destination and lowers the
	/// record by what was taken. Returns what was taken.
	fn slash_bond(record: &mut DeviceOf<T>, amount: BalanceOf<T>) -> BalanceOf<T> {
		Self::slash_bond_rewarding(record, amount, None).0
	}

	/// Slashes up to `amount` of the bond; `reward` of what was taken goes to the rewardee (if
	/// it can receive it), the rest to `OnSlash`. Returns what was taken and what was paid.
	fn slash_bond_rewarding(
		record: &mut DeviceOf<T>,
		amount: BalanceOf<T>,
		reward: Option<(&T::AccountId, Perbill)>,
	) -> (BalanceOf<T>, BalanceOf<T>) {
		let amount = amount.min(record.bond);
		if amount.is_zero() {
			return (amount, Zero::zero());
		}
		let (mut credit, missing) =
			T::Currency::slash(&Self::device_bond_reason(), &record.owner, amount);
		let taken = amount.saturating_sub(missing);
		let mut rewarded = Zero::zero();
		if let Some((rewardee, share)) = reward {
			let (to_rewardee, rest) = credit.split(share.mul_floor(taken));
			credit = rest;
			let offered = to_rewardee.peek();
			// An account that cannot receive the reward (below the existential deposit) leaves
			// it to the slash destination.
			match T::Currency::resolve(rewardee, to_rewardee) {
				Ok(()) => rewarded = offered,
				Err(unpaid) => credit.subsume(unpaid),
			}
		}
		T::OnSlash::on_unbalanced(credit);
		record.bond = record.bond.saturating_sub(taken);
		(taken, rewarded)
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
		Ok(())
	}

	/// A device as the runtime API shows it: the stored record with its effective status.
	pub fn device_view(device: &DeviceId) -> Option<DeviceOf<T>> {
		Devices::<T>::get(device).map(|mut d| {
			d.status = Self::effective_status(&d);
			d
		})
	}

	/// One page of an owner's devices, in registration order; at most [`MAX_PAGE_SIZE`].
	pub fn devices_of(owner: &T::AccountId, page: u32, page_size: u32) -> Vec<DeviceId> {
		let size = page_size.min(MAX_PAGE_SIZE) as usize;
		let start = (page as usize).saturating_mul(size);
		OwnerDevices::<T>::get(owner).into_iter().skip(start).take(size).collect()
	}

	/// Every class, in increasing id order (storage iterates in hash order). Bounded by
	/// `MaxClasses`.
	pub fn classes() -> Vec<(DeviceClassId, DeviceClassOf<T>)> {
		let mut all: Vec<_> = Classes::<T>::iter().collect();
		all.sort_unstable_by_key(|(id, _)| *id);
		all
	}

	/// Every maker on record, in increasing id order. Bounded by `MaxMakers`.
	pub fn makers() -> Vec<(MakerId, MakerOf<T>)> {
		let mut all: Vec<_> = Makers::<T>::iter().collect();
		all.sort_unstable_by_key(|(id, _)| *id);
		all
	}

	/// The registry's invariants:
	/// - every device that is not retired is in its owner's index exactly once, and the index
	///   holds nothing else;
	/// - each account's `DeviceBond` hold equals the sum of its devices' recorded bonds, and
	///   retired devices record no bond;
	/// - each account's `MakerBond` hold equals the sum of its makers' recorded bonds, and
	///   revoked makers record none;
	/// - counted maps' counters match their entries and stay within their limits;
	/// - devices name existing classes and makers; transfer offers name live devices and not
	///   their owner.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;

		let mut devices = 0u32;
		let mut live = 0u32;
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, d) in Devices::<T>::iter() {
			devices += 1;
			ensure!(Classes::<T>::contains_key(d.class), "device names an unknown class");
			if let Some(m) = d.maker {
				ensure!(Makers::<T>::contains_key(m), "device names an unknown maker");
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

impl<T: Config> DeviceRegistry<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn owner(device: &DeviceId) -> Option<T::AccountId> {
		Devices::<T>::get(device).map(|d| d.owner)
	}

	fn class(device: &DeviceId) -> Option<DeviceClassId> {
		Devices::<T>::get(device).map(|d| d.class)
	}

	fn status(device: &DeviceId) -> Option<DeviceStatus> {
		Devices::<T>::get(device).map(|d| Self::effective_status(&d))
	}

	fn location(device: &DeviceId) -> Option<Location> {
		Devices::<T>::get(device).and_then(|d| d.location)
	}

	fn reporting(device: &DeviceId) -> Option<(DeviceStatus, DeviceClassId)> {
		Devices::<T>::get(device).map(|d| (Self::effective_status(&d), d.class))
	}

	fn class_info(class: DeviceClassId) -> Option<ClassInfo> {
		Classes::<T>::get(class).map(|c| ClassInfo {
			proof_kind: c.proof_kind,
			reward_weight: c.reward_weight,
			max_units_per_epoch: c.max_units_per_epoch,
		})
	}

	fn devices_of(owner: &T::AccountId) -> Vec<DeviceId> {
		OwnerDevices::<T>::get(owner).into_inner()
	}

	fn class_ids() -> Vec<DeviceClassId> {
		let mut ids: Vec<_> = Classes::<T>::iter_keys().collect();
		ids.sort_unstable();
		ids
	}

	fn slash(device: &DeviceId, amount: BalanceOf<T>) -> Result<BalanceOf<T>, DispatchError> {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		let taken = Self::slash_bond(&mut record, amount);
		if !taken.is_zero() {
			Devices::<T>::insert(device, record);
			Self::deposit_event(Event::DeviceSlashed {
				device: *device,
				amount: taken,
				rewarded: Zero::zero(),
			});
		}
		Ok(taken)
	}

	fn slash_rewarding(
		device: &DeviceId,
		amount: BalanceOf<T>,
		rewardee: &T::AccountId,
		reward: Perbill,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), DispatchError> {
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::DeviceNotFound)?;
		let (taken, rewarded) =
			Self::slash_bond_rewarding(&mut record, amount, Some((rewardee, reward)));
		if !taken.is_zero() {
			Devices::<T>::insert(device, record);
			Self::deposit_event(Event::DeviceSlashed { device: *device, amount: taken, rewarded });
		}
		Ok((taken, rewarded))
	}

	fn suspend(device: &DeviceId) -> DispatchResult {
		Self::do_suspend(*device, false)
	}
}
