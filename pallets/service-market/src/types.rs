//! The market's records: offers, orders, the slots through which a device's verified work
//! reaches its orders, and the DAO's parameters.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{DeviceClassId, DeviceId, EpochIndex, WorkUnits, H256};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// Names an offer.
pub type OfferId = u32;
/// Names an order.
pub use depin_primitives::OrderId;

/// What an offer sells, and on which terms. An order copies the terms it was made on, so a
/// change of the offer applies to new orders only.
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
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Terms<AssetId, Balance> {
	/// The asset the device is paid in (`None`: the native token). Only assets the treasury
	/// accepts, so that the take can be bought back and burned.
	pub asset: Option<AssetId>,
	/// Price of one unit of the class's work, in the asset's smallest units.
	pub price_per_unit: Balance,
	/// The most units per epoch the offer sells, over all its orders at once.
	pub units_per_epoch: WorkUnits,
	/// The shortest order, in epochs.
	pub min_epochs: EpochIndex,
	/// The longest order, in epochs.
	pub max_epochs: EpochIndex,
	/// Epochs of notice a customer gives to cancel: the order keeps running (and paying for
	/// what the device delivers) until the notice has passed.
	pub notice_epochs: EpochIndex,
}

/// A device's service for sale.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Offer<AccountId, AssetId, Balance> {
	/// The device that serves.
	pub device: DeviceId,
	/// The device's class when the offer was made: a unit is the class's unit.
	pub class: DeviceClassId,
	/// The owner who made the offer. It lapses (takes no new order) if the device changes
	/// hands; either owner may withdraw it.
	pub owner: AccountId,
	/// What it sells.
	pub terms: Terms<AssetId, Balance>,
}

/// An order: `units_per_epoch` units in each epoch of `[start, end)`, its whole price
/// escrowed when it was made.
///
/// Its books always balance: `escrowed == released + remaining`, where `released` is
/// `paid + taken` (the settled units at the order's price) and the rest is still escrowed,
/// returned to the customer when the order ends.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Order<AccountId, AssetId, Balance> {
	/// The offer it was made from.
	pub offer: OfferId,
	/// The device that serves it.
	pub device: DeviceId,
	/// Who pays.
	pub customer: AccountId,
	/// In what (`None`: the native token).
	pub asset: Option<AssetId>,
	/// Price of one unit, as the offer said when the order was made.
	pub price_per_unit: Balance,
	/// Units bought in each epoch.
	pub units_per_epoch: WorkUnits,
	/// The first epoch served.
	pub start: EpochIndex,
	/// The first epoch no longer served (cut short by a cancellation, or when the device
	/// stops serving).
	pub end: EpochIndex,
	/// Notice the customer gives to cancel, as the offer said.
	pub notice_epochs: EpochIndex,
	/// The take rate when the order was made.
	pub take_rate: Perbill,
	/// What the customer escrowed: the price of every unit ordered.
	pub escrowed: Balance,
	/// Paid to the device's owner so far.
	pub paid: Balance,
	/// Paid to the treasury so far (the take).
	pub taken: Balance,
	/// Units paid for so far.
	pub settled_units: WorkUnits,
	/// Units the device delivered to the order, kept here once the device has left the chain
	/// (while it is registered they are counted in its slot).
	pub delivered_after_removal: Option<WorkUnits>,
	/// Who is paid once the device has left: its last owner.
	pub payee_after_removal: Option<AccountId>,
	/// For a storage order, the Merkle root of the customer's data, as the device keeps it
	/// (leaves bound to the device: see `pallet_physical_work::merkle`); its units are chunks.
	pub data_root: Option<H256>,
}

/// How a device's verified work reaches one of its orders: kept with the device, so that
/// handing a closed epoch to the market reads and writes one record whatever the number of
/// orders.
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
	Default,
)]
pub struct Slot {
	/// The order.
	pub order: OrderId,
	/// Its offer (whose capacity it uses).
	pub offer: OfferId,
	/// Units it buys in each epoch.
	pub units_per_epoch: WorkUnits,
	/// The first epoch served.
	pub start: EpochIndex,
	/// The first epoch no longer served.
	pub end: EpochIndex,
	/// Verified units of the device allotted to the order so far.
	pub delivered: WorkUnits,
	/// For a storage order, the root of the data it pays the device to keep.
	pub data_root: Option<H256>,
	/// Whether the device proves its work by customer receipts or storage proofs: then the
	/// receipts naming the order, or the proofs of its data, deliver to it when they are
	/// accepted, and closed epochs are not allotted to it.
	pub paid_on_proof: bool,
}

impl Slot {
	/// Whether the order is served in `epoch`.
	pub fn serves(&self, epoch: EpochIndex) -> bool {
		self.start <= epoch && epoch < self.end
	}

	/// Whether the order is served in any epoch of `[start, end)`.
	pub fn overlaps(&self, start: EpochIndex, end: EpochIndex) -> bool {
		self.start < end && start < self.end
	}
}

/// What the DAO sets.
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
	serde::Serialize,
	serde::Deserialize,
)]
pub struct MarketParams {
	/// The share of every settled payment that goes to the treasury (bought back and burned
	/// as demand revenue). Within the runtime's bounds; an order keeps the rate it was made at.
	pub take_rate: Perbill,
}

/// What one settlement moved.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Settlement<Balance> {
	/// Units newly paid for.
	pub units: WorkUnits,
	/// Paid to the owner.
	pub paid: Balance,
	/// Paid to the treasury.
	pub taken: Balance,
	/// Returned to the customer (when the order ended).
	pub refunded: Balance,
	/// Whether the order ended.
	pub ended: bool,
}

/// An order as clients read it: the record, what its device delivered to it so far, and what
/// a settlement would pay now (the delivered units not yet paid, at the order's price).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct OrderState<AccountId, AssetId, Balance> {
	/// The order.
	pub order: Order<AccountId, AssetId, Balance>,
	/// Units its device delivered to it so far (counted when each closed epoch was handed
	/// on; an epoch not handed on yet counts once anyone settles).
	pub delivered: WorkUnits,
	/// The price of the delivered units not paid yet.
	pub due: Balance,
	/// What is still escrowed for it.
	pub remaining: Balance,
}
