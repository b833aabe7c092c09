//! Pool validation of feeless reports: what the pool checks before it admits a report or a batch,
//! what a block checks before it dispatches one, the tags that keep a report in one pooled
//! transaction, and the weights declared for them.
//!
//! The pool checks everything, signatures included, against the state it validates on. A block
//! checks each thing once: a single report's signatures in its authorisation (they need no
//! state) and the rest in its dispatch; a batch's reports wholly in its dispatch, state first, so
//! that a report already recorded costs two reads and no signature.

use crate::check::{signature_count, verify_signatures, Checker};
use crate::{pallet::*, types::*, WeightInfo};
use alloc::vec::Vec;
use codec::Encode;
use depin_primitives::{DeviceId, EpochIndex, OnWorkClosed, ReceiptOrders, StorageDemand};
use frame_support::{dispatch::PostDispatchInfo, pallet_prelude::*};
use sp_core::sr25519;
use sp_runtime::traits::{SaturatedConversion, Saturating};

/// The pool tag of `device`'s report for `epoch`: one pooled transaction may carry it.
pub fn report_tag(device: &DeviceId, epoch: EpochIndex) -> Vec<u8> {
	(b"depin/report", device, epoch).encode()
}

impl<T: Config> Pallet<T> {
	/// The pool's refusal for `error`: an invalid transaction whose custom code is the index of
	/// the error in this pallet's `Error` enum, so that clients name it from the metadata.
	fn refusal(error: Error<T>) -> TransactionValidityError {
		let code = match DispatchError::from(error) {
			DispatchError::Module(m) => m.error[0],
			_ => 0,
		};
		InvalidTransaction::Custom(code).into()
	}

	/// A pooled report transaction providing `tags`, valid until the epoch ends.
	fn report_validity(checker: &Checker<T>, tags: Vec<Vec<u8>>) -> ValidTransaction {
		let end = checker.epoch.start.saturating_add(checker.epoch.length);
		let left: u64 = end.saturating_sub(checker.now).saturated_into();
		ValidTransaction {
			priority: T::ReportPriority::get(),
			requires: Vec::new(),
			provides: tags,
			longevity: left.max(1),
			propagate: true,
		}
	}

	/// Authorises a feeless report. In the pool: every check the dispatch would make, with all
	/// signatures, without changing state. In a block: the signatures only, since the dispatch
	/// checks the rest against the block's state.
	pub(crate) fn authorize_report(
		source: TransactionSource,
		report: &ReportOf<T>,
		signature: &sr25519::Signature,
	) -> TransactionValidityWithRefund {
		if source == TransactionSource::InBlock {
			verify_signatures::<T>(report, signature, &Self::genesis_hash())
				.map_err(Self::refusal)?;
			return Ok((ValidTransaction::default(), Weight::zero()));
		}
		let mut checker = Checker::<T>::new(true);
		checker.check(report, signature).map_err(Self::refusal)?;
		let tags = alloc::vec![report_tag(&report.device, report.epoch)];
		Ok((Self::report_validity(&checker, tags), Weight::zero()))
	}

	/// Weight of verifying a report's signatures: what a block checks before it dispatches a
	/// single report.
	pub fn verify_weight(report: &ReportOf<T>) -> Weight {
		T::WeightInfo::verify_signature()
			.saturating_mul(signature_count::<T>(report).into())
			// The genesis hash, part of every signed payload.
			.saturating_add(T::DbWeight::get().reads(1))
	}

	/// Weight of the pool's validation of a single report: the whole check with its signatures.
	/// Pool validation is not metered; this is what a refused report costs a node.
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
					.saturating_add(T::ReceiptOrders::pricing_weight(receipts.len() as u32))
			},
		}
	}

	/// Weight of dispatching an authorised report: checking it against the state, without its
	/// signatures, and recording it, with the closed epochs it may hand on.
	pub fn submit_weight(report: &ReportOf<T>) -> Weight {
		Self::check_weight(report)
			.saturating_add(Self::hand_on_weight(report))
			.saturating_add(Self::quality_weight())
	}

	/// Most weight of reading a report's oracle score: its class's oracle tally (once per
	/// class in a transaction) and, where the class has an approved oracle, the device's
	/// posted score. What a report did not read is refunded. The benchmarks of 2026-11-22
	/// predate both reads.
	pub fn quality_weight() -> Weight {
		T::DbWeight::get().reads(2)
	}

	/// Most weight of handing closed epochs on while recording a report: one for the device
	/// and one for each witness, whose previous epoch may still be in its record.
	pub fn hand_on_weight(report: &ReportOf<T>) -> Weight {
		let records = match &report.payload {
			ReportPayload::Coverage { witnesses } => 1 + witnesses.len() as u64,
			_ => 1,
		};
		T::OnWorkClosed::weight().saturating_mul(records)
	}

	/// Weight of checking a report against the state, without its signatures, and recording
	/// it, as benchmarked (with no closed epoch to hand on).
	pub(crate) fn check_weight(report: &ReportOf<T>) -> Weight {
		match &report.payload {
			ReportPayload::Telemetry { .. } => T::WeightInfo::submit_telemetry(),
			// With the storage demand's reads (the market's slots and orders of the device) and
			// the delivery to its orders, which the weights of 2026-11-22 predate.
			ReportPayload::ChallengeResponse { proof, .. } => {
				T::WeightInfo::submit_challenge_response(proof.len() as u32)
					.saturating_add(T::StorageDemand::weight())
					.saturating_add(T::ReceiptOrders::deliver_weight())
			},
			// With what the weights of 2026-11-22 predate: the class's coverage rule read, its
			// cell's work and the beaconer's pair streaks read and written, and each witness's
			// maker attestation read (which the benchmark's witnesses never need).
			ReportPayload::Coverage { witnesses } => {
				T::WeightInfo::submit_coverage(witnesses.len() as u32)
					.saturating_add(T::DbWeight::get().reads_writes(3 + witnesses.len() as u64, 2))
			},
			// Measured with the market's check of each receipt's order and the delivery to the
			// orders, for orders in the native token: a stablecoin order's take is also valued
			// at the treasury's reference price.
			ReportPayload::Receipts { receipts } => {
				T::WeightInfo::submit_receipts(receipts.len() as u32)
					.saturating_add(T::ReceiptOrders::pricing_weight(receipts.len() as u32))
			},
		}
	}

	/// Weight of checking a report with its signatures and recording it, in one call: a signed
	/// report, or a report of another kind than telemetry in a batch.
	pub fn report_weight(report: &ReportOf<T>) -> Weight {
		Self::verify_weight(report).saturating_add(Self::submit_weight(report))
	}

	/// The refusal of a batch's shape, if any, with the index of the report it concerns: empty
	/// (index 0), over the bound (the first report past it), or naming a device again (the
	/// first report that repeats an earlier one's device).
	pub(crate) fn check_batch_shape(
		reports: &[(ReportOf<T>, sr25519::Signature)],
	) -> Result<(), (u32, Error<T>)> {
		let bound = T::MaxReportsPerBatch::get();
		if reports.is_empty() {
			return Err((0, Error::<T>::EmptyBatch));
		}
		if reports.len() as u32 > bound {
			return Err((bound, Error::<T>::BatchTooLarge));
		}
		match Self::repeated_devices(reports).first() {
			Some(index) => Err((*index, Error::<T>::DuplicateReportInBatch)),
			None => Ok(()),
		}
	}

	/// The positions of the reports whose device an earlier report of the batch names, in
	/// order. O(n log n).
	fn repeated_devices(reports: &[(ReportOf<T>, sr25519::Signature)]) -> Vec<u32> {
		let mut devices: Vec<(&DeviceId, u32)> =
			reports.iter().enumerate().map(|(i, (r, _))| (&r.device, i as u32)).collect();
		devices.sort_unstable();
		let mut repeated: Vec<u32> =
			devices.windows(2).filter(|w| w[0].0 == w[1].0).map(|w| w[1].1).collect();
		repeated.sort_unstable();
		repeated
	}

	/// Every report of a batch that the pool would refuse, with its reason, each checked on its
	/// own against the current state (the `PhysicalWorkBatchApi`): what a gateway leaves out
	/// before it sends the rest. Empty if the pool would admit the batch.
	pub fn check_reports(reports: &[(ReportOf<T>, sr25519::Signature)]) -> Vec<(u32, Error<T>)> {
		if reports.is_empty() {
			return alloc::vec![(0, Error::<T>::EmptyBatch)];
		}
		let bound = T::MaxReportsPerBatch::get();
		let repeated = Self::repeated_devices(reports);
		let mut checker = Checker::<T>::new(true);
		let mut refused = Vec::new();
		for (i, (report, signature)) in reports.iter().enumerate() {
			let i = i as u32;
			if i >= bound {
				refused.push((i, Error::<T>::BatchTooLarge));
			} else if repeated.binary_search(&i).is_ok() {
				refused.push((i, Error::<T>::DuplicateReportInBatch));
			} else if let Err(error) = checker.check(report, signature) {
				refused.push((i, error));
			}
		}
		refused
	}

	/// Authorises a feeless batch. In the pool its shape and every report are checked, with
	/// their signatures, and the batch is refused with the error of the first bad report (no
	/// signature after it is verified): a batch is admitted only if every report in it would be
	/// recorded. It provides each report's tag, so no report rides in two pooled transactions.
	/// In a block nothing is checked here: the dispatch checks each report once.
	// The call's `authorize` attribute hands over the argument as it is declared: a `&Vec`.
	#[allow(clippy::ptr_arg)]
	pub(crate) fn authorize_batch(
		source: TransactionSource,
		reports: &Vec<(ReportOf<T>, sr25519::Signature)>,
	) -> TransactionValidityWithRefund {
		if source == TransactionSource::InBlock {
			return Ok((ValidTransaction::default(), Weight::zero()));
		}
		Self::check_batch_shape(reports).map_err(|(_, error)| Self::refusal(error))?;
		let mut checker = Checker::<T>::new(true);
		for (report, signature) in reports {
			checker.check(report, signature).map_err(Self::refusal)?;
		}
		let tags = reports.iter().map(|(r, _)| report_tag(&r.device, r.epoch)).collect();
		Ok((Self::report_validity(&checker, tags), Weight::zero()))
	}

	/// Weight declared for a batch's dispatch: telemetry reports at their batched cost, every
	/// other report as if it were submitted alone with its signatures.
	pub fn batch_weight(reports: &[(ReportOf<T>, sr25519::Signature)]) -> Weight {
		let bound = T::MaxReportsPerBatch::get() as usize;
		let reports = &reports[..reports.len().min(bound)];
		let telemetry = reports
			.iter()
			.filter(|(r, _)| matches!(r.payload, ReportPayload::Telemetry { .. }))
			.count() as u32;
		reports.iter().filter(|(r, _)| !matches!(r.payload, ReportPayload::Telemetry { .. })).fold(
			T::WeightInfo::submit_reports(telemetry)
				.saturating_add(T::OnWorkClosed::weight().saturating_mul(telemetry.into()))
				.saturating_add(Self::quality_weight().saturating_mul(telemetry.into())),
			|w, (r, _)| w.saturating_add(Self::report_weight(r)),
		)
	}

	/// What a batch's dispatch is charged: telemetry it recorded (or refused after verifying
	/// its signature) at the batched rate, other reports so handled as singles (`others`,
	/// without handing on), two reads for each report refused before its signature (one
	/// already recorded, say), and each closed epoch it handed on. A batch whose every report
	/// was recorded before costs its base weight and those reads; and the oracle tallies and
	/// scores it read (`quality_reads`).
	pub(crate) fn batch_actual_weight(
		telemetry: u32,
		others: Weight,
		refused_early: u32,
		handed_on: u32,
		quality_reads: u32,
	) -> PostDispatchInfo {
		let weight = T::WeightInfo::submit_reports(telemetry)
			.saturating_add(others)
			.saturating_add(T::DbWeight::get().reads(quality_reads.into()))
			.saturating_add(T::DbWeight::get().reads(2).saturating_mul(refused_early.into()))
			.saturating_add(T::OnWorkClosed::weight().saturating_mul(handed_on.into()));
		PostDispatchInfo { actual_weight: Some(weight), pays_fee: Pays::No }
	}
}
