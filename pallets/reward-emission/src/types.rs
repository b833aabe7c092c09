//! The records and parameters of reward emission.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{EpochIndex, WorkUnits};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// Most recipients an epoch's emission may be split between.
pub const MAX_RECIPIENTS: u32 = 8;

/// Most epochs expired in one epoch close: after the claim window is shortened, the backlog
/// is worked off at this pace, keeping the close O(classes).
pub const MAX_EXPIRED_PER_CLOSE: u32 = 2;

/// How the scheduled emission falls over time.
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
pub enum Curve {
	/// The emission halves every `interval` epochs (Bitcoin, Helium).
	Halving {
		/// Epochs between two halvings; at least 1.
		interval: EpochIndex,
	},
	/// The emission falls by `rate` every epoch: `initial × (1 − rate)^n` (Filecoin's simple
	/// minting, Render).
	Decay {
		/// Share by which each epoch's emission is smaller than the one before.
		rate: Perbill,
	},
}

/// The emission schedule: what epoch `e` may mint, before net emissions and the supply cap.
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
#[serde(rename_all = "camelCase")]
pub struct Schedule<Balance> {
	/// Emission of epoch `start`.
	pub initial: Balance,
	/// How it falls after `start`.
	pub curve: Curve,
	/// The epoch from which the curve counts. Epochs before it emit nothing.
	pub start: EpochIndex,
}

/// Who receives a share of each epoch's emission.
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
pub enum Recipient<AccountId> {
	/// Device operators: split between the device classes by reward weight, then between
	/// the devices of each class by verified units, and claimed.
	Operators,
	/// The buy-back treasury.
	Treasury,
	/// The community pool: the pallet's own pot, spent by the admin origin (the DAO).
	Community,
	/// Any other account (a foundation, an investor vesting pot, ...).
	Account(AccountId),
}

/// The emission split: shares that sum to exactly 100%.
pub type Shares<AccountId> = BoundedVec<(Recipient<AccountId>, Perbill), ConstU32<MAX_RECIPIENTS>>;

/// The parameters the admin origin tunes, each within a step per change.
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
#[serde(rename_all = "camelCase")]
#[serde(bound(
	serialize = "AccountId: serde::Serialize, Balance: serde::Serialize, BlockNumber: serde::Serialize",
	deserialize = "AccountId: serde::Deserialize<'de>, Balance: serde::Deserialize<'de>, BlockNumber: serde::Deserialize<'de>"
))]
pub struct EmissionParams<AccountId, Balance, BlockNumber> {
	/// The emission schedule.
	pub schedule: Schedule<Balance>,
	/// How each epoch's emission is split.
	pub shares: Shares<AccountId>,
	/// Most of the previous epoch's treasury burns re-minted at an epoch close (net
	/// emissions). Zero turns net emissions off.
	pub net_emission_cap: Balance,
	/// Epochs after its close during which an epoch's rewards can be claimed; then the
	/// unclaimed rest goes to the treasury.
	pub claim_window: EpochIndex,
	/// Share of each claim frozen in the owner's account until `lock_period` blocks pass.
	pub lock_share: Perbill,
	/// Blocks a claim's locked share stays frozen.
	pub lock_period: BlockNumber,
	/// Most that may be minted within `breaker_window` epochs; above it minting is refused
	/// until the admin origin resets the breaker.
	pub breaker_cap: Balance,
	/// Epochs over which the circuit breaker sums what was minted.
	pub breaker_window: EpochIndex,
}

/// What one epoch close did, kept until the epoch's rewards have expired.
///
/// `minted + capped + refused + unearned == scheduled + reemitted`, and
/// `credited + expired <= operators`, with the difference creditable until the epoch expires.
#[derive(
	Clone,
	Copy,
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
pub struct EpochRewards<Balance> {
	/// What the schedule gave the epoch.
	pub scheduled: Balance,
	/// What was re-minted of the epoch's treasury burns.
	pub reemitted: Balance,
	/// What was minted, to every recipient.
	pub minted: Balance,
	/// What the supply cap kept from being minted.
	pub capped: Balance,
	/// What the circuit breaker refused to mint.
	pub refused: Balance,
	/// What nobody earned and was not minted: pools of classes without work, rounding, and
	/// shares of recipients that cannot receive.
	pub unearned: Balance,
	/// What was minted for the operators (into the reward pot): the sum of the class pools.
	pub operators: Balance,
	/// What was credited to devices' accrued rewards, as their work of the epoch was handed
	/// on by the work ledger.
	pub credited: Balance,
	/// What expired uncredited and went to the treasury.
	pub expired: Balance,
}

/// One class's rewards for one epoch: its devices share `pool` in proportion to their units.
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
pub struct ClassPool<Balance> {
	/// What the class's devices earned together.
	pub pool: Balance,
	/// The class's verified units in the epoch (never zero).
	pub units: WorkUnits,
}

/// A part of a claim frozen in the owner's account until `until`.
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
pub struct LockChunk<Balance, BlockNumber> {
	/// How much is frozen.
	pub amount: Balance,
	/// The first block in which it may be unlocked.
	pub until: BlockNumber,
}

/// A device's rewards credited and not yet claimed: one record per device, whatever the number
/// of epochs it worked in.
#[derive(
	Clone,
	Copy,
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
pub struct Accrual<Balance> {
	/// What the device's closed epochs earned, since its last claim.
	pub amount: Balance,
	/// The latest epoch among them.
	pub last: EpochIndex,
}

/// What a device can claim now.
#[derive(
	Clone,
	Copy,
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
pub struct PendingRewards<Balance> {
	/// What a claim would pay now: `credited` plus the reward of `unsettled`.
	pub amount: Balance,
	/// What is credited already: it never expires.
	pub credited: Balance,
	/// The device's closed epoch whose work the ledger has not handed on yet, if it earned
	/// anything: the device's next report or a claim credits it.
	pub unsettled: Option<EpochIndex>,
	/// The epoch at whose close the reward of `unsettled` expires, if it is not credited by
	/// then.
	pub expires_at_close_of: Option<EpochIndex>,
}

/// Running totals since genesis.
///
/// `to_pot == paid + accrued + expired + (what unexpired epochs have not credited yet)`, where
/// `accrued` is what devices were credited and have not claimed (the sum of `Accrued`).
#[derive(
	Clone,
	Copy,
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
pub struct RewardTotals<Balance> {
	/// Everything minted, to every recipient.
	pub minted: Balance,
	/// What was minted into the reward pot for operators.
	pub to_pot: Balance,
	/// What devices claimed.
	pub paid: Balance,
	/// What expired uncredited.
	pub expired: Balance,
}
