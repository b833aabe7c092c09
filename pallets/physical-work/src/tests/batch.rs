//! Batched reports: many device-signed reports in one feeless transaction. The pool admits a
//! batch only if every report in it is valid; a block checks each report once and charges the
//! batch for what it recorded.

use crate::{authorize::report_tag, mock::*, weights::WeightInfo as _, *};
use depin_primitives::{DeviceId, WorkUnits};
use frame_support::{
	assert_ok,
	dispatch::{DispatchClass, GetDispatchInfo, Pays, PostDispatchInfo},
	traits::{Authorize, Get},
	weights::Weight,
};
use sp_core::sr25519;
use sp_runtime::{
	transaction_validity::{TransactionSource, ValidTransaction},
	DispatchError, DispatchErrorWithPostInfo,
};

type Batch = alloc::vec::Vec<(ReportOf<Test>, sr25519::Signature)>;
type W = ();

/// Device `seed`'s telemetry report of `units`, signed by it.
fn signed(seed: u8, units: WorkUnits) -> (ReportOf<Test>, sr25519::Signature) {
	let r = report(seed, telemetry(units));
	let s = sign(seed, &r);
	(r, s)
}

/// The pool's (or, with `InBlock`, the block's) authorisation of a batch.
fn authorize(reports: &Batch, source: TransactionSource) -> Result<ValidTransaction, &'static str> {
	let call = Call::<Test>::submit_reports { reports: reports.clone() };
	match call.authorize(source) {
		Some(Ok((valid, _))) => Ok(valid),
		Some(Err(e)) => Err(refusal_name(e)),
		None => panic!("submit_reports must have an authorisation"),
	}
}

/// Dispatches a batch as a block does after its (empty) authorisation there: what a block
/// author that includes it gets, whatever the pool said.
fn dispatch(reports: Batch) -> sp_runtime::DispatchResultWithInfo<PostDispatchInfo> {
	authorize(&reports, TransactionSource::InBlock).expect("a block checks nothing before");
	Work::submit_reports(frame_system::Origin::<Test>::Authorized.into(), reports)
}

/// Submits a batch as the pool and a block do: admitted by the pool, then dispatched.
fn submit_batch(reports: Batch) -> Result<PostDispatchInfo, DispatchError> {
	authorize(&reports, TransactionSource::External).map_err(DispatchError::Other)?;
	dispatch(reports).map_err(|e| e.error)
}

/// The pallet's verdict on each report of `reports`, as the runtime API gives it.
fn refusals(reports: &Batch) -> alloc::vec::Vec<(u32, &'static str)> {
	Work::check_reports(reports).into_iter().map(|(i, e)| (i, error_name(&e))).collect()
}

fn skipped() -> alloc::vec::Vec<(u32, DeviceId, DispatchError)> {
	work_events()
		.into_iter()
		.filter_map(|e| match e {
			Event::ReportSkipped { index, device, error } => Some((index, device, error)),
			_ => None,
		})
		.collect()
}

fn reads(n: u64) -> Weight {
	<<Test as frame_system::Config>::DbWeight as Get<frame_support::weights::RuntimeDbWeight>>::get(
	)
	.reads(n)
}

#[test]
fn the_pool_admits_a_batch_only_if_every_report_is_valid() {
	ExtBuilder::default().build_and_execute(|| {
		for seed in 1..=4 {
			add_device(seed, ALICE, SENSOR);
		}
		let (r2, _) = signed(2, 5);
		let forged = sign(1, &r2);
		let batch = vec![signed(1, 10), (r2, forged), signed(3, 0), signed(4, 30)];
		// Refused with the first bad report's reason, although three others are valid or
		// fail for another reason: a valid report cannot carry junk into a block.
		assert_eq!(authorize(&batch, TransactionSource::External), Err("InvalidSignature"));
		// A gateway learns every bad one, by position, and leaves them out.
		assert_eq!(refusals(&batch), vec![(1, "InvalidSignature"), (2, "ZeroUnits")]);
		let good: Batch = batch
			.iter()
			.enumerate()
			.filter(|(i, _)| Work::check_reports(&batch).iter().all(|(j, _)| *j as usize != *i))
			.map(|(_, r)| r.clone())
			.collect();
		assert!(refusals(&good).is_empty());
		assert_ok!(submit_batch(good));
		assert!(skipped().is_empty());
		assert_eq!(
			last_event(),
			Event::ReportsBatched { epoch: 0, accepted: 2, skipped: 0, units: 40 }
		);
		assert_eq!(Ledger::<Test>::get(device(1)).map(|e| e.units), Some(10));
		assert_eq!(Ledger::<Test>::get(device(4)).map(|e| e.units), Some(30));
		assert_eq!(Ledger::<Test>::get(device(2)), None, "a forged report records nothing");
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 40);
		// A device left out may still report on its own.
		let (r3, s3) = signed(3, 7);
		assert_ok!(submit_feeless(r3, s3));
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 47);
	});
}

#[test]
fn the_pool_stops_at_the_first_bad_report() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		add_device(2, ALICE, SENSOR);
		let (r1, _) = signed(1, 10);
		// The first report names an unknown device (refused before its signature is
		// verified); the second's signature is forged. Only the first is ever looked at.
		let unknown = report(9, telemetry(1));
		let batch = vec![(unknown.clone(), sign(9, &unknown)), (r1.clone(), sign(2, &r1))];
		assert_eq!(authorize(&batch, TransactionSource::External), Err("UnknownDevice"));
		assert_eq!(refusals(&batch), vec![(0, "UnknownDevice"), (1, "InvalidSignature")]);
	});
}

#[test]
fn a_batch_claims_the_tag_of_every_report_it_carries() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		add_device(2, ALICE, SENSOR);
		let batch = vec![signed(1, 10), signed(2, 20)];
		let valid = authorize(&batch, TransactionSource::External).expect("admitted");
		assert_eq!(valid.provides, vec![report_tag(&device(1), 0), report_tag(&device(2), 0)]);
		assert_eq!(valid.priority, 0);
		// A device's single report claims the same tag: the pool keeps one of the two, so a
		// report cannot wait in two pooled transactions (nor be copied into a second batch).
		let (r1, s1) = signed(1, 10);
		let call = Call::<Test>::submit_report { report: r1, signature: s1 };
		let Some(Ok((single, _))) = call.authorize(TransactionSource::External) else {
			panic!("a valid single report")
		};
		assert_eq!(single.provides, vec![report_tag(&device(1), 0)]);
		assert!(valid.provides.contains(&single.provides[0]));
	});
}

#[test]
fn a_batch_mixes_proof_kinds_and_credits_witnesses() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		add_device(10, ALICE, HOTSPOT);
		add_device(11, BOB, HOTSPOT);
		let beacon = report(10, coverage(10, &[11]));
		let batch = vec![signed(1, 10), (beacon.clone(), sign(10, &beacon))];
		let charged = submit_batch(batch).expect("recorded");
		let params = default_params();
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 10);
		assert_eq!(
			ClassUnits::<Test>::get(0, HOTSPOT),
			params.beacon_units + params.witness_units,
			"the beacon and its witness"
		);
		assert!(work_events().iter().any(|e| matches!(e, Event::WitnessesCredited { .. })));
		// Charged the telemetry at the batched rate and the beacon as a single report, with no
		// closed epoch to hand on (the devices' first epoch), and each class's oracle tally
		// read once (neither class has an oracle, so no score is read).
		assert_eq!(
			charged.actual_weight,
			Some(
				W::submit_reports(1)
					.saturating_add(Work::verify_weight(&beacon))
					.saturating_add(Work::check_weight(&beacon))
					.saturating_add(reads(2))
			)
		);
	});
}

#[test]
fn reports_recorded_earlier_in_the_block_are_refused_in_the_pool_and_refunded_in_a_block() {
	ExtBuilder::default().build_and_execute(|| {
		for seed in 1..=3 {
			add_device(seed, ALICE, SENSOR);
		}
		let (r1, s1) = signed(1, 10);
		assert_ok!(submit_batch(vec![(r1.clone(), s1), signed(2, 20)]));
		// The same report again, beside a new one: the pool refuses the batch.
		let again = vec![(r1.clone(), s1), signed(3, 30)];
		assert_eq!(authorize(&again, TransactionSource::External), Err("ReportAlreadySubmitted"));
		assert_eq!(refusals(&again), vec![(0, "ReportAlreadySubmitted")]);
		// A block that carries it anyway records the new report only, and charges the
		// recorded one two reads: no signature was verified for it. The new one read its
		// class's oracle tally.
		let charged = dispatch(again).expect("the new report is recorded");
		assert_eq!(skipped(), vec![(0, device(1), Error::<Test>::ReportAlreadySubmitted.into())]);
		assert_eq!(charged.actual_weight, Some(W::submit_reports(1).saturating_add(reads(3))));
		assert_eq!(charged.pays_fee, Pays::No);
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 60);
		// Never twice through a single report.
		assert_eq!(submit_feeless(r1, s1), Err(DispatchError::Other("ReportAlreadySubmitted")));

		// A batch whose every report was recorded costs its base weight and two reads a
		// report, far below what it declared, and changes nothing.
		let all_old = vec![signed(2, 20), signed(3, 30)];
		let declared = Work::batch_weight(&all_old);
		let Err(DispatchErrorWithPostInfo { post_info, error }) = dispatch(all_old) else {
			panic!("nothing to record")
		};
		assert_eq!(error, Error::<Test>::NoValidReportInBatch.into());
		let base = W::submit_reports(0);
		assert_eq!(post_info.actual_weight, Some(base.saturating_add(reads(4))));
		assert!(post_info.actual_weight.unwrap().all_lt(declared));
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 60);
	});
}

#[test]
fn a_forged_report_a_block_author_slips_in_is_skipped_and_paid_for() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		add_device(2, ALICE, SENSOR);
		let (r2, _) = signed(2, 5);
		// The pool would refuse this batch; an author that includes it anyway gets the valid
		// report recorded and the forged one skipped, charged as verified.
		let batch = vec![signed(1, 10), (r2.clone(), sign(1, &r2))];
		let charged = dispatch(batch.clone()).expect("one report recorded");
		assert_eq!(skipped(), vec![(1, device(2), Error::<Test>::InvalidSignature.into())]);
		// The valid report read its class's oracle tally; the forged one stopped before.
		assert_eq!(charged.actual_weight, Some(W::submit_reports(2).saturating_add(reads(1))));
		// Declared with a hand-on and two quality reads per report; one read was needed, so
		// the rest is refunded.
		let hand_on = <RecordWorkClosed as depin_primitives::OnWorkClosed>::weight();
		assert_eq!(
			Some(Work::batch_weight(&batch)),
			charged
				.actual_weight
				.map(|w| w.saturating_add(hand_on.saturating_mul(2)).saturating_add(reads(3)))
		);
		assert_eq!(Ledger::<Test>::get(device(2)), None);
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 10);

		// With every signature forged, nothing is recorded and the batch fails.
		let (r1, _) = signed(1, 10);
		let forged = vec![(r2.clone(), sign(1, &r2)), (r1.clone(), sign(2, &r1))];
		let Err(failed) = dispatch(forged) else { panic!("nothing valid") };
		assert_eq!(failed.error, Error::<Test>::NoValidReportInBatch.into());
	});
}

#[test]
fn a_batch_of_the_wrong_shape_is_refused_with_its_reason_and_position() {
	ExtBuilder::default().build_and_execute(|| {
		for seed in 1..=5 {
			add_device(seed, ALICE, SENSOR);
		}
		let cases: [(Batch, Error<Test>, u32); 3] = [
			(vec![], Error::<Test>::EmptyBatch, 0),
			// The mock allows four reports per batch: the fifth is the first past the bound.
			((1..=5).map(|s| signed(s, 1)).collect(), Error::<Test>::BatchTooLarge, 4),
			(
				vec![signed(1, 1), signed(2, 1), signed(1, 2)],
				Error::<Test>::DuplicateReportInBatch,
				2,
			),
		];
		for (batch, error, index) in cases {
			let name = error_name(&error);
			assert_eq!(authorize(&batch, TransactionSource::External), Err(name));
			assert_eq!(refusals(&batch), vec![(index, name)]);
			// In a block the dispatch checks the shape, refuses it with the same error,
			// changes nothing and is charged only its base weight.
			let Err(failed) = dispatch(batch) else { panic!("refused") };
			assert_eq!(failed.error, error.into());
			assert_eq!(failed.post_info.actual_weight, Some(W::submit_reports(0)));
			assert!(skipped().is_empty());
			assert!(Ledger::<Test>::iter().next().is_none());
		}
	});
}

#[test]
fn only_the_authorised_origin_may_dispatch_a_batch() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let result = Work::submit_reports(RuntimeOrigin::signed(ALICE), vec![signed(1, 1)]);
		assert_eq!(result.map_err(|e| e.error), Err(DispatchError::BadOrigin));
		assert!(Ledger::<Test>::get(device(1)).is_none());
	});
}

#[test]
fn a_batch_weighs_telemetry_at_the_batched_rate_and_other_kinds_as_singles() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		add_device(2, ALICE, SENSOR);
		add_device(10, ALICE, HOTSPOT);
		add_device(11, BOB, HOTSPOT);
		let beacon = report(10, coverage(10, &[11]));
		let batch = vec![signed(1, 1), (beacon.clone(), sign(10, &beacon)), signed(2, 1)];
		let hand_on = <RecordWorkClosed as depin_primitives::OnWorkClosed>::weight();
		assert_eq!(
			Work::batch_weight(&batch),
			W::submit_reports(2)
				.saturating_add(hand_on.saturating_mul(2))
				.saturating_add(Work::quality_weight().saturating_mul(2))
				.saturating_add(Work::report_weight(&beacon))
		);
		// A beacon with one witness carries two signatures.
		assert_eq!(
			Work::verify_weight(&beacon),
			W::verify_signature().saturating_mul(2).saturating_add(reads(1))
		);
		// Operational and feeless, as a single report: reports leave the fee multiplier alone.
		let info = Call::<Test>::submit_reports { reports: batch }.get_dispatch_info();
		assert_eq!(info.class, DispatchClass::Operational);
		assert_eq!(info.pays_fee, Pays::No);
		// An oversized batch (refused anyway) is weighed at the bound, never beyond.
		let over: Batch = (0..9).map(|_| signed(1, 1)).collect();
		assert_eq!(
			Work::batch_weight(&over),
			W::submit_reports(4)
				.saturating_add(hand_on.saturating_mul(4))
				.saturating_add(Work::quality_weight().saturating_mul(4))
		);
	});
}
