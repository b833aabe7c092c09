//! Work reports, the ledger's records, challenges, fraud reports and parameters.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{DeviceClassId, DeviceId, EpochIndex, OrderId, ProofKind, WorkUnits};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_core::{sr25519, H256};
use sp_runtime::{Perbill, Permill};

/// Most witnesses one beacon report may carry (the admin sets a cap at or below it).
pub const MAX_WITNESSES: u32 = 32;
/// Most customer receipts one report may carry.
pub const MAX_RECEIPTS: u32 = 16;
/// Largest storage chunk a challenge response may carry, in bytes.
pub const MAX_CHUNK_LEN: u32 = 1024;
/// Deepest Merkle proof a challenge response may carry (2^32 chunks).
pub const MAX_PROOF_DEPTH: u32 = 32;
/// Longest evidence reference in a fraud report (a content id or hash of evidence kept off
/// chain), in bytes.
pub const MAX_EVIDENCE_LEN: u32 = 256;

/// Domain tag of a device's signature over a work report.
pub const REPORT_TAG: &[u8] = b"depin/work-report/v1";
/// Domain tag of a witness's signature over a beacon it heard.
pub const WITNESS_TAG: &[u8] = b"depin/witness/v1";
/// Domain tag of a customer's signature over a job receipt.
pub const RECEIPT_TAG: &[u8] = b"depin/job-receipt/v2";

/// The bytes of a storage chunk in a challenge response.
pub type Chunk = BoundedVec<u8, ConstU32<MAX_CHUNK_LEN>>;
/// The sibling hashes from a chunk's leaf up to the data root.
pub type MerkleProof = BoundedVec<H256, ConstU32<MAX_PROOF_DEPTH>>;
/// An evidence reference in a fraud report.
pub type Evidence = BoundedVec<u8, ConstU32<MAX_EVIDENCE_LEN>>;

/// A work report: what a device claims it did in an epoch, signed with the device key.
///
/// The device signs [`report_payload`]: the domain tag, the chain's genesis hash and the
/// SCALE encoding of this record. One report per device and epoch is accepted; the genesis hash
/// stops a report from being replayed on another chain and the epoch stops it from being
/// replayed in another epoch. `nonce` is the device's own counter: it makes every report (and,
/// for coverage, every beacon) distinct, so two different reports for one epoch prove
/// equivocation.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct WorkReport<AccountId, Balance, CustomerSignature, BlockNumber> {
	/// The device that did the work (its sr25519 public key).
	pub device: DeviceId,
	/// The epoch the work belongs to: the current epoch.
	pub epoch: EpochIndex,
	/// The device's own counter.
	pub nonce: u64,
	/// The evidence, of the kind the device's class requires.
	pub payload: ReportPayload<AccountId, Balance, CustomerSignature, BlockNumber>,
}

/// The evidence in a work report, one variant per proof kind.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub enum ReportPayload<AccountId, Balance, CustomerSignature, BlockNumber> {
	/// Attested telemetry: the device measured `units` (kWh, readings, GB relayed...) up to
	/// block `measured_at`; `data_hash` commits to the raw readings kept off chain.
	Telemetry {
		/// Units measured in the epoch, at most the class's maximum.
		units: WorkUnits,
		/// The block at which the reading was taken: in the current epoch and recent.
		measured_at: BlockNumber,
		/// Hash of the raw readings.
		data_hash: H256,
	},
	/// Challenge–response: the chunk the chain challenged and its Merkle proof against the
	/// data root the device committed.
	ChallengeResponse {
		/// The challenged chunk's bytes.
		chunk: Chunk,
		/// Sibling hashes from the chunk's leaf to the root.
		proof: MerkleProof,
	},
	/// Witnessed coverage: the device sent a beacon (identified by its report's nonce) and these
	/// devices heard it.
	Coverage {
		/// Signatures of the witnesses over [`witness_payload`].
		witnesses: BoundedVec<Witness, ConstU32<MAX_WITNESSES>>,
	},
	/// Customer receipts: customers co-signed the jobs the device did.
	Receipts {
		/// The receipts, each with its own job id.
		receipts:
			BoundedVec<Receipt<AccountId, Balance, CustomerSignature>, ConstU32<MAX_RECEIPTS>>,
	},
}

impl<A, B, S, N> ReportPayload<A, B, S, N> {
	/// The proof kind this payload proves.
	pub fn kind(&self) -> ProofKind {
		match self {
			Self::Telemetry { .. } => ProofKind::AttestedTelemetry,
			Self::ChallengeResponse { .. } => ProofKind::ChallengeResponse,
			Self::Coverage { .. } => ProofKind::WitnessedCoverage,
			Self::Receipts { .. } => ProofKind::CustomerReceipt,
		}
	}
}

/// A witness's signature over a beacon it heard.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug, MaxEncodedLen,
)]
pub struct Witness {
	/// The witnessing device.
	pub device: DeviceId,
	/// Its signature over [`witness_payload`].
	pub signature: sr25519::Signature,
}

/// A job receipt co-signed by the customer who paid for the job.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct Receipt<AccountId, Balance, CustomerSignature> {
	/// The customer's account.
	pub customer: AccountId,
	/// The customer's funded order of the device that the job counts against: a receipt is
	/// demand only if its price was escrowed.
	pub order: OrderId,
	/// The job's id, chosen by the customer; used once per epoch.
	pub job_id: H256,
	/// Units of work the job took (GPU-seconds, GB served...).
	pub units: WorkUnits,
	/// What the customer says the job cost (for the record: the order's escrow pays).
	pub price: Balance,
	/// The customer's signature over [`receipt_payload`].
	pub signature: CustomerSignature,
}

/// What a device signs for a work report.
pub fn report_payload<R: Encode, H: Encode>(genesis: &H, report: &R) -> alloc::vec::Vec<u8> {
	(REPORT_TAG, genesis, report).encode()
}

/// What a witness signs for a beacon it heard: the beaconer, the epoch and the beacon's nonce.
pub fn witness_payload<H: Encode>(
	genesis: &H,
	beaconer: &DeviceId,
	epoch: EpochIndex,
	nonce: u64,
) -> alloc::vec::Vec<u8> {
	(WITNESS_TAG, genesis, beaconer, epoch, nonce).encode()
}

/// What a customer signs for a job receipt: the device, the epoch, the order it counts
/// against, the job, its units and its price.
pub fn receipt_payload<H: Encode, B: Encode>(
	genesis: &H,
	device: &DeviceId,
	epoch: EpochIndex,
	order: OrderId,
	job_id: &H256,
	units: WorkUnits,
	price: &B,
) -> alloc::vec::Vec<u8> {
	(RECEIPT_TAG, genesis, device, epoch, order, job_id, units, price).encode()
}

/// The epoch clock: which epoch runs, since when, and for how long.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Debug,
	MaxEncodedLen,
	Default,
)]
pub struct EpochInfo<BlockNumber> {
	/// The current epoch.
	pub index: EpochIndex,
	/// Its first block.
	pub start: BlockNumber,
	/// Its length in blocks, fixed when it started (a new length applies from the next epoch).
	pub length: BlockNumber,
}

/// What the ledger keeps for one device: its latest epoch with work. One record per device,
/// whatever the number of epochs: a closed epoch's work is handed to `OnWorkClosed` (which
/// turns it into the device's reward balance) when the device is next credited, when a claim
/// settles it, or when the device leaves.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Debug,
	MaxEncodedLen,
)]
pub struct DeviceWork {
	/// The epoch of the work below: the device's latest epoch with work or a punishment.
	pub epoch: EpochIndex,
	/// The device's class when it was credited: the class whose sum includes these units.
	pub class: DeviceClassId,
	/// Units credited in `epoch`: from its own report and from witnessing others' beacons.
	pub units: WorkUnits,
	/// Hash of the device's own report in `epoch`, once accepted: a second report is refused,
	/// and a different signed report is proof of equivocation.
	pub report: Option<H256>,
	/// The latest epoch the device was punished for equivocating in: it is punished once for
	/// that epoch and every earlier one, and may not report again in it.
	pub punished_up_to: Option<EpochIndex>,
	/// Whether `epoch`'s work was handed to `OnWorkClosed` already (by a claim's settlement).
	pub settled: bool,
}

impl DeviceWork {
	/// A record for `epoch` with nothing credited yet.
	pub fn empty(epoch: EpochIndex, class: DeviceClassId) -> Self {
		DeviceWork { epoch, class, units: 0, report: None, punished_up_to: None, settled: false }
	}

	/// Whether the device was punished for equivocating in `epoch` (or a later epoch).
	pub fn punished_for(&self, epoch: EpochIndex) -> bool {
		self.punished_up_to.is_some_and(|p| p >= epoch)
	}
}

/// A storage device's commitment to the data it keeps.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Debug,
	MaxEncodedLen,
)]
pub struct Commitment {
	/// Merkle root over the chunks' hashes (see [`crate::merkle`]).
	pub root: H256,
	/// Number of chunks (leaves): a challenge picks one of them; a proven challenge credits this
	/// many units.
	pub chunks: u32,
	/// Position in the list the challenges are drawn from.
	pub slot: u32,
}

/// An open challenge: the device must prove `chunk` before `deadline`.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Debug,
	MaxEncodedLen,
)]
pub struct Challenge<BlockNumber> {
	/// The epoch in which it was issued (and must be answered).
	pub epoch: EpochIndex,
	/// Index of the challenged chunk.
	pub chunk: u32,
	/// The last block in which an answer is accepted.
	pub deadline: BlockNumber,
}

/// A fraud report that governance decides.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug, MaxEncodedLen,
)]
pub struct FraudReport<AccountId, Balance> {
	/// Who reported, and whose bond is held.
	pub reporter: AccountId,
	/// The accused device.
	pub device: DeviceId,
	/// The epoch the fraud concerns.
	pub epoch: EpochIndex,
	/// The reporter's bond, held until the decision.
	pub bond: Balance,
	/// Reference to the evidence kept off chain.
	pub evidence: Evidence,
}

/// Id of a fraud report.
pub type FraudReportId = u32;

/// The parameters the admin origin (the DAO) tunes, within the runtime's bounds.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Debug,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct WorkParams<Balance, BlockNumber> {
	/// Length of an epoch in blocks; a change applies from the next epoch.
	pub epoch_length: BlockNumber,
	/// Oldest telemetry reading accepted, in blocks before the current block.
	pub max_reading_age: BlockNumber,
	/// Storage challenges issued at the start of each epoch.
	pub challenges_per_epoch: u32,
	/// Blocks a challenged device has to answer (at most the epoch length).
	pub response_window: BlockNumber,
	/// Share of its quality score a device loses for each missed challenge.
	pub miss_penalty: Permill,
	/// Score a device regains for each challenge it answers (up to 100%).
	pub score_recovery: Permill,
	/// Units a beaconing hotspot earns for each valid witness of its beacon.
	pub beacon_units: WorkUnits,
	/// Units a hotspot earns for each beacon it witnessed.
	pub witness_units: WorkUnits,
	/// Most witnesses one beacon may carry.
	pub max_witnesses: u32,
	/// Closest a witness may be to the beaconer, in metres.
	pub min_witness_distance_m: u32,
	/// Farthest a witness may be from the beaconer, in metres.
	pub max_witness_distance_m: u32,
	/// Taken from the bond of a device proven to equivocate.
	pub equivocation_slash: Balance,
	/// Share of a slash paid to whoever proved the fraud.
	pub prover_reward: Perbill,
	/// Bond a fraud reporter posts; returned if the report is upheld, slashed if rejected.
	pub fraud_report_bond: Balance,
	/// The coverage rule of every coverage class that has none of its own
	/// (`set_coverage_rule`).
	pub coverage: CoverageRule,
	/// How quality oracles are bonded, posted and disputed.
	pub quality: QualityRule<Balance, BlockNumber>,
}

/// The terms of quality oracles, in every class: what they and their challengers bond, how
/// low a score may go, and when a posted score can be disputed.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Debug,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct QualityRule<Balance, BlockNumber> {
	/// Bond an oracle holds for each class it offers to score.
	pub oracle_bond: Balance,
	/// Bond a disputer holds until the admin origin decides the dispute.
	pub dispute_bond: Balance,
	/// Scores for the next epoch may be posted until this many blocks before it starts; a
	/// posted score may be disputed until its epoch starts.
	pub dispute_window: BlockNumber,
	/// Lowest score an oracle may post. No score exceeds 100%: an oracle can only take away
	/// units the chain verified, never add any.
	pub min_score: Permill,
	/// Share of its bond an oracle loses for each upheld dispute.
	pub oracle_slash: Perbill,
}

/// How a coverage class's beacons are paid: by grid cell, so that devices crowded into one
/// cell share what the cell is worth instead of multiplying it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Debug,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct CoverageRule {
	/// Side of a grid cell, in micro-degrees of latitude and of longitude (10 000 is about
	/// 1.1 km north to south). A beacon belongs to the cell of its beaconer's location.
	pub cell_udeg: u32,
	/// Most units the beacons of one cell earn in an epoch, their beaconers' and witnesses'
	/// together: what covering the cell is worth, however many devices crowd into it.
	pub cell_units: WorkUnits,
	/// Whether every witness must be a maker-attested device.
	pub witness_needs_maker: bool,
}

/// A grid cell: a location's latitude and longitude divided by the cell side, rounded down.
pub type Cell = (i32, i32);

/// The longest streak a witness pair's share falls for: a pair that met in each of the last
/// `MAX_PAIR_STREAK` epochs (or more) earns 1/2^`MAX_PAIR_STREAK` of a fresh pair's units.
pub const MAX_PAIR_STREAK: u8 = 2;

/// The witnesses of a beaconer's latest beacon, each by the first four bytes of its key, with
/// the number of epochs in a row just before it that the pair had met (up to
/// [`MAX_PAIR_STREAK`]).
pub type PairStreaks = BoundedVec<(u32, u8), ConstU32<MAX_WITNESSES>>;

/// A witness's short name in [`PairStreaks`]. Two witnesses of one beaconer sharing it (odds
/// of 2^-32 a pair) would only share a streak: it can lower a share, never raise one.
pub fn pair_fingerprint(witness: &DeviceId) -> u32 {
	let raw: &[u8] = witness.as_ref();
	u32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]])
}

impl CoverageRule {
	/// The cell that holds `location`.
	pub fn cell(&self, location: &depin_primitives::Location) -> Cell {
		// `cell_udeg` is at least 1 and at most 360 000 000 (checked when set), so it fits.
		let side = self.cell_udeg.clamp(1, i32::MAX as u32) as i32;
		(location.lat.div_euclid(side), location.lon.div_euclid(side))
	}
}

/// An oracle's seat in a class.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug, MaxEncodedLen,
)]
pub struct OracleSeat<Balance> {
	/// What the oracle has held for the seat (less what upheld disputes took).
	pub bond: Balance,
	/// Whether the admin origin approved it: only approved oracles post scores.
	pub approved: bool,
	/// The latest epoch it posted scores for: it may not leave before that epoch closed.
	pub last_scored: Option<EpochIndex>,
	/// Disputes of its scores awaiting a decision: it may not leave before they are decided.
	pub open_disputes: u32,
}

/// The number of oracle seats of a class, and of approved ones.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Debug,
	MaxEncodedLen,
	Default,
)]
pub struct OracleTally {
	/// Seats, approved or not.
	pub seats: u32,
	/// Approved seats: while there are none, reports of the class read no scores.
	pub approved: u32,
}

/// A quality score an oracle posted for one device and epoch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug, MaxEncodedLen,
)]
pub struct PostedScore<AccountId> {
	/// The epoch it applies to.
	pub epoch: EpochIndex,
	/// The multiplier of the device's units in that epoch (at most 100%).
	pub score: Permill,
	/// The oracle that posted it.
	pub oracle: AccountId,
	/// Whether it is disputed: a disputed score does not apply, unless the dispute is rejected
	/// before the epoch starts.
	pub disputed: bool,
}

/// A dispute of a posted score, awaiting the admin origin's decision.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug, MaxEncodedLen,
)]
pub struct ScoreDispute<AccountId, Balance> {
	/// The scored device.
	pub device: DeviceId,
	/// The class the oracle scored it in.
	pub class: DeviceClassId,
	/// The epoch of the score.
	pub epoch: EpochIndex,
	/// The oracle that posted it.
	pub oracle: AccountId,
	/// The disputed score.
	pub score: Permill,
	/// Who disputes it, and whose bond is held.
	pub disputer: AccountId,
	/// The disputer's bond.
	pub bond: Balance,
}

/// Id of a score dispute.
pub type ScoreDisputeId = u32;

/// One open challenge, as the runtime API shows it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug, MaxEncodedLen,
)]
pub struct OpenChallenge<BlockNumber> {
	/// The challenged device.
	pub device: DeviceId,
	/// The challenge.
	pub challenge: Challenge<BlockNumber>,
}

/// How far pruning of old class sums has come.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Debug,
	MaxEncodedLen,
	Default,
)]
pub struct PruneCursor {
	/// The oldest epoch whose class sums are kept.
	pub epoch: EpochIndex,
	/// Where the last partial clear of its class sums stopped.
	pub cursor: Option<BoundedVec<u8, ConstU32<256>>>,
}
