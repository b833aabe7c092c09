#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

mod authorize;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod challenges;
mod check;
mod coverage;
mod epoch;
mod fraud;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
mod ledger;
pub mod merkle;
#[cfg(test)]
mod mock;
mod record;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

/// What the benchmarks need from the runtime: registered devices and customers that sign.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, CustomerSignature> {
	/// Registers `device` for `owner` in an active class of `kind`, with `location`.
	fn register_device(
		owner: &AccountId,
		device: depin_primitives::DeviceId,
		kind: depin_primitives::ProofKind,
		location: Option<depin_primitives::Location>,
	);
	/// Customer number `index`: an account that can sign receipts.
	fn customer(index: u32) -> AccountId;
	/// Customer number `index`'s signature over `payload`.
	fn sign_as_customer(index: u32, payload: &[u8]) -> CustomerSignature;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use depin_primitives::{
		DeviceClassId, DeviceId, DeviceRegistry, EpochIndex, OnEpochClosed, OnWorkClosed,
		ProofKind, StorageDemand, WorkUnits,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{self, Inspect, MutateHold},
			OnUnbalanced, Randomness,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::{sr25519, H256};
	use sp_runtime::{
		traits::{IdentifyAccount, Verify},
		Permill,
	};

	/// The balance type of the pallet's currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// Funds taken from a hold by a slash.
	pub type CreditOf<T> =
		fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;
	/// A work report as the calls take it.
	pub type ReportOf<T> = WorkReport<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		<T as Config>::CustomerSignature,
		BlockNumberFor<T>,
	>;
	/// A report payload as the calls take it.
	pub type PayloadOf<T> = ReportPayload<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		<T as Config>::CustomerSignature,
		BlockNumberFor<T>,
	>;
	/// The parameters as stored.
	pub type ParamsOf<T> = WorkParams<BalanceOf<T>, BlockNumberFor<T>>;
	/// A fraud report as stored.
	pub type FraudReportOf<T> = FraudReport<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A fraud reporter's bond, held until governance decides the report.
		FraudReportBond,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: fraud report bonds are held in it.
		type Currency: fungible::Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::BalancedHold<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The device registry: owners, classes, statuses, locations, slashing.
		type Registry: DeviceRegistry<Self::AccountId, BalanceOf<Self>>;

		/// Sets the parameters and decides fraud reports: the DAO in the runtime.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Picks the devices and chunks to challenge at the start of each epoch.
		type Randomness: Randomness<Self::Hash, BlockNumberFor<Self>>;

		/// A customer's signature on a job receipt (the chain's account signature type).
		type CustomerSignature: Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>>
			+ Parameter;

		/// Told in the first block of each epoch that the previous epoch closed (reward
		/// emission in the runtime).
		type OnEpochClosed: OnEpochClosed;

		/// Told, once per device and closed epoch, the device's final work there (reward
		/// emission in the runtime, which turns it into the device's reward balance).
		type OnWorkClosed: OnWorkClosed;

		/// Where the bonds of rejected fraud reports go.
		type OnSlash: OnUnbalanced<CreditOf<Self>>;

		/// What customers ordered storage devices to keep (the service market in the runtime):
		/// an answered challenge earns units for ordered data only.
		type StorageDemand: StorageDemand;

		/// Shortest epoch the admin origin may set, in blocks.
		#[pallet::constant]
		type MinEpochLength: Get<BlockNumberFor<Self>>;

		/// Longest epoch the admin origin may set, in blocks.
		#[pallet::constant]
		type MaxEpochLength: Get<BlockNumberFor<Self>>;

		/// Closed epochs whose class sums the ledger keeps, and for which fraud may be proven
		/// or reported.
		#[pallet::constant]
		type RetainedEpochs: Get<EpochIndex>;

		/// Most storage challenges per epoch (the admin's setting may not exceed it).
		#[pallet::constant]
		type MaxChallengesPerEpoch: Get<u32>;

		/// Class sums of old epochs pruned per block, at most.
		#[pallet::constant]
		type PruneBatch: Get<u32>;

		/// Pool priority of a feeless device report. Keep it below the priority of signed
		/// transactions (which start at the fee-based priority of a zero-tip transaction) so
		/// that a flood of reports never crowds out signed traffic.
		#[pallet::constant]
		type ReportPriority: Get<TransactionPriority>;

		/// Most fraud reports awaiting a decision.
		#[pallet::constant]
		type MaxOpenFraudReports: Get<u32>;

		/// Most reports one batch (`submit_reports`) may carry. Keep a full batch's weight
		/// well below a block's.
		#[pallet::constant]
		type MaxReportsPerBatch: Get<u32>;

		/// Registers devices and signs receipts for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::CustomerSignature>;

		/// Weights of the calls and hooks, from the benchmarks.
		type WeightInfo: WeightInfo;
	}

	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// Most witnesses a beacon report may carry.
		pub fn max_witnesses() -> u32 {
			MAX_WITNESSES
		}
		/// Most receipts a report may carry.
		pub fn max_receipts() -> u32 {
			MAX_RECEIPTS
		}
		/// Largest chunk in a challenge response, in bytes.
		pub fn max_chunk_len() -> u32 {
			MAX_CHUNK_LEN
		}
	}

	/// The parameters the admin origin tunes.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, DefaultParams<T>>;

	/// Parameters before genesis sets them: the most cautious values the runtime allows.
	#[pallet::type_value]
	pub fn DefaultParams<T: Config>() -> ParamsOf<T> {
		WorkParams {
			epoch_length: T::MinEpochLength::get(),
			max_reading_age: T::MinEpochLength::get(),
			challenges_per_epoch: 0,
			response_window: T::MinEpochLength::get(),
			miss_penalty: Permill::from_percent(10),
			score_recovery: Permill::from_percent(5),
			beacon_units: 1,
			witness_units: 1,
			max_witnesses: 1,
			min_witness_distance_m: 0,
			max_witness_distance_m: 0,
			equivocation_slash: Zero::zero(),
			prover_reward: Zero::zero(),
			fraud_report_bond: T::Currency::minimum_balance(),
			coverage: CoverageRule { cell_udeg: 10_000, cell_units: 1, witness_needs_maker: true },
		}
	}

	/// The epoch that runs now.
	#[pallet::storage]
	pub type CurrentEpoch<T: Config> = StorageValue<_, EpochInfo<BlockNumberFor<T>>, ValueQuery>;

	/// Each device's latest epoch with work: one record per device, whatever the number of
	/// epochs (see [`DeviceWork`]). Removed with the device.
	#[pallet::storage]
	pub type Ledger<T: Config> = StorageMap<_, Blake2_128Concat, DeviceId, DeviceWork, OptionQuery>;

	/// Verified work per (epoch, class): the sum of the units credited in the epoch to the
	/// class's devices. Kept for `RetainedEpochs` closed epochs.
	#[pallet::storage]
	pub type ClassUnits<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Twox64Concat,
		DeviceClassId,
		WorkUnits,
		ValueQuery,
	>;

	/// Storage devices' commitments to their data.
	#[pallet::storage]
	pub type Commitments<T: Config> =
		StorageMap<_, Blake2_128Concat, DeviceId, Commitment, OptionQuery>;

	/// The devices challenges are drawn from, by slot (0..count, no gaps).
	#[pallet::storage]
	pub type Challengeable<T: Config> =
		CountedStorageMap<_, Twox64Concat, u32, DeviceId, OptionQuery>;

	/// Each device's open (or expired, not yet cleaned) challenge.
	#[pallet::storage]
	pub type Challenges<T: Config> =
		StorageMap<_, Blake2_128Concat, DeviceId, Challenge<BlockNumberFor<T>>, OptionQuery>;

	/// The devices challenged in the current epoch.
	#[pallet::storage]
	pub type EpochChallenges<T: Config> =
		StorageValue<_, BoundedVec<DeviceId, T::MaxChallengesPerEpoch>, ValueQuery>;

	/// Coverage rules of the classes that have their own (others follow `Params::coverage`).
	#[pallet::storage]
	pub type CoverageRules<T: Config> =
		StorageMap<_, Twox64Concat, DeviceClassId, CoverageRule, OptionQuery>;

	/// Units the beacons of each (coverage class, grid cell) earned in the latest epoch they
	/// earned in: `(epoch, units)`. One entry per cell where beacons were accepted; an entry of
	/// an older epoch counts as empty.
	#[pallet::storage]
	pub type CellWork<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		(DeviceClassId, Cell),
		(EpochIndex, WorkUnits),
		OptionQuery,
	>;

	/// Each beaconer's latest beacon epoch and its witnesses' streaks: a pair that meets epoch
	/// after epoch earns half, then a quarter, of a fresh pair's units. Removed with the device.
	#[pallet::storage]
	pub type BeaconPairs<T: Config> =
		StorageMap<_, Blake2_128Concat, DeviceId, (EpochIndex, PairStreaks), OptionQuery>;

	/// Quality scores below 100% (a device not listed has a full score).
	#[pallet::storage]
	pub type Scores<T: Config> = StorageMap<_, Blake2_128Concat, DeviceId, Permill, OptionQuery>;

	/// Fraud reports awaiting a decision.
	#[pallet::storage]
	pub type FraudReports<T: Config> =
		CountedStorageMap<_, Twox64Concat, FraudReportId, FraudReportOf<T>, OptionQuery>;

	/// The id the next fraud report will get.
	#[pallet::storage]
	pub type NextFraudReportId<T: Config> = StorageValue<_, FraudReportId, ValueQuery>;

	/// How far pruning has come: the oldest epoch whose class sums are kept, and where in them.
	#[pallet::storage]
	pub type Pruning<T: Config> = StorageValue<_, PruneCursor, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Parameters at genesis (the runtime's most cautious values if absent); must lie
		/// within the runtime's bounds. Epoch 0 starts at block 0 with their epoch length.
		pub params: Option<ParamsOf<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let params = self.params.clone().unwrap_or_else(DefaultParams::<T>::get);
			Pallet::<T>::check_params(&params).expect("genesis physical-work parameters invalid");
			CurrentEpoch::<T>::put(EpochInfo {
				index: 0,
				start: Zero::zero(),
				length: params.epoch_length,
			});
			Params::<T>::put(params);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An epoch closed: its work is final.
		EpochClosed {
			/// The closed epoch.
			epoch: EpochIndex,
		},
		/// An epoch started.
		EpochStarted {
			/// The new epoch.
			epoch: EpochIndex,
			/// Its first block.
			start: BlockNumberFor<T>,
			/// Its length in blocks.
			length: BlockNumberFor<T>,
		},
		/// A device's work report was accepted.
		WorkAccepted {
			/// The reporting device.
			device: DeviceId,
			/// The epoch.
			epoch: EpochIndex,
			/// The device's class.
			class: DeviceClassId,
			/// How the work was proven.
			kind: ProofKind,
			/// Units credited to the device (after its quality score and the class limit).
			units: WorkUnits,
			/// The account that submitted a signed report, or `None` for a feeless report.
			submitter: Option<T::AccountId>,
		},
		/// The witnesses of a beacon were credited.
		WitnessesCredited {
			/// The beaconing device.
			beaconer: DeviceId,
			/// The epoch.
			epoch: EpochIndex,
			/// How many witnesses were credited.
			witnesses: u32,
			/// Units each witness was offered: `witness_units`, or less where the cell's worth
			/// for the epoch ran out (before a repeated pair's decay and the witness's class
			/// limit).
			units_each: WorkUnits,
		},
		/// A storage device committed (or re-committed) to its data.
		StorageCommitted {
			/// The device.
			device: DeviceId,
			/// The Merkle root of its data.
			root: H256,
			/// The number of chunks.
			chunks: u32,
		},
		/// A storage device withdrew from challenges.
		StorageWithdrawn {
			/// The device.
			device: DeviceId,
		},
		/// A storage device was challenged.
		ChallengeIssued {
			/// The device.
			device: DeviceId,
			/// The epoch.
			epoch: EpochIndex,
			/// The chunk to prove.
			chunk: u32,
			/// The last block in which the answer is accepted.
			deadline: BlockNumberFor<T>,
		},
		/// A challenged device proved its chunk in time.
		ChallengeAnswered {
			/// The device.
			device: DeviceId,
			/// The epoch.
			epoch: EpochIndex,
			/// Its quality score now.
			score: Permill,
		},
		/// A challenged device did not answer in time; its quality score fell.
		ChallengeMissed {
			/// The device.
			device: DeviceId,
			/// The epoch of the challenge.
			epoch: EpochIndex,
			/// Its quality score now.
			score: Permill,
		},
		/// A device was proven to have signed two different reports for one epoch: it was
		/// slashed and suspended.
		EquivocationProven {
			/// The device.
			device: DeviceId,
			/// The epoch.
			epoch: EpochIndex,
			/// Who proved it.
			prover: T::AccountId,
			/// Taken from the device's bond.
			slashed: BalanceOf<T>,
			/// The part of it paid to the prover.
			rewarded: BalanceOf<T>,
			/// Units removed from the device's (still open) epoch.
			units_removed: WorkUnits,
		},
		/// A fraud report was filed and its bond held.
		FraudReported {
			/// The report's id.
			id: FraudReportId,
			/// The reporter.
			reporter: T::AccountId,
			/// The accused device.
			device: DeviceId,
			/// The epoch concerned.
			epoch: EpochIndex,
		},
		/// Governance decided a fraud report.
		FraudReportDecided {
			/// The report's id.
			id: FraudReportId,
			/// Whether the fraud was upheld (device slashed and suspended, bond returned) or
			/// rejected (reporter's bond slashed).
			upheld: bool,
			/// Taken from the device's bond (if upheld) or the reporter's bond (if rejected).
			slashed: BalanceOf<T>,
		},
		/// The parameters were changed.
		ParamsChanged {
			/// The new parameters.
			params: ParamsOf<T>,
		},
		/// A coverage class got its own coverage rule, or (`None`) returned to the default.
		CoverageRuleSet {
			/// The class.
			class: DeviceClassId,
			/// Its rule.
			rule: Option<CoverageRule>,
		},
		/// An old epoch's class sums were removed.
		EpochPruned {
			/// The removed epoch.
			epoch: EpochIndex,
		},
		/// A report of a batch was not accepted; the batch's other reports were checked on
		/// their own.
		ReportSkipped {
			/// Its position in the batch, from 0.
			index: u32,
			/// The device it names.
			device: DeviceId,
			/// Why: an error of this pallet (`ReportAlreadySubmitted`, `InvalidSignature`...).
			error: DispatchError,
		},
		/// A batch of reports was recorded: `accepted` ledger entries written (read them with
		/// `PhysicalWorkApi::device_work`), `skipped` reports refused (each with its
		/// `ReportSkipped`).
		ReportsBatched {
			/// The epoch.
			epoch: EpochIndex,
			/// Reports accepted.
			accepted: u32,
			/// Reports skipped.
			skipped: u32,
			/// Units credited to the reporting devices in all.
			units: WorkUnits,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The report is for an epoch that has ended; reports are accepted in their epoch only.
		EpochEnded,
		/// The report is for an epoch that has not started.
		EpochNotStarted,
		/// The registry does not know the device.
		UnknownDevice,
		/// The device is not active (suspended, deregistering or retired).
		DeviceNotActive,
		/// The device's class no longer exists.
		ClassNotFound,
		/// The payload is not of the proof kind the device's class requires.
		WrongProofKind,
		/// The device already has a report accepted in this epoch.
		ReportAlreadySubmitted,
		/// The device was proven to equivocate in this epoch and may not report in it.
		DeviceEquivocated,
		/// The device's signature over the report does not verify.
		InvalidSignature,
		/// The report claims no units.
		ZeroUnits,
		/// The report claims more units than a device of its class may do in an epoch.
		ImplausibleUnits,
		/// The reading was taken at a block that has not happened yet.
		ReadingFromFuture,
		/// The reading was taken before the epoch started or too long ago.
		StaleReading,
		/// The device has no open challenge in this epoch.
		NoOpenChallenge,
		/// The challenge's answer window is over.
		ChallengeExpired,
		/// The device has no storage commitment.
		NoStorageCommitment,
		/// The chunk and proof do not match the committed data root.
		InvalidStorageProof,
		/// The beaconing device has no registered location.
		MissingLocation,
		/// A beacon report must name at least one witness.
		NoWitnesses,
		/// More witnesses than the cap.
		TooManyWitnesses,
		/// A device cannot witness its own beacon.
		SelfWitness,
		/// A witness is listed twice.
		DuplicateWitness,
		/// A witness is unknown or not active.
		WitnessNotActive,
		/// A witness is not a coverage device.
		WitnessNotCoverageDevice,
		/// A witness has the same owner as the beaconer.
		WitnessSameOwner,
		/// A witness has no registered location.
		WitnessWithoutLocation,
		/// A witness is closer to the beaconer than the minimum distance.
		WitnessTooClose,
		/// A witness is farther from the beaconer than the maximum distance.
		WitnessTooFar,
		/// A witness's signature does not verify.
		InvalidWitnessSignature,
		/// The class's coverage rule requires maker-attested witnesses, and a witness is not.
		WitnessNotAttested,
		/// A coverage rule's cell side must be between 1 and 360 000 000 micro-degrees.
		CellSizeOutOfBounds,
		/// A coverage rule's cell must be worth at least one unit.
		CellUnitsOutOfBounds,
		/// The class is not proven by witnessed coverage.
		NotCoverageClass,
		/// A receipt report must carry at least one receipt.
		NoReceipts,
		/// The customer of a receipt is the device's owner.
		CustomerIsOwner,
		/// A job id appears twice in the report.
		DuplicateJob,
		/// A customer's signature over a receipt does not verify.
		InvalidReceiptSignature,
		/// The caller does not own the device.
		NotDeviceOwner,
		/// The device's class is not proven by challenge–response.
		NotStorageDevice,
		/// A commitment must cover at least one chunk.
		ZeroChunks,
		/// The device has a challenge that is not answered or scored yet: its commitment may
		/// change once the challenge is answered or its epoch ends.
		CommitmentUnderChallenge,
		/// The two reports are not for the same device and epoch.
		NotEquivocation,
		/// The two reports are the same report.
		IdenticalReports,
		/// The epoch is older than the ledger keeps, or has not started.
		EpochNotRetained,
		/// The device was already punished for equivocating in this epoch or a later one.
		AlreadyPunished,
		/// No fraud report has this id.
		FraudReportNotFound,
		/// Too many fraud reports await a decision.
		TooManyFraudReports,
		/// The caller cannot afford the fraud report bond.
		BondNotAffordable,
		/// The epoch length is outside the runtime's bounds.
		EpochLengthOutOfBounds,
		/// The reading age must be at least one block.
		ReadingAgeOutOfBounds,
		/// More challenges per epoch than the runtime allows.
		ChallengesOutOfBounds,
		/// The response window must be between one block and the epoch length.
		ResponseWindowOutOfBounds,
		/// The witness cap must be between 1 and the most a report can carry.
		WitnessCapOutOfBounds,
		/// The minimum witness distance exceeds the maximum.
		WitnessDistanceOutOfBounds,
		/// The fraud report bond is below the existential deposit.
		FraudBondOutOfBounds,
		/// A batch must carry at least one report.
		EmptyBatch,
		/// A batch carries more reports than `MaxReportsPerBatch`: split it.
		BatchTooLarge,
		/// A batch carries two reports of one device: a device reports once per epoch, so keep
		/// one.
		DuplicateReportInBatch,
		/// No report of the batch would be accepted (each is refused for its own reason: submit
		/// them one by one to see it).
		NoValidReportInBatch,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::on_initialize_epoch(now)
		}

		fn integrity_test() {
			assert!(
				T::MinEpochLength::get() >= One::one(),
				"an epoch must last at least one block"
			);
			assert!(
				T::MinEpochLength::get() <= T::MaxEpochLength::get(),
				"MinEpochLength must not exceed MaxEpochLength"
			);
			assert!(T::RetainedEpochs::get() >= 1, "the ledger must keep the last closed epoch");
			assert!(T::PruneBatch::get() >= 1, "pruning must make progress");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Submits a device-signed work report, feeless: a general transaction authorised by the
		/// device's signature alone, so a device needs no tokens. The pool refuses it (naming the
		/// error below as its custom code) unless the device is registered and active, the
		/// report is for the current epoch, it is the device's first report of the epoch, and
		/// every signature and check of its proof kind holds. Pool priority is
		/// `ReportPriority`, below signed traffic; the transaction lives until the epoch ends.
		/// In a block its signatures are verified before the dispatch and the rest by it, once.
		/// Its weight is operational, so that reports never move the fee multiplier, which
		/// follows normal transactions only.
		///
		/// Errors: `EpochEnded`, `EpochNotStarted`, `UnknownDevice`, `DeviceNotActive`,
		/// `ClassNotFound`, `WrongProofKind`, `ReportAlreadySubmitted`, `DeviceEquivocated`,
		/// `InvalidSignature`, and those of the proof kind (see the pallet's README).
		#[pallet::call_index(0)]
		#[pallet::weight((
			Pallet::<T>::submit_weight(report),
			DispatchClass::Operational,
			Pays::No,
		))]
		#[pallet::authorize(Pallet::<T>::authorize_report)]
		#[pallet::weight_of_authorize(Pallet::<T>::verify_weight(report))]
		pub fn submit_report(
			origin: OriginFor<T>,
			report: ReportOf<T>,
			signature: sr25519::Signature,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			// The signatures were verified by `authorize_report` while this very transaction
			// was applied.
			Self::do_submit(report, &signature, false, None)
		}

		/// Submits a device-signed work report in a normal signed transaction: the caller (the
		/// operator, or a gateway) pays the fee. The report is checked exactly as a feeless one.
		///
		/// Errors: as `submit_report`.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::report_weight(report))]
		pub fn submit_report_signed(
			origin: OriginFor<T>,
			report: ReportOf<T>,
			signature: sr25519::Signature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit(report, &signature, true, Some(who))
		}

		/// Commits a storage device to its data: the Merkle root over its chunks (see the
		/// `merkle` module: leaves name the device and their position) and their number. The
		/// device joins the set challenges are drawn from; committing again replaces the root,
		/// except while a challenge of the device is open. An answered challenge earns the
		/// chunks that customers' storage orders name this root for (`StorageDemand`), up to the
		/// class limit: a root no order names earns nothing.
		///
		/// Errors: `UnknownDevice`, `NotDeviceOwner`, `DeviceNotActive`, `ClassNotFound`,
		/// `NotStorageDevice`, `ZeroChunks`, `CommitmentUnderChallenge`.
		#[pallet::call_index(2)]
		// With the open-challenge read, which the weights of 2026-11-22 predate.
		#[pallet::weight(T::WeightInfo::commit_storage().saturating_add(T::DbWeight::get().reads(1)))]
		pub fn commit_storage(
			origin: OriginFor<T>,
			device: DeviceId,
			root: H256,
			chunks: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit_storage(who, device, root, chunks)
		}

		/// Withdraws a storage device from challenges. An open challenge still counts (and is
		/// missed if not answered).
		///
		/// Errors: `UnknownDevice`, `NotDeviceOwner`, `NoStorageCommitment`.
		#[pallet::call_index(3)]
		pub fn withdraw_storage(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_storage(who, device)
		}

		/// Proves that a device signed two different reports for one epoch. Anyone may call it
		/// with both reports and signatures: the device's bond is slashed by
		/// `equivocation_slash` (the prover gets `prover_reward` of it), the device is
		/// suspended, and, if the epoch is still open, its units in it are removed.
		///
		/// Errors: `NotEquivocation`, `IdenticalReports`, `EpochNotRetained`, `UnknownDevice`,
		/// `InvalidSignature`, `AlreadyPunished`. A device is punished once for an epoch and
		/// every earlier one: proofs are taken in the order of their epochs.
		#[pallet::call_index(4)]
		#[pallet::weight(
			T::WeightInfo::prove_equivocation().saturating_add(T::OnWorkClosed::weight())
		)]
		pub fn prove_equivocation(
			origin: OriginFor<T>,
			first: ReportOf<T>,
			first_signature: sr25519::Signature,
			second: ReportOf<T>,
			second_signature: sr25519::Signature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_prove_equivocation(who, first, first_signature, second, second_signature)
		}

		/// Reports other fraud by a device (a faked location, a relayed beacon...) for
		/// governance to decide. The reporter's `fraud_report_bond` is held until then.
		///
		/// Errors: `UnknownDevice`, `EpochNotRetained`, `TooManyFraudReports`,
		/// `BondNotAffordable`.
		#[pallet::call_index(5)]
		pub fn report_fraud(
			origin: OriginFor<T>,
			device: DeviceId,
			epoch: EpochIndex,
			evidence: Evidence,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_report_fraud(who, device, epoch, evidence)
		}

		/// Decides a fraud report. Upheld: up to `slash` is taken from the device's bond (the
		/// reporter gets `prover_reward` of it), the device is suspended and the reporter's
		/// bond returned. Rejected: the reporter's bond is slashed.
		///
		/// Errors: `FraudReportNotFound`.
		#[pallet::call_index(6)]
		pub fn decide_fraud(
			origin: OriginFor<T>,
			id: FraudReportId,
			upheld: bool,
			slash: BalanceOf<T>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_decide_fraud(id, upheld, slash)
		}

		/// Submits a batch of device-signed work reports, feeless: a gateway or aggregator
		/// collects reports from many devices and sends them in one transaction. The pool admits
		/// a batch only if every report in it would be recorded, refusing it with the error of
		/// the first that would not (`PhysicalWorkBatchApi::check_reports` lists them all, so
		/// that a gateway can leave them out), and the batch claims each report's pool tag: a
		/// report rides in one pooled transaction. In a block each report is checked on its own,
		/// signature included, exactly as `submit_report` checks it; one that fails (recorded
		/// earlier in the block, say) is skipped with `ReportSkipped` and the others are still
		/// recorded (one ledger write each; class sums once per batch). The batch is charged for
		/// the reports it recorded, and two reads for each one skipped before its signature.
		/// Operational, as `submit_report`.
		///
		/// Errors: `EmptyBatch`, `BatchTooLarge` (over `MaxReportsPerBatch`),
		/// `DuplicateReportInBatch`, `NoValidReportInBatch`, and in the pool those of
		/// `submit_report`.
		#[pallet::call_index(8)]
		#[pallet::weight((
			Pallet::<T>::batch_weight(reports),
			DispatchClass::Operational,
			Pays::No,
		))]
		#[pallet::authorize(Pallet::<T>::authorize_batch)]
		#[pallet::weight_of_authorize(
			T::WeightInfo::authorize_batch(reports.len().min(T::MaxReportsPerBatch::get() as usize) as u32)
		)]
		pub fn submit_reports(
			origin: OriginFor<T>,
			reports: Vec<(ReportOf<T>, sr25519::Signature)>,
		) -> DispatchResultWithPostInfo {
			ensure_authorized(origin)?;
			Self::do_submit_batch(reports)
		}

		/// Gives coverage class `class` its own coverage rule (cell side, what a cell is worth,
		/// whether witnesses need a maker), or with `None` returns it to `Params::coverage`.
		/// Applies to beacons from the next one.
		///
		/// Errors: `ClassNotFound`, `NotCoverageClass`, `CellSizeOutOfBounds`,
		/// `CellUnitsOutOfBounds`.
		#[pallet::call_index(9)]
		pub fn set_coverage_rule(
			origin: OriginFor<T>,
			class: DeviceClassId,
			rule: Option<CoverageRule>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let kind = T::Registry::proof_kind(class).ok_or(Error::<T>::ClassNotFound)?;
			ensure!(kind == ProofKind::WitnessedCoverage, Error::<T>::NotCoverageClass);
			match &rule {
				Some(r) => {
					Self::check_coverage_rule(r)?;
					CoverageRules::<T>::insert(class, r);
				},
				None => CoverageRules::<T>::remove(class),
			}
			Self::deposit_event(Event::CoverageRuleSet { class, rule });
			Ok(())
		}

		/// Sets the parameters. A new epoch length applies from the next epoch.
		///
		/// Errors: `EpochLengthOutOfBounds`, `ReadingAgeOutOfBounds`, `ChallengesOutOfBounds`,
		/// `ResponseWindowOutOfBounds`, `WitnessCapOutOfBounds`, `WitnessDistanceOutOfBounds`,
		/// `FraudBondOutOfBounds`, `CellSizeOutOfBounds`, `CellUnitsOutOfBounds`.
		#[pallet::call_index(7)]
		pub fn set_params(origin: OriginFor<T>, params: ParamsOf<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::check_params(&params)?;
			Params::<T>::put(params.clone());
			Self::deposit_event(Event::ParamsChanged { params });
			Ok(())
		}
	}
}
