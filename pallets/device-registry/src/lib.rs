#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod config;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
mod makers;
#[cfg(test)]
mod mock;
mod registration;
mod registry;
pub mod runtime_api;
mod status;
#[cfg(test)]
mod tests;
mod transfer;
pub mod types;
mod views;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use depin_primitives::{DeviceClassId, DeviceId, Location, OnDeviceRemoved, WorkUnits};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{self, Inspect, MutateHold},
			OnUnbalanced,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::sr25519;

	/// The balance type of the pallet's currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// Funds taken from a hold by a slash, on their way to [`Config::OnSlash`].
	pub type CreditOf<T> =
		fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;
	/// A device record as stored.
	pub type DeviceOf<T> =
		Device<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// A maker record as stored.
	pub type MakerOf<T> = Maker<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
	/// A class record as stored.
	pub type DeviceClassOf<T> = DeviceClass<BalanceOf<T>>;
	/// The parameters as stored.
	pub type ParamsOf<T> = RegistryParams<BalanceOf<T>, BlockNumberFor<T>>;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the registry holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A device's bond, held from its owner until the device is deregistered and unbonded.
		DeviceBond,
		/// A maker's bond, held from the maker's account while it is pending or approved.
		MakerBond,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: bonds are held in it and location fees burned from it.
		type Currency: fungible::Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::BalancedHold<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Manages classes, makers and parameters, and may suspend, reinstate and retire
		/// devices: the DAO in the runtime.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Where slashed bonds go (the treasury pot, or a burn).
		type OnSlash: OnUnbalanced<CreditOf<Self>>;

		/// Told when a device is removed for good (its bond withdrawn), so that the pallets
		/// that keep records of it remove them: the work ledger and reward emission.
		type OnDeviceRemoved: OnDeviceRemoved<Self::AccountId>;

		/// Most devices one account may own at once (the bound of its device index).
		#[pallet::constant]
		type MaxDevicesPerOwner: Get<u32>;

		/// Most device classes. Other pallets visit every class at an epoch close, so keep it
		/// small.
		#[pallet::constant]
		type MaxClasses: Get<u32>;

		/// Most makers on record (pending, approved and revoked).
		#[pallet::constant]
		type MaxMakers: Get<u32>;

		/// How far ahead of the current block a possession proof may expire.
		#[pallet::constant]
		type MaxProofValidity: Get<BlockNumberFor<Self>>;

		/// Smallest bond a class may ask.
		#[pallet::constant]
		type MinClassBond: Get<BalanceOf<Self>>;

		/// Largest bond a class may ask.
		#[pallet::constant]
		type MaxClassBond: Get<BalanceOf<Self>>;

		/// Largest reward weight of a class.
		#[pallet::constant]
		type MaxRewardWeight: Get<u32>;

		/// Largest per-epoch unit limit of a class.
		#[pallet::constant]
		type MaxUnitsPerEpoch: Get<WorkUnits>;

		/// Largest location fee the admin origin may set.
		#[pallet::constant]
		type MaxLocationFee: Get<BalanceOf<Self>>;

		/// Longest interval between location changes the admin origin may set.
		#[pallet::constant]
		type MaxLocationInterval: Get<BlockNumberFor<Self>>;

		/// Shortest unbonding period the admin origin may set.
		#[pallet::constant]
		type MinUnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// Longest unbonding period the admin origin may set.
		#[pallet::constant]
		type MaxUnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// Smallest maker bond the admin origin may set.
		#[pallet::constant]
		type MinMakerBond: Get<BalanceOf<Self>>;

		/// Largest maker bond the admin origin may set.
		#[pallet::constant]
		type MaxMakerBond: Get<BalanceOf<Self>>;

		/// Weights of the calls, from the benchmarks.
		type WeightInfo: WeightInfo;
	}

	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// Longest class or maker name, in bytes.
		pub fn max_name_len() -> u32 {
			MAX_NAME_LEN
		}
		/// Longest content id in device metadata, in bytes.
		pub fn max_content_id_len() -> u32 {
			MAX_CONTENT_ID_LEN
		}
	}

	/// Parameters the admin origin may change: location interval and fee, unbonding period,
	/// maker bond.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, DefaultParams<T>>;

	/// Parameters before genesis sets them: the lowest values the runtime allows.
	#[pallet::type_value]
	pub fn DefaultParams<T: Config>() -> ParamsOf<T> {
		RegistryParams {
			location_interval: Zero::zero(),
			location_fee: Zero::zero(),
			unbonding_period: T::MinUnbondingPeriod::get(),
			maker_bond: T::MinMakerBond::get(),
			maker_device_cap: 1,
		}
	}

	/// Device classes by id.
	#[pallet::storage]
	pub type Classes<T: Config> =
		CountedStorageMap<_, Twox64Concat, DeviceClassId, DeviceClassOf<T>, OptionQuery>;

	/// The id the next class will get.
	#[pallet::storage]
	pub type NextClassId<T: Config> = StorageValue<_, DeviceClassId, ValueQuery>;

	/// Makers by id: pending applications, approved and revoked makers.
	#[pallet::storage]
	pub type Makers<T: Config> =
		CountedStorageMap<_, Twox64Concat, MakerId, MakerOf<T>, OptionQuery>;

	/// The id the next maker application will get.
	#[pallet::storage]
	pub type NextMakerId<T: Config> = StorageValue<_, MakerId, ValueQuery>;

	/// Devices by their key: live ones, and retired keys that may never register again.
	#[pallet::storage]
	pub type Devices<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, DeviceId, DeviceOf<T>, OptionQuery>;

	/// The devices each account owns (every device that is not retired), in registration order.
	#[pallet::storage]
	pub type OwnerDevices<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<DeviceId, T::MaxDevicesPerOwner>,
		ValueQuery,
	>;

	/// Open offers to transfer a device: device → the account that may accept it.
	#[pallet::storage]
	pub type TransferOffers<T: Config> =
		StorageMap<_, Blake2_128Concat, DeviceId, T::AccountId, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Parameters at genesis; must lie within the runtime's bounds.
		pub params: ParamsOf<T>,
		/// Device classes at genesis; they get ids 0, 1, 2, ... in this order.
		pub classes: Vec<DeviceClassOf<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let params = if self.params == ParamsOf::<T>::default() {
				DefaultParams::<T>::get()
			} else {
				self.params.clone()
			};
			Pallet::<T>::check_params(&params).expect("genesis registry parameters out of bounds");
			Params::<T>::put(params);
			for class in &self.classes {
				Pallet::<T>::do_create_class(class.clone()).expect("genesis device class invalid");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A device was registered and its bond held.
		DeviceRegistered {
			/// The device key.
			device: DeviceId,
			/// Its owner.
			owner: T::AccountId,
			/// Its class.
			class: DeviceClassId,
			/// The maker that attested it, if any.
			maker: Option<MakerId>,
			/// The bond held from the owner.
			bond: BalanceOf<T>,
		},
		/// A device was deregistered; its bond unbonds until `unbonding_until`.
		DeviceDeregistered {
			/// The device key.
			device: DeviceId,
			/// Its owner.
			owner: T::AccountId,
			/// First block at which the bond may be withdrawn.
			unbonding_until: BlockNumberFor<T>,
		},
		/// A deregistered device's bond was released and the device removed.
		BondWithdrawn {
			/// The device key.
			device: DeviceId,
			/// The owner that got the bond back.
			owner: T::AccountId,
			/// The amount released.
			amount: BalanceOf<T>,
		},
		/// A device's location was set or changed.
		LocationChanged {
			/// The device key.
			device: DeviceId,
			/// The new location.
			location: Location,
			/// The fee burned from the owner.
			fee: BalanceOf<T>,
			/// Location changes of the device so far.
			changes: u32,
		},
		/// A device's metadata was replaced.
		MetadataChanged {
			/// The device key.
			device: DeviceId,
		},
		/// An owner offered a device to another account.
		TransferOffered {
			/// The device key.
			device: DeviceId,
			/// The current owner.
			from: T::AccountId,
			/// The account that may accept.
			to: T::AccountId,
		},
		/// An offer to transfer a device was withdrawn.
		TransferCancelled {
			/// The device key.
			device: DeviceId,
		},
		/// A device changed owner: the new owner's bond is held, the old owner's released.
		DeviceTransferred {
			/// The device key.
			device: DeviceId,
			/// The previous owner.
			from: T::AccountId,
			/// The new owner.
			to: T::AccountId,
			/// The bond released to the previous owner.
			bond_released: BalanceOf<T>,
			/// The bond held from the new owner (the class's current bond).
			bond_held: BalanceOf<T>,
		},
		/// A device class was created.
		ClassCreated {
			/// The new class id.
			class: DeviceClassId,
			/// The class.
			info: DeviceClassOf<T>,
		},
		/// A device class was changed.
		ClassUpdated {
			/// The class id.
			class: DeviceClassId,
			/// The class as it now is.
			info: DeviceClassOf<T>,
		},
		/// An account applied to be a maker and its bond was held.
		MakerApplied {
			/// The maker id.
			maker: MakerId,
			/// The applying account.
			account: T::AccountId,
			/// The key it will attest with.
			key: sr25519::Public,
			/// The bond held.
			bond: BalanceOf<T>,
		},
		/// A maker was approved and may attest devices.
		MakerApproved {
			/// The maker id.
			maker: MakerId,
		},
		/// A maker was revoked (or its application rejected); its devices read as suspended.
		MakerRevoked {
			/// The maker id.
			maker: MakerId,
			/// Bond taken to the slash destination.
			slashed: BalanceOf<T>,
			/// Bond returned to the maker's account.
			released: BalanceOf<T>,
		},
		/// A device was suspended and may not report until reinstated.
		DeviceSuspended {
			/// The device key.
			device: DeviceId,
		},
		/// A suspended device was reinstated.
		DeviceReinstated {
			/// The device key.
			device: DeviceId,
		},
		/// A device was retired by governance: its bond was slashed and its key may never
		/// register again.
		DeviceRetired {
			/// The device key.
			device: DeviceId,
			/// The bond slashed.
			slashed: BalanceOf<T>,
		},
		/// Part of a device's bond was slashed.
		DeviceSlashed {
			/// The device key.
			device: DeviceId,
			/// The amount slashed.
			amount: BalanceOf<T>,
			/// The part of `amount` paid to whoever proved the fraud; the rest went to the
			/// slash destination.
			rewarded: BalanceOf<T>,
		},
		/// The parameters were changed.
		ParamsChanged {
			/// The new parameters.
			params: ParamsOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The device key is already registered.
		DeviceAlreadyRegistered,
		/// The device key was retired by governance and may never register again.
		DeviceKeyRetired,
		/// The device key did not sign this owner, this chain's genesis hash and this expiry.
		InvalidPossessionProof,
		/// The possession proof expired: sign a new one with a later `valid_until`.
		ProofExpired,
		/// The possession proof's `valid_until` is further ahead than `MaxProofValidity`.
		ProofValidityTooLong,
		/// No device class has this id.
		ClassNotFound,
		/// The owner's free balance cannot cover the class bond (keeping the existential
		/// deposit).
		BondNotAffordable,
		/// The account already owns `MaxDevicesPerOwner` devices.
		TooManyDevices,
		/// No device has this key.
		DeviceNotFound,
		/// The caller does not own the device.
		NotDeviceOwner,
		/// The class requires a location and none was given.
		LocationRequired,
		/// Latitude or longitude out of range (micro-degrees within ±90° and ±180°).
		InvalidLocation,
		/// The location was changed less than `location_interval` blocks ago.
		LocationChangedTooSoon,
		/// The owner's free balance cannot cover the location fee.
		LocationFeeNotAffordable,
		/// The class requires a maker attestation and none was given.
		MakerAttestationRequired,
		/// No maker has this id.
		MakerNotFound,
		/// The maker is not approved (pending or revoked).
		MakerNotApproved,
		/// The maker key did not sign this device key, class and genesis hash.
		InvalidMakerAttestation,
		/// The device is deregistering or retired; this needs an active or suspended device.
		DeviceNotLive,
		/// The bond can only be withdrawn from a deregistering device.
		DeviceNotDeregistering,
		/// The unbonding period has not ended yet.
		UnbondingNotOver,
		/// The device is not active.
		DeviceNotActive,
		/// The device is not suspended.
		DeviceNotSuspended,
		/// The device is already retired.
		DeviceAlreadyRetired,
		/// The device has no open transfer offer.
		NoTransferOffer,
		/// The open offer names another account.
		NotTransferRecipient,
		/// A device cannot be transferred to its owner.
		TransferToSelf,
		/// `MaxClasses` classes exist already.
		TooManyClasses,
		/// A name must not be empty.
		EmptyName,
		/// The class bond lies outside [`MinClassBond`, `MaxClassBond`].
		ClassBondOutOfBounds,
		/// The reward weight exceeds `MaxRewardWeight`.
		RewardWeightOutOfBounds,
		/// The per-epoch unit limit is zero or exceeds `MaxUnitsPerEpoch`.
		MaxUnitsOutOfBounds,
		/// A class's proof kind cannot change once the class exists.
		ProofKindFixed,
		/// `MaxMakers` makers are on record already.
		TooManyMakers,
		/// The applicant's free balance cannot cover the maker bond.
		MakerBondNotAffordable,
		/// The maker is not pending approval.
		MakerNotPending,
		/// The maker is already revoked.
		MakerAlreadyRevoked,
		/// The location fee exceeds `MaxLocationFee`.
		LocationFeeOutOfBounds,
		/// The location interval exceeds `MaxLocationInterval`.
		LocationIntervalOutOfBounds,
		/// The unbonding period lies outside [`MinUnbondingPeriod`, `MaxUnbondingPeriod`].
		UnbondingPeriodOutOfBounds,
		/// The maker bond lies outside [`MinMakerBond`, `MaxMakerBond`].
		MakerBondOutOfBounds,
		/// The maker device cap must be at least 1 (revoke a maker to stop it attesting).
		MakerDeviceCapOutOfBounds,
		/// The maker has attested as many devices as `maker_device_cap` allows.
		MakerDeviceCapReached,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxDevicesPerOwner::get() > 0, "MaxDevicesPerOwner must be positive");
			assert!(T::MaxClasses::get() > 0, "MaxClasses must be positive");
			assert!(T::MinClassBond::get() <= T::MaxClassBond::get(), "class bond bounds crossed");
			assert!(T::MinMakerBond::get() <= T::MaxMakerBond::get(), "maker bond bounds crossed");
			assert!(
				T::MinUnbondingPeriod::get() <= T::MaxUnbondingPeriod::get(),
				"unbonding period bounds crossed"
			);
			assert!(T::MaxUnitsPerEpoch::get() > 0, "MaxUnitsPerEpoch must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Registers `device` to the caller in `class` and holds the class bond.
		///
		/// `proof` is the device key's signature over [`possession_payload`] of the caller,
		/// the genesis hash and `proof.valid_until`. A class that requires a maker needs
		/// `attestation`, an approved maker's signature over [`attestation_payload`]; a class
		/// that requires a location needs `location`.
		///
		/// Errors: `DeviceAlreadyRegistered`, `DeviceKeyRetired`, `ClassNotFound`,
		/// `ProofExpired`, `ProofValidityTooLong`, `InvalidPossessionProof`,
		/// `MakerAttestationRequired`, `MakerNotFound`, `MakerNotApproved`,
		/// `MakerDeviceCapReached`, `InvalidMakerAttestation`, `LocationRequired`,
		/// `InvalidLocation`, `TooManyDevices`, `BondNotAffordable`.
		#[pallet::call_index(0)]
		pub fn register_device(
			origin: OriginFor<T>,
			device: DeviceId,
			class: DeviceClassId,
			proof: PossessionProof<BlockNumberFor<T>>,
			attestation: Option<MakerAttestation>,
			location: Option<Location>,
			metadata: DeviceMetadata,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register(owner, device, class, proof, attestation, location, metadata)
		}

		/// Deregisters a device the caller owns: it stops reporting at once and its bond may be
		/// withdrawn after the unbonding period (during which it can still be slashed).
		///
		/// Errors: `DeviceNotFound`, `NotDeviceOwner`, `DeviceNotLive`.
		#[pallet::call_index(1)]
		pub fn deregister_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deregister(who, device)
		}

		/// Releases the bond of a deregistered device once its unbonding period is over, and
		/// removes the device. The key may register again afterwards.
		///
		/// Errors: `DeviceNotFound`, `NotDeviceOwner`, `DeviceNotDeregistering`,
		/// `UnbondingNotOver`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw_bond().saturating_add(T::OnDeviceRemoved::weight()))]
		pub fn withdraw_bond(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_bond(who, device)
		}

		/// Sets the location of a device the caller owns and burns the location fee. At most
		/// one change per `location_interval` blocks.
		///
		/// Errors: `DeviceNotFound`, `NotDeviceOwner`, `DeviceNotLive`, `InvalidLocation`,
		/// `LocationChangedTooSoon`, `LocationFeeNotAffordable`.
		#[pallet::call_index(3)]
		pub fn set_location(
			origin: OriginFor<T>,
			device: DeviceId,
			location: Location,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_location(who, device, location)
		}

		/// Replaces the metadata (firmware hash, content id) of a device the caller owns.
		///
		/// Errors: `DeviceNotFound`, `NotDeviceOwner`, `DeviceNotLive`.
		#[pallet::call_index(4)]
		pub fn set_metadata(
			origin: OriginFor<T>,
			device: DeviceId,
			metadata: DeviceMetadata,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_metadata(who, device, metadata)
		}

		/// Offers a device the caller owns to `to`, who takes it with `accept_transfer`. A new
		/// offer replaces an open one.
		///
		/// Errors: `DeviceNotFound`, `NotDeviceOwner`, `DeviceNotLive`, `TransferToSelf`.
		#[pallet::call_index(5)]
		pub fn offer_transfer(
			origin: OriginFor<T>,
			device: DeviceId,
			to: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_transfer(who, device, to)
		}

		/// Withdraws the open transfer offer of a device the caller owns.
		///
		/// Errors: `DeviceNotFound`, `NotDeviceOwner`, `NoTransferOffer`.
		#[pallet::call_index(6)]
		pub fn cancel_transfer(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_transfer(who, device)
		}

		/// Accepts a device offered to the caller: the class's current bond is held from the
		/// caller and the previous owner's bond is released.
		///
		/// Errors: `DeviceNotFound`, `NoTransferOffer`, `NotTransferRecipient`,
		/// `DeviceNotLive`, `ClassNotFound`, `TooManyDevices`, `BondNotAffordable`.
		#[pallet::call_index(7)]
		pub fn accept_transfer(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_transfer(who, device)
		}

		/// Creates a device class (admin origin). It gets the next free id.
		///
		/// Errors: `TooManyClasses`, `EmptyName`, `ClassBondOutOfBounds`,
		/// `RewardWeightOutOfBounds`, `MaxUnitsOutOfBounds`.
		#[pallet::call_index(8)]
		pub fn create_class(origin: OriginFor<T>, class: DeviceClassOf<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_create_class(class).map(|_| ())
		}

		/// Changes a device class (admin origin). The proof kind is fixed; a new bond applies
		/// to devices registered or transferred from now on.
		///
		/// Errors: `ClassNotFound`, `ProofKindFixed`, `EmptyName`, `ClassBondOutOfBounds`,
		/// `RewardWeightOutOfBounds`, `MaxUnitsOutOfBounds`.
		#[pallet::call_index(9)]
		pub fn update_class(
			origin: OriginFor<T>,
			class_id: DeviceClassId,
			class: DeviceClassOf<T>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_update_class(class_id, class)
		}

		/// Applies to be a maker that attests device keys with `key`; holds the maker bond
		/// from the caller until the admin origin decides.
		///
		/// Errors: `EmptyName`, `TooManyMakers`, `MakerBondNotAffordable`.
		#[pallet::call_index(10)]
		pub fn apply_as_maker(
			origin: OriginFor<T>,
			key: sr25519::Public,
			name: Name,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_apply_as_maker(who, key, name)
		}

		/// Approves a pending maker (admin origin).
		///
		/// Errors: `MakerNotFound`, `MakerNotPending`.
		#[pallet::call_index(11)]
		pub fn approve_maker(origin: OriginFor<T>, maker: MakerId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_approve_maker(maker)
		}

		/// Revokes a maker or rejects its application (admin origin). A rejected application
		/// is removed; a revoked maker stays on record and every device it attested reads as
		/// suspended, without a loop over them. With `slash` the bond goes to the slash
		/// destination, otherwise back to the maker.
		///
		/// Errors: `MakerNotFound`, `MakerAlreadyRevoked`.
		#[pallet::call_index(12)]
		pub fn revoke_maker(origin: OriginFor<T>, maker: MakerId, slash: bool) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_revoke_maker(maker, slash)
		}

		/// Suspends an active device (admin origin): it may not report until reinstated.
		///
		/// Errors: `DeviceNotFound`, `DeviceNotActive`.
		#[pallet::call_index(13)]
		pub fn suspend_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_suspend(device, true)
		}

		/// Reinstates a suspended device (admin origin). A device suspended because its maker
		/// was revoked is detached from that maker: governance vouches for it now.
		///
		/// Errors: `DeviceNotFound`, `DeviceNotSuspended`.
		#[pallet::call_index(14)]
		pub fn reinstate_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_reinstate(device)
		}

		/// Retires a device for good (admin origin), for fraud: its whole bond is slashed, it
		/// leaves its owner's index and its key may never register again.
		///
		/// Errors: `DeviceNotFound`, `DeviceAlreadyRetired`.
		#[pallet::call_index(15)]
		pub fn retire_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_retire(device)
		}

		/// Sets the parameters (admin origin), each within the runtime's bounds.
		///
		/// Errors: `LocationFeeOutOfBounds`, `LocationIntervalOutOfBounds`,
		/// `UnbondingPeriodOutOfBounds`, `MakerBondOutOfBounds`, `MakerDeviceCapOutOfBounds`.
		#[pallet::call_index(16)]
		pub fn set_params(origin: OriginFor<T>, params: ParamsOf<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::check_params(&params)?;
			Params::<T>::put(params.clone());
			Self::deposit_event(Event::ParamsChanged { params });
			Ok(())
		}
	}
}
