//! The DAO's records: tracks, convictions, voting power, proposals and tallies.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::weights::Weight;
use scale_info::TypeInfo;
use sp_runtime::{Perbill, Permill};

/// Index of a proposal: proposals are numbered from 0 in the order they were submitted.
pub type ProposalIndex = u32;

/// A kind of decision, with its own deposit, periods, thresholds and the origin it yields.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum Track {
	/// Parameters of the DePIN pallets (emission, work, registry and treasury settings).
	Parameters,
	/// Grants from the treasury and the community pool.
	Grants,
	/// Device classes and the makers allowed to attest devices.
	Devices,
	/// Runtime upgrades: an approved call is dispatched as root (e.g. `System.set_code`).
	Upgrade,
	/// Fast decisions with a high bar: suspending, cancelling a proposal, resetting a breaker.
	Emergency,
}

impl Track {
	/// Every track, in order.
	pub const ALL: [Track; 5] =
		[Track::Parameters, Track::Grants, Track::Devices, Track::Upgrade, Track::Emergency];
}

/// The settings of one track.
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
pub struct TrackInfo<Balance, BlockNumber> {
	/// Held from the proposer while the proposal is voted on; returned when it ends, slashed
	/// if it is killed as spam.
	pub deposit: Balance,
	/// Blocks from submission to the end of voting.
	pub voting_period: BlockNumber,
	/// Least turnout (tokens behind the votes, before conviction) as a share of the active
	/// issuance for the result to count; below it the proposal expires.
	pub quorum: Perbill,
	/// Least share of ayes among the power that voted for the proposal to pass.
	pub approval: Perbill,
	/// Blocks from approval to enactment.
	pub enactment_delay: BlockNumber,
	/// Whether power grows with the square root of the tokens locked (quadratic voting)
	/// rather than linearly.
	pub quadratic: bool,
}

/// How long a voter commits to keep tokens locked after the proposals it voted on end, and
/// what that multiplies its voting power by.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Conviction {
	/// 0.1× power; tokens free as soon as the proposals voted on end.
	#[default]
	None,
	/// 1× power; locked one lock period after the proposals voted on end.
	Locked1x,
	/// 2× power; locked two lock periods.
	Locked2x,
	/// 3× power; locked four lock periods.
	Locked3x,
	/// 4× power; locked eight lock periods.
	Locked4x,
	/// 5× power; locked sixteen lock periods.
	Locked5x,
	/// 6× power; locked thirty-two lock periods.
	Locked6x,
}

impl Conviction {
	/// The power multiplier in tenths (`None` is 1 tenth, `Locked6x` 60 tenths).
	pub fn multiplier_tenths(self) -> u8 {
		match self {
			Conviction::None => 1,
			Conviction::Locked1x => 10,
			Conviction::Locked2x => 20,
			Conviction::Locked3x => 30,
			Conviction::Locked4x => 40,
			Conviction::Locked5x => 50,
			Conviction::Locked6x => 60,
		}
	}

	/// How many lock periods the tokens stay locked after the proposals voted on end.
	pub fn lock_periods(self) -> u32 {
		match self {
			Conviction::None => 0,
			Conviction::Locked1x => 1,
			Conviction::Locked2x => 2,
			Conviction::Locked3x => 4,
			Conviction::Locked4x => 8,
			Conviction::Locked5x => 16,
			Conviction::Locked6x => 32,
		}
	}
}

/// Voting power in both modes, and the tokens behind it.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Power<Balance> {
	/// Tokens × conviction × (1 + boost): what counts on a linear track.
	pub linear: Balance,
	/// √tokens × conviction × (1 + boost): what counts on a quadratic track.
	pub quadratic: Balance,
	/// The tokens behind the power, before conviction and boost: what counts for the quorum.
	pub tokens: Balance,
}

/// A delegation: who represents the account, and the power it lent them.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Delegation<AccountId, Balance> {
	/// The representative.
	pub to: AccountId,
	/// The power counted in the representative's votes (fixed when delegating or locking).
	pub power: Power<Balance>,
}

/// Everything the DAO knows about one account.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Voter<AccountId, Balance, BlockNumber> {
	/// Tokens frozen under the DAO lock.
	pub locked: Balance,
	/// The conviction of the lock.
	pub conviction: Conviction,
	/// The lock can be released from this block on.
	pub locked_until: BlockNumber,
	/// The latest end of voting among the proposals this account's votes count in.
	pub voted_until: BlockNumber,
	/// The power others delegated to this account.
	pub delegated: Power<Balance>,
	/// How many accounts delegate to this one.
	pub delegators: u32,
	/// Whom this account delegates to, if anyone.
	pub delegating: Option<Delegation<AccountId, Balance>>,
	/// The account votes directly only on proposals from this index on: the ones before may
	/// count its power through a former representative.
	pub votes_from: ProposalIndex,
}

impl<AccountId, Balance: Default, BlockNumber: Default> Default
	for Voter<AccountId, Balance, BlockNumber>
{
	fn default() -> Self {
		Self {
			locked: Default::default(),
			conviction: Conviction::None,
			locked_until: Default::default(),
			voted_until: Default::default(),
			delegated: Default::default(),
			delegators: 0,
			delegating: None,
			votes_from: 0,
		}
	}
}

impl<AccountId, Balance: Default + PartialEq, BlockNumber> Voter<AccountId, Balance, BlockNumber> {
	/// Whether the record says nothing worth keeping: no lock, no delegation either way.
	pub fn is_empty(&self) -> bool {
		self.locked == Balance::default() && self.delegators == 0 && self.delegating.is_none()
	}
}

/// One account's vote on one proposal.
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
pub struct VoteRecord<Balance> {
	/// For (true) or against (false).
	pub aye: bool,
	/// The power counted, in the proposal's track's mode (own and delegated).
	pub power: Balance,
	/// The tokens counted towards the quorum.
	pub tokens: Balance,
}

/// The running count of a proposal's votes.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Tally<Balance> {
	/// Power for.
	pub ayes: Balance,
	/// Power against.
	pub nays: Balance,
	/// Tokens behind the votes either way, for the quorum.
	pub turnout: Balance,
	/// How many accounts voted.
	pub voters: u32,
}

/// Where a proposal is in its life.
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
pub enum ProposalStatus<BlockNumber> {
	/// Open for votes until the proposal's `voting_ends`.
	Voting,
	/// Passed; the call is scheduled for enactment at `enact_at`.
	Approved {
		/// The block of enactment.
		enact_at: BlockNumber,
	},
	/// Enough turnout, too few ayes.
	Rejected,
	/// Too little turnout for the result to count.
	Expired,
	/// Withdrawn by the cancel origin; the deposit was returned.
	Cancelled,
	/// Killed as spam by the cancel origin; the deposit was slashed.
	Killed,
	/// The call was dispatched; `ok` says whether it succeeded (the event has the error).
	Enacted {
		/// Whether the call succeeded.
		ok: bool,
	},
}

impl<BlockNumber> ProposalStatus<BlockNumber> {
	/// Whether votes are still accepted.
	pub fn is_voting(&self) -> bool {
		matches!(self, ProposalStatus::Voting)
	}
}

/// A proposal: a call, who proposed it on which track, and how the vote stands.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Proposal<AccountId, Balance, BlockNumber, Call, Rules> {
	/// The track deciding it.
	pub track: Track,
	/// Who submitted it and put down the deposit.
	pub proposer: AccountId,
	/// The deposit held (zero once returned or slashed).
	pub deposit: Balance,
	/// The call to enact, inline or by preimage hash.
	pub call: Call,
	/// The call's declared weight, checked at submission.
	pub call_weight: Weight,
	/// The block it was submitted in.
	pub submitted: BlockNumber,
	/// The last block of voting; the result is decided at the start of the next.
	pub voting_ends: BlockNumber,
	/// The track's settings when the proposal was submitted: the rules it is decided by.
	pub rules: Rules,
	/// The votes so far.
	pub tally: Tally<Balance>,
	/// Where it is in its life.
	pub status: ProposalStatus<BlockNumber>,
}

/// The DAO's own tunable numbers.
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
pub struct DaoParams<BlockNumber> {
	/// One lock period in blocks: conviction `LockedNx` keeps tokens locked this many blocks
	/// times its periods after the proposals voted on end.
	pub lock_period: BlockNumber,
	/// The boost a fully active contributor gets on top of its power (the contributor signal
	/// scales it down for less recent work).
	pub max_boost: Permill,
}

/// A proposal as the runtime API reports it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ProposalView<AccountId, Balance, BlockNumber> {
	/// The track deciding it.
	pub track: Track,
	/// Who submitted it.
	pub proposer: AccountId,
	/// The deposit still held.
	pub deposit: Balance,
	/// The hash of the call (of its encoding).
	pub call_hash: sp_core::H256,
	/// The block it was submitted in.
	pub submitted: BlockNumber,
	/// The last block of voting.
	pub voting_ends: BlockNumber,
	/// Whether votes count quadratic power.
	pub quadratic: bool,
	/// The votes so far.
	pub tally: Tally<Balance>,
	/// The turnout needed now for the result to count.
	pub quorum_needed: Balance,
	/// Whether the proposal would pass if voting ended now.
	pub passing: bool,
	/// Where it is in its life.
	pub status: ProposalStatus<BlockNumber>,
}

/// An account's standing as the runtime API reports it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct VotingPowerView<Balance, BlockNumber> {
	/// Tokens locked.
	pub locked: Balance,
	/// The conviction of the lock.
	pub conviction: Conviction,
	/// The lock can be released from this block on.
	pub locked_until: BlockNumber,
	/// The contributor boost it would get now.
	pub boost: Permill,
	/// Its own power now (before delegations received).
	pub own: Power<Balance>,
	/// Power delegated to it.
	pub delegated: Power<Balance>,
	/// Whether it delegates its own power to someone (and so cannot vote).
	pub delegating: bool,
}
