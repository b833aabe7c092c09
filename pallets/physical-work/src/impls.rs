//! The logic behind the calls and hooks, the traits the pallet implements, and the invariants.

use crate::{merkle, pallet::*, types::*, PruneCursor, PruneStage, WeightInfo};
use alloc::vec::Vec;
use codec::Encode;
use depin_primitives::{
	ClassInfo, DeviceClassId, DeviceId, DeviceRegistry, EpochClock, EpochIndex, OnEpochClosed,
	ProofKind, WorkLedger, WorkUnits,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{BalancedHold, Inspect, InspectHold, MutateHold},
		tokens::Precision,
		OnUnbalanced, Randomness,
	},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::{sr25519, H256};
use sp_io::hashing::blake2_256;
use sp_runtime::{
	traits::{SaturatedConversion, Saturating, Verify, Zero},
	Permill,
};

/// What a checked report will credit.
pub(crate) struct Verdict {
	/// The reporting device's class and its per-epoch limit.
	class: DeviceClassId,
	max_units: WorkUnits,
	kind: ProofKind,
	/// The device's own units, before its quality score.
	units: WorkUnits,
	/// Witnesses to credit: device, class, class limit.
	witnesses: Vec<(DeviceId, DeviceClassId, WorkUnits)>,
	/// Job ids to mark used.
	jobs: Vec<H256>,
	/// Whether the report answers the device's challenge.
	answers_challenge: bool,
	/// The device's ledger entry in the epoch, as the check read it.
	entry: Option<LedgerEntry>,
	/// The hash of the report, recorded in the ledger.
	hash: H256,
}

/// Class sums of a transaction's credits, written once per class when it ends.
#[derive(Default)]
pub(crate) struct ClassTotals(Vec<(DeviceClassId, WorkUnits)>);

impl ClassTotals {
	fn add(&mut self, class: DeviceClassId, units: WorkUnits) {
		if units.is_zero() {
			return;
		}
		match self.0.iter_mut().find(|(c, _)| *c == class) {
			Some((_, sum)) => *sum = sum.saturating_add(units),
			None => self.0.push((class, units)),
		}
	}

	/// Adds the sums to the epoch's class totals: one write per class.
	fn flush<T: Config>(self, epoch: EpochIndex) {
		for (class, units) in self.0 {
			// A class sum is bounded by the number of devices times the class limit, far
			// below u64::MAX for any real network.
			ClassUnits::<T>::mutate(epoch, class, |sum| *sum = sum.saturating_add(units));
		}
	}
}

/// Checks reports against the chain's state. What every report needs (the epoch, the block
/// number, the parameters, the genesis hash, the classes) is read once per transaction, so
/// that a batch pays for it once.
pub(crate) struct Checker<T: Config> {
	epoch: EpochInfo<BlockNumberFor<T>>,
	now: BlockNumberFor<T>,
	params: Option<ParamsOf<T>>,
	/// The genesis hash when signatures are verified; `None` when they were verified already.
	genesis: Option<T::Hash>,
	classes: Vec<(DeviceClassId, Option<ClassInfo>)>,
}

impl<T: Config> Checker<T> {
	pub(crate) fn new(verify: bool) -> Self {
		Checker {
			epoch: CurrentEpoch::<T>::get(),
			now: frame_system::Pallet::<T>::block_number(),
			params: None,
			genesis: verify.then(Pallet::<T>::genesis_hash),
			classes: Vec::new(),
		}
	}

	fn params(&mut self) -> &ParamsOf<T> {
		self.params.get_or_insert_with(Params::<T>::get)
	}

	fn class_info(&mut self, class: DeviceClassId) -> Option<ClassInfo> {
		if let Some((_, info)) = self.classes.iter().find(|(c, _)| *c == class) {
			return *info;
		}
		let info = T::Registry::class_info(class);
		self.classes.push((class, info));
		info
	}

	/// Checks one report. Every refusal names its error.
	pub(crate) fn check(
		&mut self,
		report: &ReportOf<T>,
		signature: &sr25519::Signature,
	) -> Result<Verdict, Error<T>> {
		ensure!(report.epoch >= self.epoch.index, Error::<T>::EpochEnded);
		ensure!(report.epoch <= self.epoch.index, Error::<T>::EpochNotStarted);
		let device = report.device;
		let (status, class) = T::Registry::reporting(&device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(status.can_report(), Error::<T>::DeviceNotActive);
		let info = self.class_info(class).ok_or(Error::<T>::ClassNotFound)?;
		ensure!(report.payload.kind() == info.proof_kind, Error::<T>::WrongProofKind);
		let entry = Ledger::<T>::get(report.epoch, device);
		if let Some(entry) = &entry {
			ensure!(!entry.equivocated, Error::<T>::DeviceEquivocated);
			ensure!(entry.report.is_none(), Error::<T>::ReportAlreadySubmitted);
		}
		// The report is encoded once: its hash goes to the ledger, and the signed payload is
		// `(tag, genesis hash, report)`, whose encoding ends with the report's.
		let encoded = report.encode();
		if let Some(genesis) = &self.genesis {
			let mut payload = (REPORT_TAG, genesis).encode();
			payload.extend_from_slice(&encoded);
			ensure!(
				sp_io::crypto::sr25519_verify(signature, &payload, &device),
				Error::<T>::InvalidSignature
			);
		}

		let mut verdict = Verdict {
			class,
			max_units: info.max_units_per_epoch,
			kind: info.proof_kind,
			units: 0,
			witnesses: Vec::new(),
			jobs: Vec::new(),
			answers_challenge: false,
			entry,
			hash: H256(blake2_256(&encoded)),
		};
		match &report.payload {
			ReportPayload::Telemetry { units, measured_at, .. } => {
				ensure!(!units.is_zero(), Error::<T>::ZeroUnits);
				ensure!(*units <= info.max_units_per_epoch, Error::<T>::ImplausibleUnits);
				let now = self.now;
				ensure!(*measured_at <= now, Error::<T>::ReadingFromFuture);
				let age = now.saturating_sub(*measured_at);
				ensure!(
					*measured_at >= self.epoch.start && age <= self.params().max_reading_age,
					Error::<T>::StaleReading
				);
				verdict.units = *units;
			},
			ReportPayload::ChallengeResponse { chunk, proof } => {
				let challenge = Challenges::<T>::get(device)
					.filter(|c| c.epoch == report.epoch)
					.ok_or(Error::<T>::NoOpenChallenge)?;
				ensure!(self.now <= challenge.deadline, Error::<T>::ChallengeExpired);
				let commitment =
					Commitments::<T>::get(device).ok_or(Error::<T>::NoStorageCommitment)?;
				ensure!(
					merkle::verify(
						&commitment.root,
						commitment.chunks,
						challenge.chunk,
						chunk,
						proof
					),
					Error::<T>::InvalidStorageProof
				);
				// Capacity beyond the class limit earns nothing more: clamping is the intent.
				verdict.units = WorkUnits::from(commitment.chunks).min(info.max_units_per_epoch);
				verdict.answers_challenge = true;
			},
			ReportPayload::Coverage { witnesses } => {
				let params = self.params().clone();
				let here = T::Registry::location(&device).ok_or(Error::<T>::MissingLocation)?;
				ensure!(!witnesses.is_empty(), Error::<T>::NoWitnesses);
				ensure!(
					witnesses.len() as u32 <= params.max_witnesses,
					Error::<T>::TooManyWitnesses
				);
				let owner = T::Registry::owner(&device).ok_or(Error::<T>::UnknownDevice)?;
				let heard = match &self.genesis {
					Some(genesis) => witness_payload(genesis, &device, report.epoch, report.nonce),
					None => Vec::new(),
				};
				for (i, w) in witnesses.iter().enumerate() {
					ensure!(w.device != device, Error::<T>::SelfWitness);
					ensure!(
						!witnesses[..i].iter().any(|o| o.device == w.device),
						Error::<T>::DuplicateWitness
					);
					ensure!(T::Registry::is_active(&w.device), Error::<T>::WitnessNotActive);
					let w_class =
						T::Registry::class(&w.device).ok_or(Error::<T>::WitnessNotActive)?;
					let w_info =
						T::Registry::class_info(w_class).ok_or(Error::<T>::ClassNotFound)?;
					ensure!(
						w_info.proof_kind == ProofKind::WitnessedCoverage,
						Error::<T>::WitnessNotCoverageDevice
					);
					ensure!(
						T::Registry::owner(&w.device).as_ref() != Some(&owner),
						Error::<T>::WitnessSameOwner
					);
					let there = T::Registry::location(&w.device)
						.ok_or(Error::<T>::WitnessWithoutLocation)?;
					let distance = here.distance_m(&there);
					ensure!(
						distance >= u64::from(params.min_witness_distance_m),
						Error::<T>::WitnessTooClose
					);
					ensure!(
						distance <= u64::from(params.max_witness_distance_m),
						Error::<T>::WitnessTooFar
					);
					if self.genesis.is_some() {
						ensure!(
							sp_io::crypto::sr25519_verify(&w.signature, &heard, &w.device),
							Error::<T>::InvalidWitnessSignature
						);
					}
					verdict.witnesses.push((w.device, w_class, w_info.max_units_per_epoch));
				}
				// More than the class limit earns nothing more: clamping is the intent.
				verdict.units = params
					.beacon_units
					.saturating_mul(witnesses.len() as WorkUnits)
					.min(info.max_units_per_epoch);
			},
			ReportPayload::Receipts { receipts } => {
				ensure!(!receipts.is_empty(), Error::<T>::NoReceipts);
				let owner = T::Registry::owner(&device).ok_or(Error::<T>::UnknownDevice)?;
				let mut total: WorkUnits = 0;
				for (i, r) in receipts.iter().enumerate() {
					ensure!(r.customer != owner, Error::<T>::CustomerIsOwner);
					ensure!(!r.units.is_zero(), Error::<T>::ZeroUnits);
					ensure!(
						!receipts[..i].iter().any(|o| o.job_id == r.job_id),
						Error::<T>::DuplicateJob
					);
					ensure!(
						!UsedJobs::<T>::contains_key(report.epoch, r.job_id),
						Error::<T>::JobAlreadyUsed
					);
					if let Some(genesis) = &self.genesis {
						let signed = receipt_payload(
							genesis,
							&device,
							report.epoch,
							&r.job_id,
							r.units,
							&r.price,
						);
						ensure!(
							r.signature.verify(&signed[..], &r.customer),
							Error::<T>::InvalidReceiptSignature
						);
					}
					total = total.checked_add(r.units).ok_or(Error::<T>::ImplausibleUnits)?;
					verdict.jobs.push(r.job_id);
				}
				ensure!(total <= info.max_units_per_epoch, Error::<T>::ImplausibleUnits);
				verdict.units = total;
			},
		}
		Ok(verdict)
	}
}

impl<T: Config> Pallet<T> {
	/// The hash of block 0, which every signed payload names so that it is valid on one chain.
	pub fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// A device's quality score: 100% unless it missed challenges recently.
	pub fn score(device: &DeviceId) -> Permill {
		Scores::<T>::get(device).unwrap_or(Permill::one())
	}

	/// The oldest epoch whose work the ledger still holds.
	pub fn oldest_retained_epoch() -> EpochIndex {
		CurrentEpoch::<T>::get().index.saturating_sub(T::RetainedEpochs::get())
	}

	/// The pool's refusal for `error`: an invalid transaction whose custom code is the index of
	/// the error in this pallet's `Error` enum, so that clients name it from the metadata.
	fn refusal(error: Error<T>) -> TransactionValidityError {
		let code = match DispatchError::from(error) {
			DispatchError::Module(m) => m.error[0],
			_ => 0,
		};
		InvalidTransaction::Custom(code).into()
	}

	/// Authorises a feeless report: every check the dispatch would make, including all
	/// signatures, without changing state.
	pub(crate) fn authorize_report(
		_source: TransactionSource,
		report: &ReportOf<T>,
		signature: &sr25519::Signature,
	) -> TransactionValidityWithRefund {
		Self::check_report(report, signature, true).map_err(Self::refusal)?;
		let epoch = CurrentEpoch::<T>::get();
		let now = frame_system::Pallet::<T>::block_number();
		let end = epoch.start.saturating_add(epoch.length);
		let left: u64 = end.saturating_sub(now).saturated_into();
		Ok((
			ValidTransaction {
				priority: T::ReportPriority::get(),
				requires: Vec::new(),
				provides: alloc::vec![(b"depin/report", report.device, report.epoch).encode()],
				longevity: left.max(1),
				propagate: true,
			},
			Weight::zero(),
		))
	}

	/// Weight of checking a report's signatures and proof (the feeless path's authorisation).
	pub fn authorize_weight(report: &ReportOf<T>) -> Weight {
		match &report.payload {
			ReportPayload::Telemetry { .. } => T::WeightInfo::authorize_telemetry(),
			ReportPayload::ChallengeResponse { proof, .. } => {
				T::WeightInfo::authorize_challenge_response(proof.len() as u32)
			},
			ReportPayload::Coverage { witnesses } => {
				T::WeightInfo::authorize_coverage(witnesses.len() as u32)
			},
			ReportPayload::Receipts { receipts } => {
				T::WeightInfo::authorize_receipts(receipts.len() as u32)
			},
		}
	}

	/// Weight of recording an authorised report.
	pub fn submit_weight(report: &ReportOf<T>) -> Weight {
		match &report.payload {
			ReportPayload::Telemetry { .. } => T::WeightInfo::submit_telemetry(),
			ReportPayload::ChallengeResponse { proof, .. } => {
				T::WeightInfo::submit_challenge_response(proof.len() as u32)
			},
			ReportPayload::Coverage { witnesses } => {
				T::WeightInfo::submit_coverage(witnesses.len() as u32)
			},
			ReportPayload::Receipts { receipts } => {
				T::WeightInfo::submit_receipts(receipts.len() as u32)
			},
		}
	}

	/// Checks a report against the chain's state, and its signatures if `verify`: one report
	/// in a transaction of its own.
	pub(crate) fn check_report(
		report: &ReportOf<T>,
		signature: &sr25519::Signature,
		verify: bool,
	) -> Result<Verdict, Error<T>> {
		Checker::<T>::new(verify).check(report, signature)
	}

	/// Checks a report (with its signatures if `verify`) and credits it.
	pub(crate) fn do_submit(
		report: ReportOf<T>,
		signature: &sr25519::Signature,
		verify: bool,
		submitter: Option<T::AccountId>,
	) -> DispatchResult {
		let verdict = Self::check_report(&report, signature, verify)?;
		let (class, kind) = (verdict.class, verdict.kind);
		let mut totals = ClassTotals::default();
		let units = Self::record(&report, verdict, &mut totals);
		totals.flush::<T>(report.epoch);
		Self::deposit_event(Event::WorkAccepted {
			device: report.device,
			epoch: report.epoch,
			class,
			kind,
			units,
			submitter,
		});
		Ok(())
	}

	/// The refusal of a batch's shape, if any: empty, over the bound, or naming one device twice.
	pub(crate) fn check_batch_shape(
		reports: &[(ReportOf<T>, sr25519::Signature)],
	) -> Result<(), Error<T>> {
		ensure!(!reports.is_empty(), Error::<T>::EmptyBatch);
		ensure!(reports.len() as u32 <= T::MaxReportsPerBatch::get(), Error::<T>::BatchTooLarge);
		let mut devices: Vec<&DeviceId> = reports.iter().map(|(r, _)| &r.device).collect();
		devices.sort_unstable();
		ensure!(devices.windows(2).all(|w| w[0] != w[1]), Error::<T>::DuplicateReportInBatch);
		Ok(())
	}

	/// Authorises a feeless batch. In the pool its shape and every report are checked, with
	/// their signatures, and the batch is refused if none would be accepted. In a block nothing
	/// is checked here: the dispatch checks the shape and verifies each report (skipping the
	/// invalid ones) anyway, so that each signature is verified once there.
	// The call's `authorize` attribute hands over the argument as it is declared: a `&Vec`.
	#[allow(clippy::ptr_arg)]
	pub(crate) fn authorize_batch(
		source: TransactionSource,
		reports: &Vec<(ReportOf<T>, sr25519::Signature)>,
	) -> TransactionValidityWithRefund {
		if source == TransactionSource::InBlock {
			return Ok((ValidTransaction::default(), Weight::zero()));
		}
		Self::check_batch_shape(reports).map_err(Self::refusal)?;
		let mut checker = Checker::<T>::new(true);
		if !reports.iter().any(|(report, signature)| checker.check(report, signature).is_ok()) {
			return Err(Self::refusal(Error::<T>::NoValidReportInBatch));
		}
		let epoch = checker.epoch;
		let now = checker.now;
		let left: u64 =
			epoch.start.saturating_add(epoch.length).saturating_sub(now).saturated_into();
		Ok((
			ValidTransaction {
				priority: T::ReportPriority::get(),
				requires: Vec::new(),
				// A batch does not claim its devices' report tags: a device's single report
				// and a batch holding it may wait side by side, and whichever a block takes
				// second finds the report already recorded.
				provides: alloc::vec![(b"depin/batch", blake2_256(&reports.encode())).encode()],
				longevity: left.max(1),
				propagate: true,
			},
			Weight::zero(),
		))
	}

	/// Weight of a batch's dispatch: telemetry reports at their batched cost, every other
	/// report as if it were submitted alone.
	pub fn batch_weight(reports: &[(ReportOf<T>, sr25519::Signature)]) -> Weight {
		let bound = T::MaxReportsPerBatch::get() as usize;
		let reports = &reports[..reports.len().min(bound)];
		let telemetry = reports
			.iter()
			.filter(|(r, _)| matches!(r.payload, ReportPayload::Telemetry { .. }))
			.count() as u32;
		reports.iter().filter(|(r, _)| !matches!(r.payload, ReportPayload::Telemetry { .. })).fold(
			T::WeightInfo::submit_reports(telemetry),
			|w, (r, _)| {
				w.saturating_add(Self::authorize_weight(r)).saturating_add(Self::submit_weight(r))
			},
		)
	}

	/// Verifies and records each report of a batch; an invalid one is skipped with
	/// `ReportSkipped`. Fails (changing nothing) if the batch's shape is wrong or no report is
	/// accepted.
	pub(crate) fn do_submit_batch(
		reports: Vec<(ReportOf<T>, sr25519::Signature)>,
	) -> DispatchResult {
		Self::check_batch_shape(&reports)?;
		let mut checker = Checker::<T>::new(true);
		let mut totals = ClassTotals::default();
		let (mut accepted, mut units) = (0u32, 0 as WorkUnits);
		for (index, (report, signature)) in reports.iter().enumerate() {
			match checker.check(report, signature) {
				Ok(verdict) => {
					units = units.saturating_add(Self::record(report, verdict, &mut totals));
					accepted += 1;
				},
				Err(error) => Self::deposit_event(Event::ReportSkipped {
					index: index as u32,
					device: report.device,
					error: error.into(),
				}),
			}
		}
		ensure!(accepted > 0, Error::<T>::NoValidReportInBatch);
		let epoch = checker.epoch.index;
		totals.flush::<T>(epoch);
		Self::deposit_event(Event::ReportsBatched {
			epoch,
			accepted,
			skipped: reports.len() as u32 - accepted,
			units,
		});
		Ok(())
	}

	/// Records a checked report: its ledger entry (one write), its witnesses' and jobs', and
	/// the class sums in `totals`. Returns the units credited to the device.
	fn record(report: &ReportOf<T>, verdict: Verdict, totals: &mut ClassTotals) -> WorkUnits {
		let device = report.device;
		let epoch = report.epoch;
		let hash = verdict.hash;

		// Only challenge-response devices are scored (challenges are all that lower a score):
		// other kinds skip the read.
		let mut score = Permill::one();
		if verdict.answers_challenge {
			Challenges::<T>::remove(device);
			score = Self::score(&device)
				.saturating_add(Params::<T>::get().score_recovery)
				.min(Permill::one());
			Self::set_score(&device, score);
			Self::deposit_event(Event::ChallengeAnswered { device, epoch, score });
		} else if verdict.kind == ProofKind::ChallengeResponse {
			score = Self::score(&device);
		}
		// The quality score scales the device's own units, at acceptance, so that the sums
		// stay exact.
		let units = score.mul_floor(verdict.units);
		// The check read the device's entry: write it without reading it again.
		let mut entry = verdict.entry.unwrap_or(LedgerEntry {
			class: verdict.class,
			units: 0,
			report: None,
			equivocated: false,
		});
		let credited = Self::add_units(&mut entry, units, verdict.max_units, totals);
		entry.report = Some(hash);
		Ledger::<T>::insert(epoch, device, entry);

		if !verdict.witnesses.is_empty() {
			let units_each = Params::<T>::get().witness_units;
			for (witness, class, max) in &verdict.witnesses {
				Self::credit(epoch, witness, *class, units_each, *max, totals);
			}
			Self::deposit_event(Event::WitnessesCredited {
				beaconer: device,
				epoch,
				witnesses: verdict.witnesses.len() as u32,
				units_each,
			});
		}
		for job in verdict.jobs {
			UsedJobs::<T>::insert(epoch, job, ());
		}
		credited
	}

	/// Adds up to `units` to an entry, never above `max` in total, and the same amount to the
	/// entry's class in `totals`. Returns the units actually added.
	fn add_units(
		entry: &mut LedgerEntry,
		units: WorkUnits,
		max: WorkUnits,
		totals: &mut ClassTotals,
	) -> WorkUnits {
		// Units past the class limit are not credited: clamping is the intent. A limit lowered
		// during the epoch never takes back what was credited.
		let total = entry.units.saturating_add(units).min(max).max(entry.units);
		let added = total - entry.units;
		entry.units = total;
		totals.add(entry.class, added);
		added
	}

	/// Adds up to `units` to a witness's entry of `epoch` (see [`Self::add_units`]).
	fn credit(
		epoch: EpochIndex,
		device: &DeviceId,
		class: DeviceClassId,
		units: WorkUnits,
		max: WorkUnits,
		totals: &mut ClassTotals,
	) -> WorkUnits {
		Ledger::<T>::mutate(epoch, device, |slot| {
			let entry = slot.get_or_insert(LedgerEntry {
				class,
				units: 0,
				report: None,
				equivocated: false,
			});
			Self::add_units(entry, units, max, totals)
		})
	}

	fn set_score(device: &DeviceId, score: Permill) {
		if score == Permill::one() {
			Scores::<T>::remove(device);
		} else {
			Scores::<T>::insert(device, score);
		}
	}

	/// Counts a missed challenge against `device`.
	fn record_miss(device: DeviceId, epoch: EpochIndex, penalty: Permill) {
		let score = Self::score(&device);
		let score = score.saturating_sub(penalty * score);
		Self::set_score(&device, score);
		Self::deposit_event(Event::ChallengeMissed { device, epoch, score });
	}

	fn owned_device(who: &T::AccountId, device: &DeviceId) -> DispatchResult {
		let owner = T::Registry::owner(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(&owner == who, Error::<T>::NotDeviceOwner);
		Ok(())
	}

	pub(crate) fn do_commit_storage(
		who: T::AccountId,
		device: DeviceId,
		root: H256,
		chunks: u32,
	) -> DispatchResult {
		Self::owned_device(&who, &device)?;
		ensure!(T::Registry::is_active(&device), Error::<T>::DeviceNotActive);
		let class = T::Registry::class(&device).ok_or(Error::<T>::UnknownDevice)?;
		let kind = T::Registry::proof_kind(class).ok_or(Error::<T>::ClassNotFound)?;
		ensure!(kind == ProofKind::ChallengeResponse, Error::<T>::NotStorageDevice);
		ensure!(chunks > 0, Error::<T>::ZeroChunks);
		let slot = match Commitments::<T>::get(device) {
			Some(existing) => existing.slot,
			None => {
				let slot = Challengeable::<T>::count();
				Challengeable::<T>::insert(slot, device);
				slot
			},
		};
		Commitments::<T>::insert(device, Commitment { root, chunks, slot });
		Self::deposit_event(Event::StorageCommitted { device, root, chunks });
		Ok(())
	}

	pub(crate) fn do_withdraw_storage(who: T::AccountId, device: DeviceId) -> DispatchResult {
		Self::owned_device(&who, &device)?;
		let commitment = Commitments::<T>::get(device).ok_or(Error::<T>::NoStorageCommitment)?;
		Self::remove_challengeable(&device, commitment.slot);
		Self::deposit_event(Event::StorageWithdrawn { device });
		Ok(())
	}

	/// Removes a device from the challenge set, moving the last device into its slot.
	fn remove_challengeable(device: &DeviceId, slot: u32) {
		let last = Challengeable::<T>::count().saturating_sub(1);
		if slot != last {
			if let Some(moved) = Challengeable::<T>::get(last) {
				Challengeable::<T>::insert(slot, moved);
				Commitments::<T>::mutate(moved, |c| {
					if let Some(c) = c {
						c.slot = slot
					}
				});
			}
		}
		Challengeable::<T>::remove(last);
		Commitments::<T>::remove(device);
	}

	pub(crate) fn do_prove_equivocation(
		prover: T::AccountId,
		first: ReportOf<T>,
		first_signature: sr25519::Signature,
		second: ReportOf<T>,
		second_signature: sr25519::Signature,
	) -> DispatchResult {
		ensure!(
			first.device == second.device && first.epoch == second.epoch,
			Error::<T>::NotEquivocation
		);
		ensure!(first != second, Error::<T>::IdenticalReports);
		let (device, epoch) = (first.device, first.epoch);
		let current = CurrentEpoch::<T>::get().index;
		ensure!(
			epoch >= Self::oldest_retained_epoch() && epoch <= current,
			Error::<T>::EpochNotRetained
		);
		let class = T::Registry::class(&device).ok_or(Error::<T>::UnknownDevice)?;
		let genesis = Self::genesis_hash();
		for (report, signature) in [(&first, &first_signature), (&second, &second_signature)] {
			ensure!(
				sp_io::crypto::sr25519_verify(
					signature,
					&report_payload(&genesis, report),
					&device
				),
				Error::<T>::InvalidSignature
			);
		}
		let mut entry = Ledger::<T>::get(epoch, device).unwrap_or(LedgerEntry {
			class,
			units: 0,
			report: None,
			equivocated: false,
		});
		ensure!(!entry.equivocated, Error::<T>::AlreadyPunished);

		// Work of an open epoch is taken back; a closed epoch's rewards are already fixed.
		let mut units_removed = 0;
		if epoch == current && !entry.units.is_zero() {
			units_removed = entry.units;
			ClassUnits::<T>::mutate(epoch, entry.class, |sum| {
				*sum = sum.saturating_sub(units_removed)
			});
			entry.units = 0;
		}
		entry.equivocated = true;
		Ledger::<T>::insert(epoch, device, entry);

		let params = Params::<T>::get();
		let (slashed, rewarded) = T::Registry::slash_rewarding(
			&device,
			params.equivocation_slash,
			&prover,
			params.prover_reward,
		)?;
		T::Registry::suspend(&device)?;
		Self::deposit_event(Event::EquivocationProven {
			device,
			epoch,
			prover,
			slashed,
			rewarded,
			units_removed,
		});
		Ok(())
	}

	pub(crate) fn do_report_fraud(
		reporter: T::AccountId,
		device: DeviceId,
		epoch: EpochIndex,
		evidence: Evidence,
	) -> DispatchResult {
		ensure!(T::Registry::status(&device).is_some(), Error::<T>::UnknownDevice);
		ensure!(
			epoch >= Self::oldest_retained_epoch() && epoch <= CurrentEpoch::<T>::get().index,
			Error::<T>::EpochNotRetained
		);
		ensure!(
			FraudReports::<T>::count() < T::MaxOpenFraudReports::get(),
			Error::<T>::TooManyFraudReports
		);
		let bond = Params::<T>::get().fraud_report_bond;
		let reason = HoldReason::FraudReportBond.into();
		ensure!(T::Currency::can_hold(&reason, &reporter, bond), Error::<T>::BondNotAffordable);
		T::Currency::hold(&reason, &reporter, bond)?;
		let id = NextFraudReportId::<T>::get();
		NextFraudReportId::<T>::put(id.wrapping_add(1));
		FraudReports::<T>::insert(
			id,
			FraudReport { reporter: reporter.clone(), device, epoch, bond, evidence },
		);
		Self::deposit_event(Event::FraudReported { id, reporter, device, epoch });
		Ok(())
	}

	pub(crate) fn do_decide_fraud(
		id: FraudReportId,
		upheld: bool,
		slash: BalanceOf<T>,
	) -> DispatchResult {
		let report = FraudReports::<T>::take(id).ok_or(Error::<T>::FraudReportNotFound)?;
		let reason = HoldReason::FraudReportBond.into();
		let slashed = if upheld {
			T::Currency::release(&reason, &report.reporter, report.bond, Precision::BestEffort)?;
			// The device may have left the registry since: then there is nothing to take.
			let slashed = match T::Registry::slash_rewarding(
				&report.device,
				slash,
				&report.reporter,
				Params::<T>::get().prover_reward,
			) {
				Ok((taken, _)) => taken,
				Err(_) => Zero::zero(),
			};
			if T::Registry::status(&report.device).is_some() {
				T::Registry::suspend(&report.device)?;
			}
			slashed
		} else {
			let (credit, missing) = T::Currency::slash(&reason, &report.reporter, report.bond);
			T::OnSlash::on_unbalanced(credit);
			report.bond.saturating_sub(missing)
		};
		Self::deposit_event(Event::FraudReportDecided { id, upheld, slashed });
		Ok(())
	}

	/// Checks parameters against the runtime's bounds.
	pub fn check_params(params: &ParamsOf<T>) -> DispatchResult {
		ensure!(
			params.epoch_length >= T::MinEpochLength::get()
				&& params.epoch_length <= T::MaxEpochLength::get(),
			Error::<T>::EpochLengthOutOfBounds
		);
		ensure!(!params.max_reading_age.is_zero(), Error::<T>::ReadingAgeOutOfBounds);
		ensure!(
			params.challenges_per_epoch <= T::MaxChallengesPerEpoch::get(),
			Error::<T>::ChallengesOutOfBounds
		);
		ensure!(
			!params.response_window.is_zero() && params.response_window <= params.epoch_length,
			Error::<T>::ResponseWindowOutOfBounds
		);
		ensure!(
			params.max_witnesses >= 1 && params.max_witnesses <= MAX_WITNESSES,
			Error::<T>::WitnessCapOutOfBounds
		);
		ensure!(
			params.min_witness_distance_m <= params.max_witness_distance_m,
			Error::<T>::WitnessDistanceOutOfBounds
		);
		ensure!(
			params.fraud_report_bond >= T::Currency::minimum_balance(),
			Error::<T>::FraudBondOutOfBounds
		);
		Ok(())
	}

	/// The epoch clock and the pruning, run at the start of every block.
	pub(crate) fn on_initialize_epoch(now: BlockNumberFor<T>) -> Weight {
		let mut weight = T::DbWeight::get().reads(1);
		let epoch = CurrentEpoch::<T>::get();
		let mut current = epoch.index;
		if now >= epoch.start.saturating_add(epoch.length) {
			weight.saturating_accrue(Self::rollover(now, epoch));
			current = current.saturating_add(1);
		}
		weight.saturating_accrue(Self::prune_step(current));
		weight
	}

	/// Closes `old` and starts the next epoch at `now`: counts unanswered challenges as missed,
	/// tells `OnEpochClosed`, and issues the new epoch's challenges. O(challenges).
	fn rollover(now: BlockNumberFor<T>, old: EpochInfo<BlockNumberFor<T>>) -> Weight {
		let params = Params::<T>::get();
		let new = EpochInfo {
			index: old.index.saturating_add(1),
			start: now,
			length: params.epoch_length,
		};
		CurrentEpoch::<T>::put(new);

		let mut missed = 0u32;
		for device in EpochChallenges::<T>::take() {
			if let Some(challenge) = Challenges::<T>::get(device) {
				if challenge.epoch == old.index {
					Challenges::<T>::remove(device);
					Self::record_miss(device, old.index, params.miss_penalty);
					missed.saturating_inc();
				}
			}
		}
		Self::deposit_event(Event::EpochClosed { epoch: old.index });
		let closed_weight = T::OnEpochClosed::on_epoch_closed(old.index);
		Self::deposit_event(Event::EpochStarted {
			epoch: new.index,
			start: new.start,
			length: new.length,
		});
		let issued = Self::issue_challenges(&new, &params, now);
		T::WeightInfo::on_initialize_rollover(missed, issued).saturating_add(closed_weight)
	}

	/// Draws up to `challenges_per_epoch` devices from the challenge set with the chain's
	/// randomness and challenges each for one random chunk. Devices found inactive are removed
	/// from the set. Returns how many devices were drawn.
	fn issue_challenges(
		epoch: &EpochInfo<BlockNumberFor<T>>,
		params: &ParamsOf<T>,
		now: BlockNumberFor<T>,
	) -> u32 {
		let draws = params.challenges_per_epoch.min(T::MaxChallengesPerEpoch::get());
		if draws == 0 || Challengeable::<T>::count() == 0 {
			return 0;
		}
		let (seed, _) = T::Randomness::random(&(b"depin/challenges", epoch.index).encode());
		let deadline = now.saturating_add(params.response_window).saturating_sub(One::one());
		let mut challenged = BoundedVec::<DeviceId, T::MaxChallengesPerEpoch>::new();
		for draw in 0..draws {
			let count = Challengeable::<T>::count();
			if count == 0 {
				break;
			}
			let r = blake2_256(&(&seed, draw).encode());
			let slot = u32::from_le_bytes([r[0], r[1], r[2], r[3]]) % count;
			let pick = u32::from_le_bytes([r[4], r[5], r[6], r[7]]);
			let Some(device) = Challengeable::<T>::get(slot) else { continue };
			let Some(commitment) = Commitments::<T>::get(device) else { continue };
			if !T::Registry::is_active(&device) {
				Self::remove_challengeable(&device, commitment.slot);
				if T::Registry::status(&device).is_none() {
					Scores::<T>::remove(device);
				}
				continue;
			}
			if challenged.contains(&device) {
				continue;
			}
			let challenge =
				Challenge { epoch: epoch.index, chunk: pick % commitment.chunks, deadline };
			Challenges::<T>::insert(device, challenge);
			if challenged.try_push(device).is_err() {
				break;
			}
			Self::deposit_event(Event::ChallengeIssued {
				device,
				epoch: epoch.index,
				chunk: challenge.chunk,
				deadline,
			});
		}
		EpochChallenges::<T>::put(challenged);
		draws
	}

	/// Removes up to `PruneBatch` entries of the oldest epoch past the retention window, the
	/// clock being at epoch `current`.
	fn prune_step(current: EpochIndex) -> Weight {
		let mut state = Pruning::<T>::get();
		if state.epoch.saturating_add(T::RetainedEpochs::get()) >= current {
			return T::DbWeight::get().reads(1);
		}
		let mut budget = T::PruneBatch::get();
		let mut removed = 0u32;
		while budget > 0 {
			let cursor = state.cursor.take();
			let result = match state.stage {
				PruneStage::Ledger => Ledger::<T>::clear_prefix(
					state.epoch,
					budget,
					cursor.as_ref().map(|c| c.as_slice()),
				),
				PruneStage::Jobs => UsedJobs::<T>::clear_prefix(
					state.epoch,
					budget,
					cursor.as_ref().map(|c| c.as_slice()),
				),
				PruneStage::Classes => ClassUnits::<T>::clear_prefix(
					state.epoch,
					budget,
					cursor.as_ref().map(|c| c.as_slice()),
				),
			};
			budget = budget.saturating_sub(result.backend.max(1));
			removed.saturating_accrue(result.backend);
			match result.maybe_cursor {
				Some(next) => {
					// A cursor is one storage key of the map: two 16-byte prefixes, 12 bytes of
					// epoch key and 48 of device key at most, well within the 256-byte bound.
					// Should it not fit, clearing starts over, which only costs time.
					state.cursor = BoundedVec::try_from(next).ok();
					break;
				},
				None => match state.stage {
					PruneStage::Ledger => state.stage = PruneStage::Jobs,
					PruneStage::Jobs => state.stage = PruneStage::Classes,
					PruneStage::Classes => {
						Self::deposit_event(Event::EpochPruned { epoch: state.epoch });
						state = PruneCursor {
							epoch: state.epoch.saturating_add(1),
							stage: PruneStage::Ledger,
							cursor: None,
						};
						break;
					},
				},
			}
		}
		Pruning::<T>::put(state);
		T::WeightInfo::on_initialize_prune(removed)
	}

	/// Each class's verified units in `epoch`.
	pub fn class_units_of(epoch: EpochIndex) -> Vec<(DeviceClassId, WorkUnits)> {
		let mut sums: Vec<_> = ClassUnits::<T>::iter_prefix(epoch).collect();
		sums.sort_unstable_by_key(|(class, _)| *class);
		sums
	}

	/// The challenges of the current epoch that can still be answered.
	pub fn open_challenges() -> Vec<OpenChallenge<BlockNumberFor<T>>> {
		let now = frame_system::Pallet::<T>::block_number();
		let epoch = CurrentEpoch::<T>::get().index;
		EpochChallenges::<T>::get()
			.into_iter()
			.filter_map(|device| {
				Challenges::<T>::get(device)
					.filter(|c| c.epoch == epoch && c.deadline >= now)
					.map(|challenge| OpenChallenge { device, challenge })
			})
			.collect()
	}

	/// The invariants:
	/// - every class sum of a retained epoch equals the sum of the epoch's ledger entries of
	///   that class, and no sum exists without entries;
	/// - an equivocated entry of the current epoch carries no units;
	/// - nothing is stored for epochs after the current one;
	/// - the challenge set has no gaps, and each slot and commitment point at each other;
	/// - every open challenge is of the current epoch and listed in it, or of an older epoch
	///   only while its epoch's list is gone (never: rollover clears them);
	/// - scores in storage are below 100%;
	/// - the held fraud bonds equal the open reports' bonds, and there are at most
	///   `MaxOpenFraudReports` of them.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let current = CurrentEpoch::<T>::get();
		let mut sums: BTreeMap<(EpochIndex, DeviceClassId), WorkUnits> = BTreeMap::new();
		for (epoch, _device, entry) in Ledger::<T>::iter() {
			ensure!(epoch <= current.index, "ledger entry for a future epoch");
			if entry.equivocated && epoch == current.index {
				ensure!(entry.units == 0, "an equivocated device keeps units in an open epoch");
			}
			let sum = sums.entry((epoch, entry.class)).or_default();
			*sum = sum.checked_add(entry.units).ok_or("ledger sum overflows")?;
		}
		for (epoch, class, units) in ClassUnits::<T>::iter() {
			ensure!(epoch <= current.index, "class sum for a future epoch");
			let expected = sums.remove(&(epoch, class)).unwrap_or(0);
			ensure!(units == expected, "class sum differs from the ledger");
		}
		ensure!(sums.values().all(|u| *u == 0), "ledger units missing from the class sums");

		let count = Challengeable::<T>::count();
		let mut slots = 0u32;
		for (slot, device) in Challengeable::<T>::iter() {
			ensure!(slot < count, "challenge set has a gap");
			let commitment = Commitments::<T>::get(device).ok_or("slot without commitment")?;
			ensure!(commitment.slot == slot, "commitment points to another slot");
			slots += 1;
		}
		ensure!(slots == count, "challenge set count is wrong");
		ensure!(
			Commitments::<T>::iter().count() as u32 == count,
			"commitment outside the challenge set"
		);
		ensure!(Commitments::<T>::iter_values().all(|c| c.chunks > 0), "empty commitment");

		let listed = EpochChallenges::<T>::get();
		for (device, challenge) in Challenges::<T>::iter() {
			ensure!(challenge.epoch == current.index, "challenge outlived its epoch");
			ensure!(listed.contains(&device), "challenge missing from the epoch's list");
		}
		ensure!(Scores::<T>::iter_values().all(|s| s < Permill::one()), "a full score is stored");

		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for report in FraudReports::<T>::iter_values() {
			let h = held.entry(report.reporter.clone()).or_default();
			*h = h.saturating_add(report.bond);
		}
		ensure!(
			FraudReports::<T>::count() <= T::MaxOpenFraudReports::get(),
			"too many fraud reports"
		);
		for (who, amount) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::FraudReportBond.into(), &who) == amount,
				"fraud bonds held differ from the open reports"
			);
		}
		ensure!(Pruning::<T>::get().epoch <= current.index, "pruning is ahead of the clock");
		Ok(())
	}
}

impl<T: Config> EpochClock<BlockNumberFor<T>> for Pallet<T> {
	fn current_epoch() -> EpochIndex {
		CurrentEpoch::<T>::get().index
	}

	fn epoch_start(epoch: EpochIndex) -> Option<BlockNumberFor<T>> {
		let current = CurrentEpoch::<T>::get();
		if epoch == current.index {
			Some(current.start)
		} else if epoch == current.index.checked_add(1)? {
			Some(current.start.saturating_add(current.length))
		} else {
			None
		}
	}
}

impl<T: Config> WorkLedger for Pallet<T> {
	fn device_units(epoch: EpochIndex, device: &DeviceId) -> WorkUnits {
		Ledger::<T>::get(epoch, device).map(|e| e.units).unwrap_or(0)
	}

	fn device_work(epoch: EpochIndex, device: &DeviceId) -> Option<(DeviceClassId, WorkUnits)> {
		Ledger::<T>::get(epoch, device).map(|e| (e.class, e.units))
	}

	fn class_units(epoch: EpochIndex, class: DeviceClassId) -> WorkUnits {
		ClassUnits::<T>::get(epoch, class)
	}

	fn is_closed(epoch: EpochIndex) -> bool {
		epoch < CurrentEpoch::<T>::get().index
	}

	fn retained_epochs() -> EpochIndex {
		T::RetainedEpochs::get()
	}
}
