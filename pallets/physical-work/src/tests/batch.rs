//! Batched reports: many device-signed reports in one feeless transaction, each checked on its
//! own.

use crate::{mock::*, *};
use depin_primitives::{DeviceId, WorkUnits};
use frame_support::{assert_noop, assert_ok, traits::Authorize};
use sp_core::sr25519;
use sp_runtime::{
	transaction_validity::{TransactionSource, ValidTransaction},
	DispatchError, DispatchResult,
};

type Batch = alloc::vec::Vec<(ReportOf<Test>, sr25519::Signature)>;

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

/// Submits a batch as the pool and a block do: authorised in the pool, then in the block, then
/// dispatched.
fn submit_batch(reports: Batch) -> DispatchResult {
	authorize(&reports, TransactionSource::External).map_err(DispatchError::Other)?;
	authorize(&reports, TransactionSource::InBlock).map_err(DispatchError::Other)?;
	Work::submit_reports(frame_system::Origin::<Test>::Authorized.into(), reports)
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

#[test]
fn a_batch_records_every_valid_report_and_skips_the_invalid_ones() {
	ExtBuilder::default().build_and_execute(|| {
		for seed in 1..=4 {
			add_device(seed, ALICE, SENSOR);
		}
		let (r2, _) = signed(2, 5);
		let forged = sign(1, &r2);
		let batch = vec![signed(1, 10), (r2, forged), signed(3, 0), signed(4, 30)];
		assert_ok!(submit_batch(batch));

		assert_eq!(
			skipped(),
			vec![
				(1, device(2), Error::<Test>::InvalidSignature.into()),
				(2, device(3), Error::<Test>::ZeroUnits.into()),
			]
		);
		assert_eq!(
			last_event(),
			Event::ReportsBatched { epoch: 0, accepted: 2, skipped: 2, units: 40 }
		);
		assert_eq!(Ledger::<Test>::get(0, device(1)).map(|e| e.units), Some(10));
		assert_eq!(Ledger::<Test>::get(0, device(4)).map(|e| e.units), Some(30));
		assert_eq!(Ledger::<Test>::get(0, device(2)), None, "a forged report records nothing");
		assert_eq!(Ledger::<Test>::get(0, device(3)), None);
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 40);
		// A skipped device may still report on its own.
		let (r3, s3) = signed(3, 7);
		assert_ok!(submit_feeless(r3, s3));
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 47);
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
		assert_ok!(submit_batch(batch));
		let params = default_params();
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 10);
		assert_eq!(
			ClassUnits::<Test>::get(0, HOTSPOT),
			params.beacon_units + params.witness_units,
			"the beacon and its witness"
		);
		assert!(work_events().iter().any(|e| matches!(e, Event::WitnessesCredited { .. })));
	});
}

#[test]
fn reports_already_recorded_are_skipped_and_never_credited_twice() {
	ExtBuilder::default().build_and_execute(|| {
		for seed in 1..=3 {
			add_device(seed, ALICE, SENSOR);
		}
		let (r1, s1) = signed(1, 10);
		assert_ok!(submit_batch(vec![(r1.clone(), s1), signed(2, 20)]));
		// The same report again, beside a new one: only the new one counts.
		assert_ok!(submit_batch(vec![(r1.clone(), s1), signed(3, 30)]));
		assert_eq!(skipped(), vec![(0, device(1), Error::<Test>::ReportAlreadySubmitted.into())]);
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 60);
		// Nor through a single report.
		assert_noop!(submit_feeless(r1, s1), "ReportAlreadySubmitted");
		// A batch whose every report was recorded already is refused as a whole.
		assert_noop!(
			submit_batch(vec![signed(2, 20), signed(3, 30)]),
			DispatchError::Other("NoValidReportInBatch")
		);
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 60);
	});
}

#[test]
fn a_single_report_first_leaves_the_batch_to_skip_it() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		add_device(2, ALICE, SENSOR);
		let batch = vec![signed(1, 10), signed(2, 20)];
		// Both may wait in the pool side by side: the batch does not claim the devices' tags.
		let valid = authorize(&batch, TransactionSource::External).expect("authorised");
		let (r1, s1) = signed(1, 10);
		let call = Call::<Test>::submit_report { report: r1.clone(), signature: s1 };
		let Some(Ok((single, _))) = call.authorize(TransactionSource::External) else {
			panic!("a valid single report")
		};
		assert!(valid.provides.iter().all(|tag| !single.provides.contains(tag)));

		assert_ok!(submit_feeless(r1, s1));
		assert_ok!(submit_batch(batch));
		assert_eq!(skipped(), vec![(0, device(1), Error::<Test>::ReportAlreadySubmitted.into())]);
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 30);
	});
}

#[test]
fn the_pool_refuses_a_batch_with_no_valid_report() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		add_device(2, ALICE, SENSOR);
		let (r1, _) = signed(1, 10);
		let (r2, _) = signed(2, 10);
		// Each signed by the other device.
		let batch = vec![(r1.clone(), sign(2, &r1)), (r2.clone(), sign(1, &r2))];
		assert_eq!(authorize(&batch, TransactionSource::External), Err("NoValidReportInBatch"));
		// A block author that includes it anyway gets a failed transaction that changes nothing.
		assert!(authorize(&batch, TransactionSource::InBlock).is_ok());
		assert_noop!(
			Work::submit_reports(frame_system::Origin::<Test>::Authorized.into(), batch),
			Error::<Test>::NoValidReportInBatch
		);
	});
}

#[test]
fn a_batch_of_the_wrong_shape_is_refused_with_its_reason() {
	ExtBuilder::default().build_and_execute(|| {
		for seed in 1..=5 {
			add_device(seed, ALICE, SENSOR);
		}
		let cases: [(Batch, Error<Test>); 3] = [
			(vec![], Error::<Test>::EmptyBatch),
			// The mock allows four reports per batch.
			((1..=5).map(|s| signed(s, 1)).collect(), Error::<Test>::BatchTooLarge),
			(vec![signed(1, 1), signed(2, 1), signed(1, 2)], Error::<Test>::DuplicateReportInBatch),
		];
		for (batch, error) in cases {
			let name = error_name(&error);
			assert_eq!(authorize(&batch, TransactionSource::External), Err(name));
			// In a block the dispatch checks the shape, and refuses it with the same error.
			assert!(authorize(&batch, TransactionSource::InBlock).is_ok());
			assert_noop!(
				Work::submit_reports(frame_system::Origin::<Test>::Authorized.into(), batch),
				error
			);
		}
	});
}

#[test]
fn only_the_authorised_origin_may_dispatch_a_batch() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		assert_noop!(
			Work::submit_reports(RuntimeOrigin::signed(ALICE), vec![signed(1, 1)]),
			DispatchError::BadOrigin
		);
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
		use crate::weights::WeightInfo as _;
		assert_eq!(
			Work::batch_weight(&batch),
			<() as crate::weights::WeightInfo>::submit_reports(2)
				.saturating_add(Work::authorize_weight(&beacon))
				.saturating_add(Work::submit_weight(&beacon))
		);
		// An oversized batch (refused anyway) is weighed at the bound, never beyond.
		let over: Batch = (0..9).map(|_| signed(1, 1)).collect();
		assert_eq!(Work::batch_weight(&over), <()>::submit_reports(4));
	});
}
