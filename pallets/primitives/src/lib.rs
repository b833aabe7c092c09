//! # depin-primitives
//!
//! The vocabulary shared by the DePIN pallets and the traits through which they talk to each
//! other. No pallet names another pallet's `Config`: the device registry, proof of physical
//! work, reward emission, buy-back treasury and DAO pallets each depend on this crate only, and
//! the runtime wires the real implementations together.
//!
//! Every trait has an implementation for `()` that does nothing (or knows nothing), so that a
//! pallet's mock runtime can stand alone, and so that a chain builder can leave a part out.
//!
//! | trait | implemented by | read by |
//! | --- | --- | --- |
//! | [`DeviceRegistry`] | device registry | physical work, reward emission, DAO |
//! | [`EpochClock`] | physical work | reward emission, treasury |
//! | [`WorkLedger`] | physical work | reward emission |
//! | [`OnWorkClosed`] | reward emission | physical work, once per device and closed epoch |
//! | [`OnDeviceRemoved`] | physical work, reward emission | device registry, on withdrawal |
//! | [`OnEpochClosed`] | reward emission (and anyone else) | called by the epoch clock's owner |
//! | [`RevenueSink`] | buy-back treasury | anyone that collects revenue or slashes |
//! | [`VotingPowerBoost`] | reward emission | DAO |
//! | [`OnBurned`] | reward emission | buy-back treasury |
//! | [`StorageDemand`] | service market | physical work, when a storage challenge is answered |
//! | [`ReceiptOrders`] | service market | physical work, for each customer receipt and storage proof |
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::weights::Weight;
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, DispatchResult, Perbill, Permill};

mod location;
pub use location::{Location, LocationError};

/// A device is identified by its own sr25519 public key: the key that signs its work reports.
pub type DeviceId = sp_core::sr25519::Public;

/// A 256-bit hash: data roots, report hashes.
pub use sp_core::H256;

/// Index of a device class (hotspot, storage disk, GPU, sensor, ...), chosen by governance.
pub type DeviceClassId = u32;

/// Index of an epoch: the period over which work is counted and rewards are fixed.
pub type EpochIndex = u32;

/// Verified units of physical work (bytes stored, GPU-seconds, beacons witnessed, kWh, ...).
/// Each class defines what one unit means; the emission pallet only compares units within a
/// class.
pub type WorkUnits = u64;

/// How the work of a device class is proven.
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ProofKind {
	/// Readings signed by the device and checked for freshness and plausibility
	/// (sensors, energy meters, vehicle data, bandwidth counters).
	AttestedTelemetry,
	/// On-chain randomness challenges the device; it answers with a signed proof in a window
	/// (storage, compute liveness).
	ChallengeResponse,
	/// A beacon heard by witnesses at a plausible distance (wireless coverage).
	WitnessedCoverage,
	/// A customer co-signs a receipt for a job the device did (compute jobs, bandwidth sold).
	CustomerReceipt,
}

/// Where a device is in its life.
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum DeviceStatus {
	/// Registered, bonded, and allowed to report work.
	Active,
	/// Temporarily barred from reporting (maker revoked, fraud under review, ...).
	Suspended,
	/// Deregistered; the bond is waiting out its unbonding period.
	Deregistering,
	/// Gone for good; the bond has been withdrawn.
	Retired,
}

impl DeviceStatus {
	/// Whether a device in this status may have work accepted.
	pub fn can_report(&self) -> bool {
		matches!(self, DeviceStatus::Active)
	}
}

/// What the other pallets need to know about a device class.
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
pub struct ClassInfo {
	/// How the class's work is proven.
	pub proof_kind: ProofKind,
	/// The class's relative share of the operators' emission (compared with other classes).
	pub reward_weight: u32,
	/// The most units one device of the class may have accepted in one epoch.
	pub max_units_per_epoch: WorkUnits,
}

/// What the rest of the chain may know about, and do to, a registered device.
///
/// Implemented by the device registry pallet.
pub trait DeviceRegistry<AccountId, Balance> {
	/// The account that owns the device and receives its rewards, if the device is known.
	fn owner(device: &DeviceId) -> Option<AccountId>;
	/// The device's class, if the device is known.
	fn class(device: &DeviceId) -> Option<DeviceClassId>;
	/// The device's status, if the device is known.
	fn status(device: &DeviceId) -> Option<DeviceStatus>;
	/// The device's registered location, if it has one.
	fn location(device: &DeviceId) -> Option<Location>;
	/// What the other pallets need to know about a class, if the class exists.
	fn class_info(class: DeviceClassId) -> Option<ClassInfo>;
	/// The devices `owner` owns (bounded by the registry's per-owner limit). For reads
	/// outside blocks (runtime APIs); the default knows none.
	fn devices_of(_owner: &AccountId) -> Vec<DeviceId> {
		Vec::new()
	}
	/// Every class that exists, in increasing order. Bounded by the registry's class limit, a
	/// small constant, so that an epoch close may visit each class.
	fn class_ids() -> Vec<DeviceClassId>;
	/// How the work of a class is proven, if the class exists.
	fn proof_kind(class: DeviceClassId) -> Option<ProofKind> {
		Self::class_info(class).map(|c| c.proof_kind)
	}
	/// The device's status and class, if the device is known: what a work report is checked
	/// against. Implementations read the device once.
	fn reporting(device: &DeviceId) -> Option<(DeviceStatus, DeviceClassId)> {
		Some((Self::status(device)?, Self::class(device)?))
	}
	/// Whether the device exists and may report work now.
	fn is_active(device: &DeviceId) -> bool {
		Self::status(device).is_some_and(|s| s.can_report())
	}
	/// Whether a maker attested the device (a device of a maker since revoked reads as not
	/// active, see `status`). The default knows no maker.
	fn is_attested(_device: &DeviceId) -> bool {
		false
	}
	/// Takes up to `amount` from the device's bond to the configured slash destination.
	/// Returns what was actually slashed.
	fn slash(device: &DeviceId, amount: Balance) -> Result<Balance, DispatchError>;
	/// Takes up to `amount` from the device's bond and pays `reward` of what was taken to
	/// `rewardee` (the account that proved the fraud); the rest goes where [`Self::slash`]
	/// sends it. Returns what was taken and what was paid to `rewardee`.
	fn slash_rewarding(
		device: &DeviceId,
		amount: Balance,
		rewardee: &AccountId,
		reward: Perbill,
	) -> Result<(Balance, Balance), DispatchError>;
	/// Bars the device from reporting until governance reinstates it.
	fn suspend(device: &DeviceId) -> DispatchResult;
}

impl<AccountId, Balance> DeviceRegistry<AccountId, Balance> for () {
	fn owner(_: &DeviceId) -> Option<AccountId> {
		None
	}
	fn class(_: &DeviceId) -> Option<DeviceClassId> {
		None
	}
	fn status(_: &DeviceId) -> Option<DeviceStatus> {
		None
	}
	fn location(_: &DeviceId) -> Option<Location> {
		None
	}
	fn class_info(_: DeviceClassId) -> Option<ClassInfo> {
		None
	}
	fn class_ids() -> Vec<DeviceClassId> {
		Vec::new()
	}
	fn slash(_: &DeviceId, _: Balance) -> Result<Balance, DispatchError> {
		Err(DispatchError::Other("no device registry"))
	}
	fn slash_rewarding(
		_: &DeviceId,
		_: Balance,
		_: &AccountId,
		_: Perbill,
	) -> Result<(Balance, Balance), DispatchError> {
		Err(DispatchError::Other("no device registry"))
	}
	fn suspend(_: &DeviceId) -> DispatchResult {
		Err(DispatchError::Other("no device registry"))
	}
}

/// The chain's epoch clock.
///
/// Implemented by the physical work pallet, which owns the epoch length.
pub trait EpochClock<BlockNumber> {
	/// The epoch that the current block belongs to.
	fn current_epoch() -> EpochIndex;
	/// The first block of `epoch`, if it can be computed.
	fn epoch_start(epoch: EpochIndex) -> Option<BlockNumber>;
}

impl<BlockNumber> EpochClock<BlockNumber> for () {
	fn current_epoch() -> EpochIndex {
		0
	}
	fn epoch_start(_: EpochIndex) -> Option<BlockNumber> {
		None
	}
}

/// A device's work in one epoch, as the ledger hands it on.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct EpochWork {
	/// The epoch.
	pub epoch: EpochIndex,
	/// The class under which the device was credited: the class whose sum includes the units.
	pub class: DeviceClassId,
	/// The device's verified units in the epoch.
	pub units: WorkUnits,
}

/// Verified work, as the reward pallet (and anyone who pays for work) needs to see it.
///
/// Implemented by the physical work pallet, which keeps one record per device: its latest
/// epoch's work. When that epoch has closed, the record is handed to [`OnWorkClosed`] exactly
/// once (when the device is next credited, when a reader calls [`Self::settle`], or when the
/// device leaves the registry), so the ledger's state does not grow with the epochs.
pub trait WorkLedger {
	/// The device's latest epoch with work, if it has one and it was not settled yet.
	fn latest_work(device: &DeviceId) -> Option<EpochWork>;
	/// Verified units of `device` in `epoch` (0 if none, or if `epoch` is not its latest).
	fn device_units(epoch: EpochIndex, device: &DeviceId) -> WorkUnits {
		Self::latest_work(device).filter(|w| w.epoch == epoch).map_or(0, |w| w.units)
	}
	/// Sum of the verified units of every device of `class` in `epoch` (0 if none, or if the
	/// epoch is older than the ledger keeps sums for).
	fn class_units(epoch: EpochIndex, class: DeviceClassId) -> WorkUnits;
	/// Whether no more work can be accepted for `epoch`.
	fn is_closed(epoch: EpochIndex) -> bool;
	/// How many closed epochs the ledger keeps class sums and accepts fraud proofs for.
	fn retained_epochs() -> EpochIndex;
	/// Hands the device's latest work to [`OnWorkClosed`] now if its epoch has closed and it
	/// was not handed on yet (a claim calls this first). Returns the weight used.
	fn settle(device: &DeviceId) -> Weight;
	/// Most weight [`Self::settle`] uses.
	fn settle_weight() -> Weight;
}

impl WorkLedger for () {
	fn latest_work(_: &DeviceId) -> Option<EpochWork> {
		None
	}
	fn class_units(_: EpochIndex, _: DeviceClassId) -> WorkUnits {
		0
	}
	fn is_closed(_: EpochIndex) -> bool {
		false
	}
	fn retained_epochs() -> EpochIndex {
		0
	}
	fn settle(_: &DeviceId) -> Weight {
		Weight::zero()
	}
	fn settle_weight() -> Weight {
		Weight::zero()
	}
}

/// Told, exactly once per (device, epoch), a device's final work of a closed epoch: reward
/// emission turns it into the device's reward balance. Called from inside report
/// transactions, so it must be O(1).
pub trait OnWorkClosed {
	/// `device` did `work` in a closed epoch.
	fn on_work_closed(device: &DeviceId, work: EpochWork);
	/// Most weight one call uses; the ledger charges it to the transaction that calls.
	fn weight() -> Weight;
}

impl OnWorkClosed for () {
	fn on_work_closed(_: &DeviceId, _: EpochWork) {}
	fn weight() -> Weight {
		Weight::zero()
	}
}

#[impl_trait_for_tuples::impl_for_tuples(1, 8)]
impl OnWorkClosed for Tuple {
	fn on_work_closed(device: &DeviceId, work: EpochWork) {
		for_tuples!( #( Tuple::on_work_closed(device, work); )* );
	}
	fn weight() -> Weight {
		let mut weight = Weight::zero();
		for_tuples!( #( weight = weight.saturating_add(Tuple::weight()); )* );
		weight
	}
}

/// What funded storage orders buy of a device's data in one epoch.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct StorageOrdered {
	/// The chunks each order is delivered, first made first, at most the chunks proven in all.
	pub deliveries: Vec<(OrderId, WorkUnits)>,
	/// The native value of the take those orders pay for them (rounded down).
	pub take_value: u128,
}

/// What customers have ordered a storage device to keep: the only capacity a storage proof
/// may earn for. A device can fill its disk with data it made up (a root over identical or
/// generated chunks) and answer every challenge on it, so a proof shows that data is held, not
/// that anyone wanted it held; only data a customer paid to store is work. And because a
/// customer may be the owner under another account, what the proof earns is the value of the
/// take those orders pay, not the chunks.
pub trait StorageDemand {
	/// What funded orders buy of the data with Merkle root `data_root` that `device` keeps in
	/// `epoch`, out of `chunks` proven chunks. Read once per answered challenge; delivered to
	/// the orders through [`ReceiptOrders::deliver`].
	fn ordered(
		device: &DeviceId,
		data_root: &H256,
		epoch: EpochIndex,
		chunks: WorkUnits,
	) -> StorageOrdered;
	/// Weight of one [`Self::ordered`].
	fn weight() -> Weight;
}

/// Nobody orders storage: storage proofs earn nothing.
impl StorageDemand for () {
	fn ordered(_: &DeviceId, _: &H256, _: EpochIndex, _: WorkUnits) -> StorageOrdered {
		StorageOrdered::default()
	}
	fn weight() -> Weight {
		Weight::zero()
	}
}

/// Names an order of the service market.
pub type OrderId = u64;

/// Why a customer's receipt does not count against the order it names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ReceiptRefusal {
	/// No open order has that id.
	OrderNotFound,
	/// The order is served by another device.
	OtherDevice,
	/// The receipt's customer is not the order's.
	NotOrderCustomer,
	/// The order does not serve the receipt's epoch (not started, or ended).
	NotServing,
	/// The receipts name more units than the order buys in an epoch.
	OverOrder,
}

/// The funded orders that customers' receipts count against. A receipt is demand only if a
/// customer escrowed its price: without an order, any second account of the owner could
/// co-sign jobs for nothing.
pub trait ReceiptOrders<AccountId> {
	/// Checks `units` of receipts of `customer` for `device` in `epoch` against order `order`
	/// (read once), and returns the native value of the take the order pays for those units:
	/// the treasury's share, valued at its reference price. O(1).
	fn check(
		order: OrderId,
		device: &DeviceId,
		customer: &AccountId,
		epoch: EpochIndex,
		units: WorkUnits,
	) -> Result<u128, ReceiptRefusal>;
	/// Records that an accepted report delivered `units` to each of `orders` of `device`:
	/// they are payable from now on. One read and one write of the device's orders.
	fn deliver(device: &DeviceId, orders: &[(OrderId, WorkUnits)]);
	/// Weight of valuing the takes of `orders` orders in assets other than the native token,
	/// beyond reading the orders themselves (which the report's benchmark measures).
	fn pricing_weight(orders: u32) -> Weight;
	/// Weight of one [`Self::deliver`].
	fn deliver_weight() -> Weight;
}

/// No orders: every receipt is refused.
impl<AccountId> ReceiptOrders<AccountId> for () {
	fn check(
		_: OrderId,
		_: &DeviceId,
		_: &AccountId,
		_: EpochIndex,
		_: WorkUnits,
	) -> Result<u128, ReceiptRefusal> {
		Err(ReceiptRefusal::OrderNotFound)
	}
	fn deliver(_: &DeviceId, _: &[(OrderId, WorkUnits)]) {}
	fn pricing_weight(_: u32) -> Weight {
		Weight::zero()
	}
	fn deliver_weight() -> Weight {
		Weight::zero()
	}
}

/// Told when a device has left the registry for good (its bond withdrawn), so that every
/// pallet can remove what it keeps for the device: no record outlives its device.
pub trait OnDeviceRemoved<AccountId> {
	/// `device`, last owned by `owner`, is gone.
	fn on_device_removed(device: &DeviceId, owner: &AccountId);
	/// Most weight one call uses; the registry charges it to the call that removes.
	fn weight() -> Weight;
}

impl<AccountId> OnDeviceRemoved<AccountId> for () {
	fn on_device_removed(_: &DeviceId, _: &AccountId) {}
	fn weight() -> Weight {
		Weight::zero()
	}
}

#[impl_trait_for_tuples::impl_for_tuples(1, 8)]
impl<AccountId> OnDeviceRemoved<AccountId> for Tuple {
	fn on_device_removed(device: &DeviceId, owner: &AccountId) {
		for_tuples!( #( Tuple::on_device_removed(device, owner); )* );
	}
	fn weight() -> Weight {
		let mut weight = Weight::zero();
		for_tuples!( #( weight = weight.saturating_add(Tuple::weight()); )* );
		weight
	}
}

/// Told when an epoch has closed, in the first block of the next epoch (from the epoch clock's
/// `on_initialize`). Must be O(1) in devices.
pub trait OnEpochClosed {
	/// `epoch` has closed: its work is final. Returns the weight it used, which the caller adds
	/// to its block's hook weight.
	fn on_epoch_closed(epoch: EpochIndex) -> Weight;
}

impl OnEpochClosed for () {
	fn on_epoch_closed(_: EpochIndex) -> Weight {
		Weight::zero()
	}
}

#[impl_trait_for_tuples::impl_for_tuples(1, 8)]
impl OnEpochClosed for Tuple {
	fn on_epoch_closed(epoch: EpochIndex) -> Weight {
		let mut weight = Weight::zero();
		for_tuples!( #( weight = weight.saturating_add(Tuple::on_epoch_closed(epoch)); )* );
		weight
	}
}

/// Where money that belongs to the network goes.
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
pub enum RevenueSource {
	/// A customer paid for service.
	Service,
	/// A share of transaction fees.
	Fees,
	/// A slashed bond.
	Slash,
	/// Rewards that expired unclaimed.
	ExpiredRewards,
	/// The treasury's share of an epoch's emission.
	Emission,
}

/// Receives revenue, fee shares and slashes: the buy-back treasury in the runtime.
pub trait RevenueSink<AccountId, Balance> {
	/// The account that funds must be paid into.
	fn account() -> Option<AccountId>;
	/// Records that `amount` from `source` has been paid into [`Self::account`].
	fn note_revenue(source: RevenueSource, amount: Balance);
}

impl<AccountId, Balance> RevenueSink<AccountId, Balance> for () {
	fn account() -> Option<AccountId> {
		None
	}
	fn note_revenue(_: RevenueSource, _: Balance) {}
}

/// Where customers' payments in any accepted asset go: the service market pays its take on
/// every settled order through it, as demand revenue that is bought back and burned like any
/// payment for service.
///
/// Implemented by the buy-back treasury.
pub trait DemandSink<AccountId, AssetId, Balance> {
	/// The account that payments must be made into.
	fn account() -> Option<AccountId>;
	/// Whether customers may pay in `asset` (`None`: the native token).
	fn accepts(asset: Option<AssetId>) -> bool;
	/// Records that `amount` of `asset`, paid for service, has been paid into
	/// [`Self::account`].
	fn note_demand(asset: Option<AssetId>, amount: Balance);
	/// What `amount` of `asset` is worth in native tokens at the reference price (the
	/// time-weighted average of the last closed epoch), rounded down; zero when there is no
	/// reference price. The native token is worth itself.
	fn native_value(asset: Option<AssetId>, amount: Balance) -> Balance
	where
		Balance: Default,
	{
		if asset.is_none() {
			amount
		} else {
			Balance::default()
		}
	}
}

impl<AccountId, AssetId, Balance> DemandSink<AccountId, AssetId, Balance> for () {
	fn account() -> Option<AccountId> {
		None
	}
	fn accepts(asset: Option<AssetId>) -> bool {
		asset.is_none()
	}
	fn note_demand(_: Option<AssetId>, _: Balance) {}
}

/// Told when tokens bought back by the treasury are burned, so that the emission schedule may
/// re-mint up to a cap of them in the next epoch close (net emissions, "burn and mint").
pub trait OnBurned<Balance> {
	/// `amount` has just been burned from the treasury.
	fn on_burned(amount: Balance);
}

impl<Balance> OnBurned<Balance> for () {
	fn on_burned(_: Balance) {}
}

/// How governance learns that an account contributes real work to the network.
pub trait VotingPowerBoost<AccountId> {
	/// How active `who` is as a contributor, from none (zero) to full (100%). Governance
	/// scales its largest boost by it. Must be O(1): it is read on every vote.
	fn boost(who: &AccountId) -> Permill;
}

impl<AccountId> VotingPowerBoost<AccountId> for () {
	fn boost(_: &AccountId) -> Permill {
		Permill::zero()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn only_active_devices_report() {
		assert!(DeviceStatus::Active.can_report());
		for s in [DeviceStatus::Suspended, DeviceStatus::Deregistering, DeviceStatus::Retired] {
			assert!(!s.can_report(), "{s:?} must not report");
		}
	}

	#[test]
	fn no_op_implementations_know_nothing() {
		let d = DeviceId::from_raw([7; 32]);
		assert_eq!(<() as DeviceRegistry<u64, u128>>::owner(&d), None);
		assert_eq!(<() as DeviceRegistry<u64, u128>>::proof_kind(0), None);
		assert!(<() as DeviceRegistry<u64, u128>>::class_ids().is_empty());
		assert!(!<() as DeviceRegistry<u64, u128>>::is_active(&d));
		assert!(<() as DeviceRegistry<u64, u128>>::slash(&d, 5).is_err());
		assert!(
			<() as DeviceRegistry<u64, u128>>::slash_rewarding(&d, 5, &1, Perbill::one()).is_err()
		);
		assert_eq!(<() as OnEpochClosed>::on_epoch_closed(1), Weight::zero());
		assert_eq!(<() as WorkLedger>::class_units(3, 1), 0);
		assert_eq!(<() as WorkLedger>::latest_work(&d), None);
		assert_eq!(<() as WorkLedger>::device_units(3, &d), 0);
		assert_eq!(<() as WorkLedger>::settle(&d), Weight::zero());
		assert_eq!(<() as OnWorkClosed>::weight(), Weight::zero());
		assert_eq!(<() as OnDeviceRemoved<u64>>::weight(), Weight::zero());
		assert!(<() as DeviceRegistry<u64, u128>>::devices_of(&1).is_empty());
		assert_eq!(<() as VotingPowerBoost<u64>>::boost(&1), Permill::zero());
		assert_eq!(<() as RevenueSink<u64, u128>>::account(), None);
		assert_eq!(<() as EpochClock<u32>>::epoch_start(1), None);
	}
}
