//! Attested telemetry, and the checks every report goes through, on both paths.

use crate::{mock::*, *};
use depin_primitives::{DeviceStatus, ProofKind};
use frame_support::{assert_noop, assert_ok, traits::Authorize};
use sp_core::{Pair, H256};
use sp_runtime::transaction_validity::{InvalidTransaction, TransactionSource};

#[test]
fn a_feeless_report_credits_the_device_and_its_class() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		add_device(2, BOB, SENSOR);
		let r = report(1, telemetry(40));
		let hash = H256(sp_io::hashing::blake2_256(&codec::Encode::encode(&r)));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert_eq!(
			last_event(),
			Event::WorkAccepted {
				device: device(1),
				epoch: 0,
				class: SENSOR,
				kind: ProofKind::AttestedTelemetry,
				units: 40,
				submitter: None,
			}
		);
		assert_eq!(
			Ledger::<Test>::get(device(1)),
			Some(DeviceWork {
				epoch: 0,
				class: SENSOR,
				units: 40,
				report: Some(hash),
				punished_up_to: None,
				settled: false,
			})
		);
		let r = report(2, telemetry(2));
		assert_ok!(submit_feeless(r.clone(), sign(2, &r)));
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 42);
	});
}

#[test]
fn an_operator_may_submit_the_same_device_signed_report_and_pay_for_it() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let r = report(1, telemetry(40));
		assert_ok!(submit_signed(ALICE, r.clone(), sign(1, &r)));
		assert!(matches!(
			last_event(),
			Event::WorkAccepted { units: 40, submitter: Some(ALICE), .. }
		));
		// And it counts as the device's report of the epoch, whichever path comes second.
		assert_noop!(submit_feeless(r.clone(), sign(1, &r)), "ReportAlreadySubmitted");
		assert_noop!(
			submit_signed(BOB, r.clone(), sign(1, &r)),
			Error::<Test>::ReportAlreadySubmitted
		);
	});
}

#[test]
fn the_pool_sees_a_low_priority_transaction_that_lives_until_the_epoch_ends() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		run_to_block(4);
		let r = report(1, telemetry(40));
		let call = Call::<Test>::submit_report { report: r.clone(), signature: sign(1, &r) };
		let (validity, refund) =
			call.authorize(TransactionSource::External).expect("authorised").expect("valid");
		assert_eq!(validity.priority, 0);
		assert_eq!(validity.longevity, EPOCH - 4);
		assert_eq!(
			validity.provides,
			vec![codec::Encode::encode(&(b"depin/report", device(1), 0u32))]
		);
		assert!(validity.requires.is_empty());
		assert!(validity.propagate);
		assert_eq!(refund, frame_support::weights::Weight::zero());
		// A signed path call has no authorisation of its own.
		let signed =
			Call::<Test>::submit_report_signed { report: r.clone(), signature: sign(1, &r) };
		assert!(signed.authorize(TransactionSource::External).is_none());
		// What a block spends authorising it: one signature verification and the genesis hash.
		assert_eq!(call.weight_of_authorize(), Work::verify_weight(&r));
		use frame_support::traits::Get;
		assert_eq!(
			Work::verify_weight(&r),
			<() as crate::weights::WeightInfo>::verify_signature().saturating_add(
				<<Test as frame_system::Config>::DbWeight as Get<
					frame_support::weights::RuntimeDbWeight,
				>>::get()
				.reads(1)
			)
		);
	});
}

#[test]
fn a_block_verifies_only_the_signatures_before_the_dispatch_checks_the_rest_once() {
	use frame_support::dispatch::{DispatchClass, GetDispatchInfo, Pays};
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let r = report(1, telemetry(40));
		let call = Call::<Test>::submit_report { report: r.clone(), signature: sign(1, &r) };
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		// The state check is the dispatch's: a block's authorisation of the same report again
		// passes (its signature holds) and its dispatch refuses it.
		assert!(matches!(call.authorize(TransactionSource::InBlock), Some(Ok(_))));
		assert_noop!(
			Work::submit_report(
				frame_system::Origin::<Test>::Authorized.into(),
				r.clone(),
				sign(1, &r)
			),
			Error::<Test>::ReportAlreadySubmitted
		);
		// A forged signature is refused by the block's authorisation, so it is never included.
		let forged = Call::<Test>::submit_report { report: r.clone(), signature: sign(2, &r) };
		let Some(Err(refusal)) = forged.authorize(TransactionSource::InBlock) else {
			panic!("a forged report must be refused in a block")
		};
		assert_eq!(refusal_name(refusal), "InvalidSignature");
		// Operational and feeless: the fee multiplier follows normal transactions only.
		let info = call.get_dispatch_info();
		assert_eq!(info.class, DispatchClass::Operational);
		assert_eq!(info.pays_fee, Pays::No);
		assert_eq!(info.call_weight, Work::submit_weight(&r));
	});
}

#[test]
fn a_refusal_in_the_pool_names_the_pallet_error() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let r = report(1, telemetry(40));
		let call = Call::<Test>::submit_report { report: r.clone(), signature: sign(2, &r) };
		let refusal = call.authorize(TransactionSource::External).expect("authorised").unwrap_err();
		let index = codec::Encode::encode(&Error::<Test>::InvalidSignature)[0];
		assert_eq!(refusal, InvalidTransaction::Custom(index).into());
		assert_eq!(refusal_name(refusal), "InvalidSignature");
	});
}

#[test]
fn the_dispatch_needs_the_authorised_origin() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let r = report(1, telemetry(40));
		assert_noop!(
			Work::submit_report(RuntimeOrigin::signed(ALICE), r.clone(), sign(1, &r)),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Work::submit_report(RuntimeOrigin::none(), r.clone(), sign(1, &r)),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

use crate::mock::assert_refused as refused;

#[test]
fn reports_for_another_epoch_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		next_epoch();
		let mut r = report(1, telemetry(4));
		r.epoch = 0;
		refused(1, r.clone(), Error::EpochEnded);
		r.epoch = 2;
		refused(1, r, Error::EpochNotStarted);
	});
}

#[test]
fn unknown_inactive_and_classless_devices_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		refused(1, report(1, telemetry(4)), Error::UnknownDevice);
		add_device(1, ALICE, SENSOR);
		for status in [DeviceStatus::Suspended, DeviceStatus::Deregistering, DeviceStatus::Retired]
		{
			MockRegistry::set_status(&device(1), status);
			refused(1, report(1, telemetry(4)), Error::DeviceNotActive);
		}
		MockRegistry::add(device(2), ALICE, 9, None);
		refused(2, report(2, telemetry(4)), Error::ClassNotFound);
	});
}

#[test]
fn a_payload_of_another_proof_kind_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, GPU);
		refused(1, report(1, telemetry(4)), Error::WrongProofKind);
	});
}

#[test]
fn a_second_report_in_an_epoch_is_refused_but_the_next_epoch_is_open() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let r = report(1, telemetry(4));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		refused(1, r, Error::ReportAlreadySubmitted);
		refused(1, report(1, telemetry(5)), Error::ReportAlreadySubmitted);
		next_epoch();
		let r = report(1, telemetry(6));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert_eq!(Ledger::<Test>::get(device(1)).map(|e| e.units), Some(6));
	});
}

#[test]
fn forged_and_foreign_signatures_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let r = report(1, telemetry(4));
		// Signed by another key.
		refused(2, r.clone(), Error::InvalidSignature);
		// Signed for another chain.
		let foreign = device_pair(1).sign(&report_payload(&H256::repeat_byte(1), &r));
		assert_noop!(submit_feeless(r.clone(), foreign), "InvalidSignature");
		// A signature over one report does not cover another.
		let other = report(1, telemetry(5));
		assert_noop!(submit_feeless(other, sign(1, &r)), "InvalidSignature");
	});
}

#[test]
fn implausible_units_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		refused(1, report(1, telemetry(0)), Error::ZeroUnits);
		refused(1, report(1, telemetry(MAX_UNITS + 1)), Error::ImplausibleUnits);
		let r = report(1, telemetry(MAX_UNITS));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
	});
}

#[test]
fn readings_must_be_fresh() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		next_epoch();
		let at = |measured_at| {
			report(1, ReportPayload::Telemetry { units: 3, measured_at, data_hash: H256::zero() })
		};
		let now = System::block_number();
		refused(1, at(now + 1), Error::ReadingFromFuture);
		// Before the epoch started.
		refused(1, at(now - 1), Error::StaleReading);
		// Older than `max_reading_age` (5 blocks).
		run_to_block(now + 6);
		refused(1, at(now), Error::StaleReading);
		assert_ok!(submit_feeless(at(now + 1), sign(1, &at(now + 1))));
	});
}
