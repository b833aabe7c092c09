//! The records the registry keeps and the payloads that devices and makers sign.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{DeviceClassId, DeviceId, DeviceStatus, Location, ProofKind, WorkUnits};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_core::{sr25519, H256};

/// Index of an approved (or applying) maker.
pub type MakerId = u32;

/// Longest name of a class or a maker, in bytes.
pub const MAX_NAME_LEN: u32 = 32;
/// Longest content id in device metadata, in bytes (a binary CIDv1 with a sha2-256 digest takes
/// 36).
pub const MAX_CONTENT_ID_LEN: u32 = 64;
/// Most device ids one page of [`crate::runtime_api::DeviceRegistryApi::devices_of`] returns.
pub const MAX_PAGE_SIZE: u32 = 256;

/// Domain tag of the payload a device key signs to prove that the registering account holds it.
pub const POSSESSION_TAG: &[u8] = b"depin/device-possession/v1";
/// Domain tag of the payload a maker key signs to vouch for a device key.
pub const ATTESTATION_TAG: &[u8] = b"depin/maker-attestation/v1";

/// A bounded, human-readable name (UTF-8 by convention; not checked).
pub type Name = BoundedVec<u8, ConstU32<MAX_NAME_LEN>>;
/// A bounded content id (for example an IPFS CID in binary form).
pub type ContentId = BoundedVec<u8, ConstU32<MAX_CONTENT_ID_LEN>>;

/// A device class: what kind of device it is, how its work is proven and what it costs to join.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct DeviceClass<Balance> {
	/// Name shown to operators ("LoRa hotspot", "storage node 8 TB", ...).
	pub name: Name,
	/// How devices of the class prove their work. Fixed once the class exists.
	pub proof_kind: ProofKind,
	/// Bond held from the owner for each device registered from now on. Devices already
	/// registered keep the bond they posted.
	pub bond: Balance,
	/// Relative share of the operators' emission that the class receives.
	pub reward_weight: u32,
	/// The most units one device of the class may have accepted in one epoch.
	pub max_units_per_epoch: WorkUnits,
	/// Whether registration needs an approved maker's signature over the device key.
	pub requires_maker: bool,
	/// Whether registration needs a location.
	pub requires_location: bool,
}

/// Where a maker stands with governance.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum MakerStatus {
	/// Applied with a bond; waiting for the admin origin.
	Pending,
	/// May attest devices; its devices may report.
	Approved,
	/// No longer trusted: its attestations are refused and its devices read as suspended.
	Revoked,
}

/// A device manufacturer whose key vouches for device keys.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Maker<AccountId, Balance> {
	/// The account that applied and whose balance holds the maker bond.
	pub account: AccountId,
	/// The key the maker signs device attestations with.
	pub key: sr25519::Public,
	/// Name shown to operators.
	pub name: Name,
	/// Bond held from `account` (zero once revoked).
	pub bond: Balance,
	/// Where the maker stands.
	pub status: MakerStatus,
	/// Devices registered with the maker's attestation so far (never decreases).
	pub attested: u32,
}

/// Bounded metadata an owner publishes about a device.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct DeviceMetadata {
	/// Hash of the firmware the device runs, if published.
	pub firmware_hash: Option<H256>,
	/// Content id of a longer description off chain (empty if none).
	pub content_id: ContentId,
}

/// A registered device.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Device<AccountId, Balance, BlockNumber> {
	/// The account that registered (or accepted) the device; it receives its rewards.
	pub owner: AccountId,
	/// The device's class.
	pub class: DeviceClassId,
	/// The maker that attested the key, if any. Cleared when governance reinstates a device of
	/// a revoked maker.
	pub maker: Option<MakerId>,
	/// Status as stored. A device of a revoked maker reads as `Suspended` (see
	/// [`crate::Pallet::effective_status`]).
	pub status: DeviceStatus,
	/// Bond held from `owner` for this device (reduced by slashes, zero once retired).
	pub bond: Balance,
	/// Registered location, if any.
	pub location: Option<Location>,
	/// Block at which the location was last set.
	pub location_changed_at: Option<BlockNumber>,
	/// How many times the location was changed after registration.
	pub location_changes: u32,
	/// What the owner published about the device.
	pub metadata: DeviceMetadata,
	/// Block of registration (or of the last transfer).
	pub registered_at: BlockNumber,
	/// While deregistering: the first block at which the bond may be withdrawn.
	pub unbonding_until: Option<BlockNumber>,
}

/// A device's proof that the registering account holds its key: the device key's signature over
/// [`possession_payload`].
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct PossessionProof<BlockNumber> {
	/// Last block at which the proof may be used; part of the signed payload.
	pub valid_until: BlockNumber,
	/// The device key's signature.
	pub signature: sr25519::Signature,
}

/// A maker's signature over [`attestation_payload`], vouching for a device key.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct MakerAttestation {
	/// The maker that signed.
	pub maker: MakerId,
	/// The maker key's signature.
	pub signature: sr25519::Signature,
}

/// Parameters the admin origin may change, each within bounds set by the runtime.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Default,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct RegistryParams<Balance, BlockNumber> {
	/// Fewest blocks between two location changes of one device.
	pub location_interval: BlockNumber,
	/// Fee burned from the owner for each location change.
	pub location_fee: Balance,
	/// Blocks between deregistration and the bond's release.
	pub unbonding_period: BlockNumber,
	/// Bond a maker posts when applying.
	pub maker_bond: Balance,
	/// Most devices one maker may attest, ever: a leaked maker key registers at most this many
	/// devices before governance revokes the maker. Raising it lets every maker attest more;
	/// lowering it stops makers above it from attesting again.
	pub maker_device_cap: u32,
}

/// The bytes a device key signs to prove possession: SCALE encoding of
/// `(POSSESSION_TAG, owner, genesis_hash, valid_until)`.
///
/// The owner binds the proof to one account, the genesis hash to one chain, and `valid_until`
/// limits how long a leaked proof can be replayed (for example after the device was sold and
/// retired).
pub fn possession_payload<AccountId: Encode, Hash: Encode, BlockNumber: Encode>(
	owner: &AccountId,
	genesis_hash: &Hash,
	valid_until: &BlockNumber,
) -> alloc::vec::Vec<u8> {
	(POSSESSION_TAG, owner, genesis_hash, valid_until).encode()
}

/// The bytes a maker key signs to vouch for a device key: SCALE encoding of
/// `(ATTESTATION_TAG, device, class, genesis_hash)`.
pub fn attestation_payload<Hash: Encode>(
	device: &DeviceId,
	class: DeviceClassId,
	genesis_hash: &Hash,
) -> alloc::vec::Vec<u8> {
	(ATTESTATION_TAG, device, class, genesis_hash).encode()
}
