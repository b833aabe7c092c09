//! Checking a report against the chain's state and its signatures.

use crate::{coverage::BeaconTerms, merkle, pallet::*, types::*};
use alloc::vec::Vec;
use codec::Encode;
use depin_primitives::{
	ClassInfo, DeviceClassId, DeviceId, DeviceRegistry, EpochIndex, OrderId, ProofKind,
	ReceiptOrders, ReceiptRefusal, StorageDemand, WorkUnits,
};
use frame_support::{ensure, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::{sr25519, H256};
use sp_io::hashing::blake2_256;
use sp_runtime::{
	traits::{Saturating, Verify, Zero},
	Permill, SaturatedConversion,
};

/// What a checked report will credit.
pub(crate) struct Verdict {
	/// The reporting device's class and its per-epoch limit.
	pub(crate) class: DeviceClassId,
	pub(crate) max_units: WorkUnits,
	pub(crate) kind: ProofKind,
	/// The device's own units, before its quality score.
	pub(crate) units: WorkUnits,
	/// Witnesses to credit: device, class, class limit.
	pub(crate) witnesses: Vec<(DeviceId, DeviceClassId, WorkUnits)>,
	/// Whether the report answers the device's challenge.
	pub(crate) answers_challenge: bool,
	/// The oracle score of the device's units (100% unless an oracle scored it).
	pub(crate) quality: Permill,
	/// For a beacon: how it is paid.
	pub(crate) beacon: Option<BeaconTerms>,
	/// The device's record, as the check read it (of this epoch or an earlier one).
	pub(crate) entry: Option<DeviceWork>,
	/// The hash of the report, recorded in the device's record.
	pub(crate) hash: H256,
	/// For receipts and storage proofs: the units each order is delivered.
	pub(crate) deliveries: Vec<(OrderId, WorkUnits)>,
}

/// Class sums of a transaction's credits, written once per class when it ends.
#[derive(Default)]
pub(crate) struct ClassTotals(Vec<(DeviceClassId, WorkUnits)>);

impl ClassTotals {
	pub(crate) fn add(&mut self, class: DeviceClassId, units: WorkUnits) {
		if units.is_zero() {
			return;
		}
		match self.0.iter_mut().find(|(c, _)| *c == class) {
			Some((_, sum)) => *sum = sum.saturating_add(units),
			None => self.0.push((class, units)),
		}
	}

	/// Adds the sums to the epoch's class totals: one write per class.
	pub(crate) fn flush<T: Config>(self, epoch: EpochIndex) {
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
	pub(crate) epoch: EpochInfo<BlockNumberFor<T>>,
	pub(crate) now: BlockNumberFor<T>,
	pub(crate) params: Option<ParamsOf<T>>,
	/// The genesis hash when signatures are verified; `None` when they were verified already.
	pub(crate) genesis: Option<T::Hash>,
	pub(crate) classes: Vec<(DeviceClassId, Option<ClassInfo>)>,
	/// Whether each class seen has an approved oracle (so its devices' scores are read).
	pub(crate) scored: Vec<(DeviceClassId, bool)>,
	/// Signatures verified so far: a report refused without one cost reads only.
	pub(crate) verified: u32,
	/// Reads of oracle tallies and scores so far (each report is charged two at most).
	pub(crate) quality_reads: u32,
}

impl<T: Config> Checker<T> {
	pub(crate) fn new(verify: bool) -> Self {
		Checker {
			epoch: CurrentEpoch::<T>::get(),
			now: frame_system::Pallet::<T>::block_number(),
			params: None,
			genesis: verify.then(Pallet::<T>::genesis_hash),
			classes: Vec::new(),
			scored: Vec::new(),
			verified: 0,
			quality_reads: 0,
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

	/// The oracle score of `device`'s units in `epoch`: read only if its class has an approved
	/// oracle, which is read once per class.
	fn quality(&mut self, class: DeviceClassId, device: &DeviceId, epoch: EpochIndex) -> Permill {
		let scored = match self.scored.iter().find(|(c, _)| *c == class) {
			Some((_, scored)) => *scored,
			None => {
				self.quality_reads += 1;
				let scored = OracleCount::<T>::get(class).approved > 0;
				self.scored.push((class, scored));
				scored
			},
		};
		if !scored {
			return Permill::one();
		}
		self.quality_reads += 1;
		Pallet::<T>::oracle_score(device, epoch)
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
		let entry = Ledger::<T>::get(device);
		if let Some(entry) = &entry {
			ensure!(!entry.punished_for(report.epoch), Error::<T>::DeviceEquivocated);
			ensure!(
				entry.epoch != report.epoch || entry.report.is_none(),
				Error::<T>::ReportAlreadySubmitted
			);
		}
		// The report is encoded once: its hash goes to the device's record, and the signed payload is
		// `(tag, genesis hash, report)`, whose encoding ends with the report's.
		let encoded = report.encode();
		if let Some(genesis) = &self.genesis {
			let mut payload = (REPORT_TAG, genesis).encode();
			payload.extend_from_slice(&encoded);
			self.verified += 1;
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
			answers_challenge: false,
			quality: Permill::one(),
			beacon: None,
			entry,
			hash: H256(blake2_256(&encoded)),
			deliveries: Vec::new(),
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
						&device,
						commitment.chunks,
						challenge.chunk,
						chunk,
						proof
					),
					Error::<T>::InvalidStorageProof
				);
				// Only data customers ordered kept is work: a root the device made up proves
				// that bytes are held, not that anyone wanted them (the answer still counts
				// for the device's score). Capacity beyond the orders or the class limit earns
				// nothing more: clamping is the intent.
				let proven = WorkUnits::from(commitment.chunks).min(info.max_units_per_epoch);
				let ordered =
					T::StorageDemand::ordered(&device, &commitment.root, report.epoch, proven);
				// As for receipts: the device is credited the value of the take behind the
				// ordered chunks, so that paying for one's own made-up data never pays; the
				// chunks themselves reach the orders.
				verdict.units = demand_units::<T>(ordered.take_value);
				verdict.max_units = WorkUnits::MAX;
				verdict.deliveries = ordered.deliveries;
				verdict.answers_challenge = true;
			},
			ReportPayload::Coverage { witnesses } => {
				let params = self.params().clone();
				let rule = Pallet::<T>::coverage_rule(class, &params);
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
					ensure!(
						!rule.witness_needs_maker || T::Registry::is_attested(&w.device),
						Error::<T>::WitnessNotAttested
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
				// More than the class limit earns nothing more: clamping is the intent. What the
				// cell has left for the epoch bounds it further when it is recorded.
				verdict.units = params
					.beacon_units
					.saturating_mul(witnesses.len() as WorkUnits)
					.min(info.max_units_per_epoch);
				verdict.beacon = Some(BeaconTerms {
					cell: (class, rule.cell(&here)),
					worth: rule.cell_units,
					beacon_units: params.beacon_units,
					witness_units: params.witness_units,
				});
			},
			ReportPayload::Receipts { receipts } => {
				ensure!(!receipts.is_empty(), Error::<T>::NoReceipts);
				let owner = T::Registry::owner(&device).ok_or(Error::<T>::UnknownDevice)?;
				let mut total: WorkUnits = 0;
				for (i, r) in receipts.iter().enumerate() {
					ensure!(r.customer != owner, Error::<T>::CustomerIsOwner);
					ensure!(!r.units.is_zero(), Error::<T>::ZeroUnits);
					// A receipt is signed for one device, epoch and job: listed once here, and a
					// device reports once an epoch, so it is never counted twice.
					ensure!(
						!receipts[..i].iter().any(|o| o.job_id == r.job_id),
						Error::<T>::DuplicateJob
					);
					if let Some(genesis) = &self.genesis {
						let signed = receipt_payload(
							genesis,
							&device,
							report.epoch,
							r.order,
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
				}
				ensure!(total <= info.max_units_per_epoch, Error::<T>::ImplausibleUnits);
				// Each order is checked once, for the sum of its receipts' units.
				let mut value: u128 = 0;
				for (i, r) in receipts.iter().enumerate() {
					if receipts[..i].iter().any(|o| o.order == r.order) {
						continue;
					}
					let units = receipts
						.iter()
						.filter(|o| o.order == r.order)
						// The total of all receipts fits (checked above).
						.fold(0 as WorkUnits, |sum, o| sum.saturating_add(o.units));
					// Receipts of one order from different customers: the first that is not
					// the order's customer is refused.
					let other =
						receipts.iter().find(|o| o.order == r.order && o.customer != r.customer);
					let customer = match other {
						Some(_) => return Err(Error::<T>::ReceiptNotOrderCustomer),
						None => &r.customer,
					};
					let take =
						T::ReceiptOrders::check(r.order, &device, customer, report.epoch, units)
							.map_err(receipt_refusal::<T>)?;
					value = value.saturating_add(take);
					verdict.deliveries.push((r.order, units));
				}
				// The device is credited the value of the take behind its receipts (see
				// `Config::DemandUnit`); the receipts' own units reach the orders.
				verdict.units = demand_units::<T>(value);
				verdict.max_units = WorkUnits::MAX;
			},
		}
		verdict.quality = self.quality(class, &device, report.epoch);
		Ok(verdict)
	}
}

/// A take's native value in the ledger's units of demand (`Config::DemandUnit`), rounded down.
fn demand_units<T: Config>(value: u128) -> WorkUnits {
	let unit: u128 = T::DemandUnit::get().saturated_into();
	value.checked_div(unit).unwrap_or(0).saturated_into()
}

/// The pallet's error for a receipt the market refused.
fn receipt_refusal<T: Config>(refusal: ReceiptRefusal) -> Error<T> {
	match refusal {
		ReceiptRefusal::OrderNotFound => Error::<T>::ReceiptOrderNotFound,
		ReceiptRefusal::OtherDevice => Error::<T>::ReceiptOrderOfOtherDevice,
		ReceiptRefusal::NotOrderCustomer => Error::<T>::ReceiptNotOrderCustomer,
		ReceiptRefusal::NotServing => Error::<T>::ReceiptOrderNotServing,
		ReceiptRefusal::OverOrder => Error::<T>::ReceiptOverOrder,
	}
}

/// The signatures a report carries: the device's, and one per witness or receipt.
pub(crate) fn signature_count<T: Config>(report: &ReportOf<T>) -> u32 {
	1 + match &report.payload {
		ReportPayload::Coverage { witnesses } => witnesses.len() as u32,
		ReportPayload::Receipts { receipts } => receipts.len() as u32,
		_ => 0,
	}
}

/// Verifies every signature a report carries, and nothing that depends on the chain's state
/// (which [`Checker::check`] reads): what a block verifies before it dispatches a single report.
pub(crate) fn verify_signatures<T: Config>(
	report: &ReportOf<T>,
	signature: &sr25519::Signature,
	genesis: &T::Hash,
) -> Result<(), Error<T>> {
	let device = &report.device;
	ensure!(
		sp_io::crypto::sr25519_verify(signature, &report_payload(genesis, report), device),
		Error::<T>::InvalidSignature
	);
	match &report.payload {
		ReportPayload::Coverage { witnesses } => {
			let heard = witness_payload(genesis, device, report.epoch, report.nonce);
			for w in witnesses {
				ensure!(
					sp_io::crypto::sr25519_verify(&w.signature, &heard, &w.device),
					Error::<T>::InvalidWitnessSignature
				);
			}
		},
		ReportPayload::Receipts { receipts } => {
			for r in receipts {
				let signed = receipt_payload(
					genesis,
					device,
					report.epoch,
					r.order,
					&r.job_id,
					r.units,
					&r.price,
				);
				ensure!(
					r.signature.verify(&signed[..], &r.customer),
					Error::<T>::InvalidReceiptSignature
				);
			}
		},
		ReportPayload::Telemetry { .. } | ReportPayload::ChallengeResponse { .. } => {},
	}
	Ok(())
}
