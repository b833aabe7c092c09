//! Equivocation proofs and fraud reports decided by governance.

use crate::{mock::*, *};
use depin_primitives::{DeviceStatus, EpochWork};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_runtime::DispatchError;

fn two_reports(seed: u8) -> (ReportOf<Test>, ReportOf<Test>) {
	let first = report(seed, telemetry(40));
	let mut second = report(seed, telemetry(41));
	second.nonce = 2;
	(first, second)
}

fn prove(
	who: AccountId,
	seed: u8,
	first: &ReportOf<Test>,
	second: &ReportOf<Test>,
) -> sp_runtime::DispatchResult {
	Work::prove_equivocation(
		RuntimeOrigin::signed(who),
		first.clone(),
		sign(seed, first),
		second.clone(),
		sign(seed, second),
	)
}

fn fraud_held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::FraudReportBond.into(), &who)
}

#[test]
fn equivocation_in_an_open_epoch_slashes_suspends_and_takes_the_units_back() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		add_device(2, BOB, SENSOR);
		let (first, second) = two_reports(1);
		assert_ok!(submit_feeless(first.clone(), sign(1, &first)));
		let r = report(2, telemetry(5));
		assert_ok!(submit_feeless(r.clone(), sign(2, &r)));
		let before = Balances::free_balance(CHARLIE);
		assert_ok!(prove(CHARLIE, 1, &first, &second));
		assert_eq!(
			last_event(),
			Event::EquivocationProven {
				device: device(1),
				epoch: 0,
				prover: CHARLIE,
				slashed: 400,
				rewarded: 100,
				units_removed: 40,
			}
		);
		assert_eq!(Balances::free_balance(CHARLIE), before + 100);
		assert_eq!(MockRegistry::get(&device(1)).unwrap().bond, DEVICE_BOND - 400);
		assert_eq!(MockRegistry::get(&device(1)).unwrap().status, DeviceStatus::Suspended);
		let entry = Ledger::<Test>::get(device(1)).unwrap();
		assert_eq!((entry.units, entry.punished_up_to), (0, Some(0)));
		assert_eq!(ClassUnits::<Test>::get(0, SENSOR), 5);
		// Once per device and epoch.
		assert_noop!(prove(CHARLIE, 1, &second, &first), Error::<Test>::AlreadyPunished);
	});
}

#[test]
fn equivocation_in_a_closed_epoch_slashes_but_leaves_the_fixed_work() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let (first, second) = two_reports(1);
		assert_ok!(submit_feeless(first.clone(), sign(1, &first)));
		next_epoch();
		assert_ok!(prove(BOB, 1, &first, &second));
		assert!(matches!(last_event(), Event::EquivocationProven { units_removed: 0, .. }));
		let entry = Ledger::<Test>::get(device(1)).unwrap();
		assert_eq!((entry.epoch, entry.units, entry.punished_up_to), (0, 40, Some(0)));
		// The closed epoch's work is still handed on once, when the device is next credited.
		MockRegistry::set_status(&device(1), DeviceStatus::Active);
		let r = report(1, telemetry(7));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert_eq!(
			handed_on(),
			vec![(device(1), EpochWork { epoch: 0, class: SENSOR, units: 40 })]
		);
		assert_eq!(Ledger::<Test>::get(device(1)).unwrap().punished_up_to, Some(0));
	});
}

#[test]
fn a_device_is_punished_once_for_each_epoch_it_equivocated_in() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let (first, second) = two_reports(1);
		assert_ok!(submit_feeless(first.clone(), sign(1, &first)));
		next_epoch();
		// The device reports in epoch 1, then its epoch-0 equivocation comes to light: the
		// proof leaves epoch 1's record and units where they are.
		let r = report(1, telemetry(9));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert_ok!(prove(BOB, 1, &first, &second));
		assert!(matches!(
			last_event(),
			Event::EquivocationProven { epoch: 0, units_removed: 0, .. }
		));
		let entry = Ledger::<Test>::get(device(1)).unwrap();
		assert_eq!((entry.epoch, entry.units, entry.punished_up_to), (1, 9, Some(0)));
		assert_noop!(prove(BOB, 1, &second, &first), Error::<Test>::AlreadyPunished);
		// Equivocating again in epoch 1 is a new offence: its open units are taken back.
		let mut other = r.clone();
		other.nonce = 99;
		assert_ok!(prove(CHARLIE, 1, &r, &other));
		assert!(matches!(
			last_event(),
			Event::EquivocationProven { epoch: 1, units_removed: 9, .. }
		));
		assert_eq!(ClassUnits::<Test>::get(1, SENSOR), 0);
		assert_noop!(prove(CHARLIE, 1, &other, &r), Error::<Test>::AlreadyPunished);
		// An epoch older than the latest punished one can no longer be proven (the record
		// keeps only the latest): documented in the pallet's README.
		assert_noop!(prove(CHARLIE, 1, &first, &second), Error::<Test>::AlreadyPunished);
	});
}

#[test]
fn reports_never_submitted_still_prove_equivocation_and_bar_the_device() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let (first, second) = two_reports(1);
		assert_ok!(prove(BOB, 1, &first, &second));
		MockRegistry::set_status(&device(1), DeviceStatus::Active);
		let r = report(1, telemetry(3));
		assert_noop!(submit_feeless(r.clone(), sign(1, &r)), "DeviceEquivocated");
	});
}

#[test]
fn an_honest_retry_of_the_same_report_is_not_equivocation() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let r = report(1, telemetry(40));
		// The device signs the report, the transaction is dropped, and the retry signs the
		// very same report again: sr25519 signs at random, so the signatures differ.
		let (dropped, retried) = (sign(1, &r), sign(1, &r));
		assert_ne!(dropped, retried);
		assert_ok!(submit_feeless(r.clone(), retried));
		// The first signature, arriving late, is one more copy of a report already recorded.
		assert_eq!(
			submit_feeless(r.clone(), dropped),
			Err(DispatchError::Other("ReportAlreadySubmitted"))
		);
		// Whoever saw both signatures holds no proof: nothing moves.
		let (bond, before) =
			(MockRegistry::get(&device(1)).unwrap().bond, Balances::free_balance(CHARLIE));
		assert_noop!(
			Work::prove_equivocation(
				RuntimeOrigin::signed(CHARLIE),
				r.clone(),
				dropped,
				r.clone(),
				retried
			),
			Error::<Test>::IdenticalReports
		);
		assert_eq!(Balances::free_balance(CHARLIE), before);
		assert_eq!(MockRegistry::get(&device(1)).unwrap().bond, bond);
		assert_eq!(MockRegistry::get(&device(1)).unwrap().status, DeviceStatus::Active);
		let entry = Ledger::<Test>::get(device(1)).unwrap();
		assert_eq!((entry.units, entry.punished_up_to), (40, None));
	});
}

#[test]
fn what_is_not_equivocation_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		add_device(2, ALICE, SENSOR);
		let (first, second) = two_reports(1);
		let of_2 = report(2, telemetry(40));
		assert_noop!(
			Work::prove_equivocation(
				RuntimeOrigin::signed(BOB),
				first.clone(),
				sign(1, &first),
				of_2.clone(),
				sign(2, &of_2)
			),
			Error::<Test>::NotEquivocation
		);
		let mut later = second.clone();
		later.epoch = 1;
		assert_noop!(prove(BOB, 1, &first, &later), Error::<Test>::NotEquivocation);
		assert_noop!(prove(BOB, 1, &first, &first), Error::<Test>::IdenticalReports);
		assert_noop!(
			Work::prove_equivocation(
				RuntimeOrigin::signed(BOB),
				first.clone(),
				sign(1, &first),
				second.clone(),
				sign(2, &second)
			),
			Error::<Test>::InvalidSignature
		);
		let (f3, s3) = two_reports(3);
		assert_noop!(prove(BOB, 3, &f3, &s3), Error::<Test>::UnknownDevice);
		assert_noop!(
			prove(BOB, 1, &later, &{
				let mut l = later.clone();
				l.nonce = 9;
				l
			}),
			Error::<Test>::EpochNotRetained
		);
		for _ in 0..=RETAINED {
			next_epoch();
		}
		assert_noop!(prove(BOB, 1, &first, &second), Error::<Test>::EpochNotRetained);
		assert_noop!(
			Work::prove_equivocation(
				RuntimeOrigin::none(),
				first.clone(),
				sign(1, &first),
				second.clone(),
				sign(1, &second)
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn an_upheld_fraud_report_slashes_the_device_and_returns_the_bond() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, HOTSPOT);
		let evidence: Evidence = b"ipfs://evidence".to_vec().try_into().unwrap();
		assert_ok!(Work::report_fraud(RuntimeOrigin::signed(BOB), device(1), 0, evidence.clone()));
		assert_eq!(
			last_event(),
			Event::FraudReported { id: 0, reporter: BOB, device: device(1), epoch: 0 }
		);
		assert_eq!(fraud_held(BOB), 50);
		assert_eq!(
			FraudReports::<Test>::get(0),
			Some(FraudReport { reporter: BOB, device: device(1), epoch: 0, bond: 50, evidence })
		);
		let before = Balances::free_balance(BOB);
		assert_noop!(
			Work::decide_fraud(RuntimeOrigin::signed(CHARLIE), 0, true, 200),
			DispatchError::BadOrigin
		);
		assert_ok!(Work::decide_fraud(RuntimeOrigin::root(), 0, true, 200));
		assert_eq!(last_event(), Event::FraudReportDecided { id: 0, upheld: true, slashed: 200 });
		assert_eq!(fraud_held(BOB), 0);
		assert_eq!(Balances::free_balance(BOB), before + 50 + 50, "bond back and a quarter");
		assert_eq!(MockRegistry::get(&device(1)).unwrap().status, DeviceStatus::Suspended);
		assert_noop!(
			Work::decide_fraud(RuntimeOrigin::root(), 0, true, 200),
			Error::<Test>::FraudReportNotFound
		);
	});
}

#[test]
fn a_rejected_fraud_report_loses_its_bond() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, HOTSPOT);
		assert_ok!(Work::report_fraud(
			RuntimeOrigin::signed(BOB),
			device(1),
			0,
			Default::default()
		));
		let pot = Balances::free_balance(SLASH_POT);
		assert_ok!(Work::decide_fraud(RuntimeOrigin::root(), 0, false, 0));
		assert_eq!(last_event(), Event::FraudReportDecided { id: 0, upheld: false, slashed: 50 });
		assert_eq!(fraud_held(BOB), 0);
		assert_eq!(Balances::free_balance(SLASH_POT), pot + 50);
		assert_eq!(MockRegistry::get(&device(1)).unwrap().status, DeviceStatus::Active);
	});
}

#[test]
fn an_upheld_report_of_a_device_that_left_slashes_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, HOTSPOT);
		assert_ok!(Work::report_fraud(
			RuntimeOrigin::signed(BOB),
			device(1),
			0,
			Default::default()
		));
		MockRegistry::remove(&device(1));
		assert_ok!(Work::decide_fraud(RuntimeOrigin::root(), 0, true, 200));
		assert_eq!(last_event(), Event::FraudReportDecided { id: 0, upheld: true, slashed: 0 });
		assert_eq!(fraud_held(BOB), 0);
	});
}

#[test]
fn bad_fraud_reports_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, HOTSPOT);
		let file = |who, epoch| {
			Work::report_fraud(RuntimeOrigin::signed(who), device(1), epoch, Default::default())
		};
		assert_noop!(
			Work::report_fraud(RuntimeOrigin::signed(BOB), device(9), 0, Default::default()),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(file(BOB, 1), Error::<Test>::EpochNotRetained);
		assert_noop!(file(POOR, 0), Error::<Test>::BondNotAffordable);
		assert_ok!(file(BOB, 0));
		assert_ok!(file(CHARLIE, 0));
		assert_noop!(file(DAVE, 0), Error::<Test>::TooManyFraudReports);
	});
}
