//! Pool validation of feeless reports: what the pool checks before it admits a report or a batch,
//! the tags that keep a report in one pooled transaction, and the weights declared for them.

use crate::check::Checker;
use crate::{pallet::*, types::*, WeightInfo};
use alloc::vec::Vec;
use codec::Encode;
use depin_primitives::DeviceId;
use frame_support::{ensure, pallet_prelude::*};
use sp_core::sr25519;
use sp_io::hashing::blake2_256;
use sp_runtime::traits::{SaturatedConversion, Saturating};

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
}
