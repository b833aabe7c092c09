#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

use frame_support::pallet_macros::import_section;

mod authorize;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod challenges;
mod check;
mod coverage;
mod epoch;
mod errors;
mod events;
mod fraud;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
mod ledger;
pub mod merkle;
#[cfg(test)]
mod mock;
mod oracles;
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
	/// Opens a funded order of customer number `index` for one unit an epoch of `device`
	/// (owned by `owner`), serving from the next epoch, and returns its id.
	fn order_for_receipts(
		owner: &AccountId,
		device: depin_primitives::DeviceId,
		index: u32,
	) -> depin_primitives::OrderId;
}

#[import_section(events::events)]
#[import_section(errors::errors)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use depin_primitives::{
		DeviceClassId, DeviceId, DeviceRegistry, EpochIndex, OnEpochClosed, OnWorkClosed,
		ProofKind, ReceiptOrders, StorageDemand, WorkUnits,
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
		Perbill, Permill,
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
	/// A score dispute as stored.
	pub type ScoreDisputeOf<T> = ScoreDispute<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
	/// Scores as an oracle posts them.
	pub type ScoresOf<T> = BoundedVec<(DeviceId, Permill), <T as Config>::MaxScoresPerPost>;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A fraud reporter's bond, held until governance decides the report.
		FraudReportBond,
		/// A quality oracle's bond, held while it has a seat in a class.
		OracleBond,
		/// A score disputer's bond, held until governance decides the dispute.
		ScoreDisputeBond,
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

		/// The funded orders customers' receipts count against (the service market in the
		/// runtime): a receipt names its order, and is refused unless the order is the
		/// customer's, of this device, serving the epoch and not exceeded.
		type ReceiptOrders: ReceiptOrders<Self::AccountId>;

		/// The native value (smallest units) of the take behind one unit of a receipt class's
		/// work. A receipt device is credited the value of the take its receipts' orders pay,
		/// in these units, not the receipts' own units: so that reward emission can pay it no
		/// more than a share of that take, and buying service from oneself never pays.
		#[pallet::constant]
		type DemandUnit: Get<BalanceOf<Self>>;

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

		/// Most oracle seats (approved or not) in one class.
		#[pallet::constant]
		type MaxOraclesPerClass: Get<u32>;

		/// Most devices one `post_scores` may score.
		#[pallet::constant]
		type MaxScoresPerPost: Get<u32>;

		/// Most score disputes awaiting a decision.
		#[pallet::constant]
		type MaxOpenScoreDisputes: Get<u32>;

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
			quality: QualityRule {
				oracle_bond: T::Currency::minimum_balance(),
				dispute_bond: T::Currency::minimum_balance(),
				dispute_window: One::one(),
				min_score: Permill::one(),
				oracle_slash: Perbill::one(),
			},
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

	/// Oracle seats per (class, account): who may score the class's devices, and their bonds.
	#[pallet::storage]
	pub type Oracles<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DeviceClassId,
		Blake2_128Concat,
		T::AccountId,
		OracleSeat<BalanceOf<T>>,
		OptionQuery,
	>;

	/// The number of oracle seats per class, and of approved ones: a report reads its device's
	/// posted score only when its class has an approved oracle. No entry: no seats.
	#[pallet::storage]
	pub type OracleCount<T: Config> =
		StorageMap<_, Twox64Concat, DeviceClassId, OracleTally, ValueQuery>;

	/// Each device's latest posted oracle score, for the epoch it names. Removed with the
	/// device; an entry of an older epoch no longer applies.
	#[pallet::storage]
	pub type PostedScores<T: Config> =
		StorageMap<_, Blake2_128Concat, DeviceId, PostedScore<T::AccountId>, OptionQuery>;

	/// Score disputes awaiting a decision.
	#[pallet::storage]
	pub type ScoreDisputes<T: Config> =
		CountedStorageMap<_, Twox64Concat, ScoreDisputeId, ScoreDisputeOf<T>, OptionQuery>;

	/// The id the next score dispute will get.
	#[pallet::storage]
	pub type NextScoreDisputeId<T: Config> = StorageValue<_, ScoreDisputeId, ValueQuery>;

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
		) -> DispatchResultWithPostInfo {
			ensure_authorized(origin)?;
			let declared = Self::submit_weight(&report);
			// The signatures were verified by `authorize_report` while this very transaction
			// was applied.
			let unread = Self::do_submit(report, &signature, false, None)?;
			Ok(Some(declared.saturating_sub(unread)).into())
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
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let declared = Self::report_weight(&report);
			let unread = Self::do_submit(report, &signature, true, Some(who))?;
			Ok(Some(declared.saturating_sub(unread)).into())
		}

		/// Commits a storage device to its data: the Merkle root over its chunks (see the
		/// `merkle` module: leaves name the device and their position) and their number. The
		/// device joins the set challenges are drawn from; committing again replaces the root,
		/// except while a challenge of the device is open. An answered challenge delivers to
		/// the customers' storage orders that name this root (`StorageDemand`) their chunks, up
		/// to the class limit, and earns the value of their take (`DemandUnit`s): a root no order
		/// names earns nothing.
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

		/// Offers the caller as a quality oracle of `class`: `quality.oracle_bond` is held from
		/// its account until it leaves. It posts scores once the admin origin approves it.
		///
		/// Errors: `ClassNotFound`, `AlreadyOracle`, `TooManyOracles`, `BondNotAffordable`.
		#[pallet::call_index(10)]
		pub fn offer_oracle(origin: OriginFor<T>, class: DeviceClassId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_oracle(who, class)
		}

		/// Approves an offered oracle of `class`: the DAO's word that its scoring method is
		/// sound. From now on it may post scores for the class's devices.
		///
		/// Errors: `NotOracle`, `OracleAlreadyApproved`.
		#[pallet::call_index(11)]
		pub fn approve_oracle(
			origin: OriginFor<T>,
			class: DeviceClassId,
			oracle: T::AccountId,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_approve_oracle(class, oracle)
		}

		/// Removes `oracle`'s seat in `class` and releases its bond: called by the oracle
		/// itself, or by the admin origin to remove it. Refused while its scores are still
		/// accountable (a dispute awaits a decision, or an epoch it scored has not closed), so
		/// that no oracle escapes a slash by leaving.
		///
		/// Errors: `NotOracle`, `OracleAccountable`; `BadOrigin` for any other caller.
		#[pallet::call_index(12)]
		pub fn retire_oracle(
			origin: OriginFor<T>,
			class: DeviceClassId,
			oracle: T::AccountId,
		) -> DispatchResult {
			if let Err(origin) = T::AdminOrigin::try_origin(origin) {
				let who = ensure_signed(origin)?;
				ensure!(who == oracle, DispatchError::BadOrigin);
			}
			Self::do_retire_oracle(class, oracle)
		}

		/// Posts quality scores for devices of `class` for the next epoch (`epoch` must name
		/// it), computed by the published method whose hash is `method`. Each score multiplies
		/// the device's units when its reports of that epoch are accepted; it lies between
		/// `quality.min_score` and 100%. Where another oracle scored a device higher for the
		/// epoch the lower score replaces it (the lowest counts, so no oracle shields a device
		/// by scoring it first). Posting closes `quality.dispute_window` blocks before the epoch
		/// starts, leaving that long to dispute.
		///
		/// Errors: `NotOracle`, `OracleNotApproved`, `NotNextEpoch`, `PostingClosed`, `NoScores`,
		/// `UnknownDevice`, `DeviceNotInClass`, `ScoreOutOfBounds`, `DuplicateScore`,
		/// `AlreadyScored`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::post_scores(scores.len() as u32))]
		pub fn post_scores(
			origin: OriginFor<T>,
			class: DeviceClassId,
			epoch: EpochIndex,
			method: H256,
			scores: ScoresOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_post_scores(who, class, epoch, method, scores)
		}

		/// Disputes `device`'s posted score before its epoch starts, holding
		/// `quality.dispute_bond` until the admin origin decides. A disputed score does not
		/// apply (the device keeps 100%) unless the dispute is rejected before the epoch
		/// starts. Anyone may dispute.
		///
		/// Errors: `NoScore`, `DisputeWindowClosed`, `AlreadyDisputed`, `TooManyDisputes`,
		/// `BondNotAffordable`.
		#[pallet::call_index(14)]
		pub fn dispute_score(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute_score(who, device)
		}

		/// Decides a score dispute. Upheld: `quality.oracle_slash` of the oracle's bond is
		/// taken (the disputer gets `prover_reward` of it), the disputer's bond is returned and
		/// the score removed. Rejected: the disputer's bond is slashed and, if the score's epoch
		/// has not started, the score applies again.
		///
		/// Errors: `DisputeNotFound`.
		#[pallet::call_index(15)]
		pub fn decide_dispute(
			origin: OriginFor<T>,
			id: ScoreDisputeId,
			upheld: bool,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_decide_dispute(id, upheld)
		}

		/// Sets the parameters. A new epoch length applies from the next epoch.
		///
		/// Errors: `EpochLengthOutOfBounds`, `ReadingAgeOutOfBounds`, `ChallengesOutOfBounds`,
		/// `ResponseWindowOutOfBounds`, `WitnessCapOutOfBounds`, `WitnessDistanceOutOfBounds`,
		/// `FraudBondOutOfBounds`, `CellSizeOutOfBounds`, `CellUnitsOutOfBounds`,
		/// `QualityBondOutOfBounds`, `DisputeWindowOutOfBounds`.
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
