//! Recording checked reports: the device's record, witnesses' credits and class sums.

use crate::check::{Checker, ClassTotals, Verdict};
use crate::coverage::Payout;
use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use depin_primitives::{DeviceClassId, DeviceId, EpochIndex, ProofKind, ReceiptOrders, WorkUnits};
use frame_support::{dispatch::DispatchErrorWithPostInfo, pallet_prelude::*};
use sp_core::sr25519;
use sp_runtime::{traits::Saturating, Permill};

impl<T: Config> Pallet<T> {
	/// Checks a report (with its signatures if `verify`) and credits it. Returns the weight of
	/// the quality reads it was charged for and did not do.
	pub(crate) fn do_submit(
		report: ReportOf<T>,
		signature: &sr25519::Signature,
		verify: bool,
		submitter: Option<T::AccountId>,
	) -> Result<Weight, DispatchError> {
		let mut checker = Checker::<T>::new(verify);
		let verdict = checker.check(&report, signature)?;
		let unread = Self::quality_weight()
			.saturating_sub(T::DbWeight::get().reads(checker.quality_reads.into()));
		let (class, kind) = (verdict.class, verdict.kind);
		let mut totals = ClassTotals::default();
		let (units, _) = Self::record(&report, verdict, &mut totals);
		totals.flush::<T>(report.epoch);
		Self::deposit_event(Event::WorkAccepted {
			device: report.device,
			epoch: report.epoch,
			class,
			kind,
			units,
			submitter,
		});
		Ok(unread)
	}

	/// Checks (signatures included) and records each report of a batch; an invalid one is
	/// skipped with `ReportSkipped`. Fails (changing nothing) if the batch's shape is wrong or no
	/// report is accepted. Either way the batch is charged for what it did (see
	/// [`Self::batch_actual_weight`]): the pool admits only batches whose every report is valid,
	/// so a report skipped here was recorded earlier in the block or the state moved on.
	pub(crate) fn do_submit_batch(
		reports: Vec<(ReportOf<T>, sr25519::Signature)>,
	) -> DispatchResultWithPostInfo {
		Self::check_batch_shape(&reports).map_err(|(_, error)| DispatchErrorWithPostInfo {
			post_info: Self::batch_actual_weight(0, Weight::zero(), 0, 0, 0),
			error: error.into(),
		})?;
		let mut checker = Checker::<T>::new(true);
		let mut totals = ClassTotals::default();
		let (mut accepted, mut units) = (0u32, 0 as WorkUnits);
		// What the batch is charged for: see `batch_actual_weight`.
		let (mut telemetry, mut others, mut refused_early) = (0u32, Weight::zero(), 0u32);
		let mut handed_on = 0u32;
		for (index, (report, signature)) in reports.iter().enumerate() {
			let verified = checker.verified;
			let result = checker.check(report, signature);
			if checker.verified == verified {
				// Refused on reads alone, before any signature.
				refused_early += 1;
			} else if matches!(report.payload, ReportPayload::Telemetry { .. }) {
				telemetry += 1;
			} else {
				others = others
					.saturating_add(Self::verify_weight(report))
					.saturating_add(Self::check_weight(report));
			}
			match result {
				Ok(verdict) => {
					let (credited, handed) = Self::record(report, verdict, &mut totals);
					units = units.saturating_add(credited);
					handed_on.saturating_accrue(handed);
					accepted += 1;
				},
				Err(error) => Self::deposit_event(Event::ReportSkipped {
					index: index as u32,
					device: report.device,
					error: error.into(),
				}),
			}
		}
		let charged = Self::batch_actual_weight(
			telemetry,
			others,
			refused_early,
			handed_on,
			checker.quality_reads,
		);
		if accepted == 0 {
			return Err(DispatchErrorWithPostInfo {
				post_info: charged,
				error: Error::<T>::NoValidReportInBatch.into(),
			});
		}
		let epoch = checker.epoch.index;
		totals.flush::<T>(epoch);
		Self::deposit_event(Event::ReportsBatched {
			epoch,
			accepted,
			skipped: reports.len() as u32 - accepted,
			units,
		});
		Ok(charged)
	}

	/// Records a checked report: the device's record (one write), its witnesses', and the
	/// class sums in `totals`. Returns the units credited to the device, and how many closed
	/// epochs' work (of the device and its witnesses) was handed to `OnWorkClosed` on the way.
	fn record(
		report: &ReportOf<T>,
		verdict: Verdict,
		totals: &mut ClassTotals,
	) -> (WorkUnits, u32) {
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
		// The challenge and oracle scores scale the device's own units, at acceptance, so that
		// the sums stay exact.
		let mut units = verdict.quality.mul_floor(score.mul_floor(verdict.units));
		// A beacon is paid out of its cell, beaconer first (see `coverage`).
		let payout = verdict
			.beacon
			.map(|terms| Payout::open::<T>(&device, epoch, &verdict.witnesses, terms));
		if let Some(payout) = &payout {
			units = units.min(payout.beaconer_units());
		}
		// The check read the device's record: write it without reading it again.
		let (mut entry, handed) = Self::record_for(&device, verdict.entry, epoch, verdict.class);
		let mut handed_on = u32::from(handed);
		let credited = Self::add_units(&mut entry, units, verdict.max_units, totals);
		entry.report = Some(hash);
		Ledger::<T>::insert(device, entry);
		// Receipts' units are delivered to the orders they name, payable at once: the customer
		// signed for the job and escrowed its price. A storage proof's chunks likewise, to the
		// orders of the proven data.
		if !verdict.deliveries.is_empty() {
			T::ReceiptOrders::deliver(&device, &verdict.deliveries);
		}

		if let Some(mut payout) = payout {
			payout.spend(credited);
			let units_each = payout.witness_share();
			for (i, (witness, class, max)) in verdict.witnesses.iter().enumerate() {
				let offered = payout.witness_units(units_each, i);
				let (handed, added) = Self::credit(epoch, witness, *class, offered, *max, totals);
				payout.spend(added);
				if handed {
					handed_on.saturating_inc();
				}
			}
			Self::deposit_event(Event::WitnessesCredited {
				beaconer: device,
				epoch,
				witnesses: verdict.witnesses.len() as u32,
				units_each,
			});
			payout.close::<T>(&device, epoch);
		}
		(credited, handed_on)
	}

	/// Adds up to `units` to an entry, never above `max` in total, and the same amount to the
	/// entry's class in `totals`. Returns the units actually added.
	fn add_units(
		entry: &mut DeviceWork,
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

	/// Adds up to `units` to a witness's record of `epoch` (see [`Self::add_units`]). Returns
	/// whether the witness's older epoch was handed on first, and the units added.
	fn credit(
		epoch: EpochIndex,
		device: &DeviceId,
		class: DeviceClassId,
		units: WorkUnits,
		max: WorkUnits,
		totals: &mut ClassTotals,
	) -> (bool, WorkUnits) {
		let (mut entry, handed) = Self::record_for(device, Ledger::<T>::get(device), epoch, class);
		let added = Self::add_units(&mut entry, units, max, totals);
		Ledger::<T>::insert(device, entry);
		(handed, added)
	}
}
