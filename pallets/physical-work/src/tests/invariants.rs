//! Random interleavings of reports, challenges and witness reports keep the ledger exact, and
//! the invariant check catches a broken ledger.

use crate::{merkle, mock::*, *};
use frame_support::assert_ok;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
	Telemetry { seed: u8, units: u64 },
	Beacon { seed: u8, witnesses: Vec<u8> },
	Answer { seed: u8 },
	Receipt { seed: u8, job: u8, units: u64 },
	Equivocate { seed: u8 },
	Score { seed: u8, percent: u32 },
	Dispute { seed: u8 },
	Decide { id: u32, upheld: bool },
	Retire,
	Blocks(u8),
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		(1u8..=3, 0u64..1_200).prop_map(|(seed, units)| Op::Telemetry { seed, units }),
		(11u8..=15, proptest::collection::vec(11u8..=16, 0..4))
			.prop_map(|(seed, witnesses)| Op::Beacon { seed, witnesses }),
		(21u8..=23).prop_map(|seed| Op::Answer { seed }),
		(31u8..=32, 0u8..4, 1u64..600).prop_map(|(seed, job, units)| Op::Receipt {
			seed,
			job,
			units
		}),
		(1u8..=32).prop_map(|seed| Op::Equivocate { seed }),
		(1u8..=3, 0u32..=100).prop_map(|(seed, percent)| Op::Score { seed, percent }),
		(1u8..=3).prop_map(|seed| Op::Dispute { seed }),
		(0u32..4, any::<bool>()).prop_map(|(id, upheld)| Op::Decide { id, upheld }),
		Just(Op::Retire),
		(1u8..12).prop_map(Op::Blocks),
	]
}

fn data() -> Vec<Vec<u8>> {
	(0..7u8).map(|i| vec![i; 40]).collect()
}

fn setup() {
	for seed in 1..=3 {
		add_device(seed, ALICE, SENSOR);
	}
	// Hotspots 11..=15 of different owners; 16 is ALICE's like 11.
	for (seed, owner) in [(11, ALICE), (12, BOB), (13, CHARLIE), (14, DAVE), (15, BOB), (16, ALICE)]
	{
		add_device(seed, owner, HOTSPOT);
	}
	for seed in 21..=23 {
		add_device(seed, ALICE, STORAGE);
		let root = merkle::root(&device(seed), &data());
		MockDemand::order(device(seed), root, 7);
		assert_ok!(Work::commit_storage(RuntimeOrigin::signed(ALICE), device(seed), root, 7));
	}
	for seed in 31..=32 {
		add_device(seed, ALICE, GPU);
	}
	assert_ok!(Work::offer_oracle(RuntimeOrigin::signed(CHARLIE), SENSOR));
	assert_ok!(Work::approve_oracle(RuntimeOrigin::root(), SENSOR, CHARLIE));
}

fn apply(op: Op) {
	// Any outcome is allowed; the invariants must hold whatever happened.
	let _ = match op {
		Op::Telemetry { seed, units } => {
			let r = report(seed, telemetry(units));
			submit_feeless(r.clone(), sign(seed, &r))
		},
		Op::Beacon { seed, witnesses } => {
			let r = report(seed, coverage(seed, &witnesses));
			submit_signed(BOB, r.clone(), sign(seed, &r))
		},
		Op::Answer { seed } => match Challenges::<Test>::get(device(seed)) {
			Some(c) => {
				let d = data();
				let r = report(
					seed,
					ReportPayload::ChallengeResponse {
						chunk: d[c.chunk as usize].clone().try_into().unwrap(),
						proof: merkle::proof(&device(seed), &d, c.chunk).try_into().unwrap(),
					},
				);
				submit_feeless(r.clone(), sign(seed, &r))
			},
			None => Ok(()),
		},
		Op::Receipt { seed, job, units } => {
			MockOrders::open(order_id(seed, BOB), seed, BOB, u64::MAX);
			let r = report(seed, receipts(vec![receipt(seed, BOB, job, units)]));
			submit_feeless(r.clone(), sign(seed, &r))
		},
		Op::Equivocate { seed } => {
			let a = report(seed, telemetry(1));
			let mut b = a.clone();
			b.nonce = 99;
			Work::prove_equivocation(
				RuntimeOrigin::signed(DAVE),
				a.clone(),
				sign(seed, &a),
				b.clone(),
				sign(seed, &b),
			)
		},
		Op::Score { seed, percent } => {
			let scores = vec![(device(seed), sp_runtime::Permill::from_percent(percent))];
			Work::post_scores(
				RuntimeOrigin::signed(CHARLIE),
				SENSOR,
				epoch() + 1,
				Default::default(),
				scores.try_into().unwrap(),
			)
		},
		Op::Dispute { seed } => Work::dispute_score(RuntimeOrigin::signed(BOB), device(seed)),
		Op::Decide { id, upheld } => Work::decide_dispute(RuntimeOrigin::root(), id, upheld),
		Op::Retire => Work::retire_oracle(RuntimeOrigin::signed(CHARLIE), SENSOR, CHARLIE),
		Op::Blocks(n) => {
			run_to_block(System::block_number() + n as u64);
			Ok(())
		},
	};
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]

	#[test]
	fn random_interleavings_keep_the_ledger_exact(ops in proptest::collection::vec(op(), 1..60)) {
		ExtBuilder::default().build_and_execute(|| {
			setup();
			let mut reported: std::collections::BTreeSet<(u32, sp_core::sr25519::Public)> =
				Default::default();
			for op in ops {
				let before: Vec<_> = Ledger::<Test>::iter().filter(|(_, e)| e.report.is_some())
					.map(|(d, e)| (e.epoch, d)).collect();
				apply(op);
				Work::do_try_state().expect("invariants hold after every step");
				// A device's own report is accepted at most once per epoch.
				for (d, e) in Ledger::<Test>::iter() {
					if e.report.is_some() && !before.contains(&(e.epoch, d)) {
						assert!(reported.insert((e.epoch, d)), "credited twice");
					}
					assert!(e.units <= MAX_UNITS);
				}
			}
		});
	}
}

#[test]
fn the_invariant_check_catches_a_class_sum_that_drifted() {
	ExtBuilder::default().build().execute_with(|| {
		add_device(1, ALICE, SENSOR);
		let r = report(1, telemetry(5));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		ClassUnits::<Test>::insert(0, SENSOR, 6);
		assert!(Work::do_try_state().is_err());
		ClassUnits::<Test>::insert(0, SENSOR, 5);
		assert!(Work::do_try_state().is_ok());
		ClassUnits::<Test>::remove(0, SENSOR);
		assert!(Work::do_try_state().is_err(), "units without a sum");
	});
}

#[test]
fn the_invariant_check_catches_a_broken_challenge_set_and_stray_challenges() {
	ExtBuilder::default().build().execute_with(|| {
		add_device(1, ALICE, STORAGE);
		assert_ok!(Work::commit_storage(
			RuntimeOrigin::signed(ALICE),
			device(1),
			Default::default(),
			3
		));
		Challengeable::<Test>::insert(5, device(1));
		assert!(Work::do_try_state().is_err(), "a gap");
		Challengeable::<Test>::remove(5);
		assert!(Work::do_try_state().is_ok());
		Challenges::<Test>::insert(device(1), Challenge { epoch: 0, chunk: 0, deadline: 3 });
		assert!(Work::do_try_state().is_err(), "a challenge nobody listed");
	});
}

#[test]
fn the_invariant_check_catches_unaccounted_fraud_bonds() {
	ExtBuilder::default().build().execute_with(|| {
		add_device(1, ALICE, SENSOR);
		assert_ok!(Work::report_fraud(
			RuntimeOrigin::signed(BOB),
			device(1),
			0,
			Default::default()
		));
		assert!(Work::do_try_state().is_ok());
		FraudReports::<Test>::mutate(0, |r| r.as_mut().unwrap().bond += 1);
		assert!(Work::do_try_state().is_err());
	});
}

#[test]
fn the_invariant_check_catches_cell_work_of_a_future_epoch_and_bad_coverage_rules() {
	ExtBuilder::default().build().execute_with(|| {
		assert!(Work::do_try_state().is_ok());
		CellWork::<Test>::insert((HOTSPOT, (1, 1)), (5, 10));
		assert!(Work::do_try_state().is_err(), "cell work of a future epoch");
		CellWork::<Test>::insert((HOTSPOT, (1, 1)), (0, 10));
		assert!(Work::do_try_state().is_ok());
		let bad = CoverageRule { cell_udeg: 0, cell_units: 1, witness_needs_maker: false };
		CoverageRules::<Test>::insert(HOTSPOT, bad);
		assert!(Work::do_try_state().is_err(), "a rule out of bounds");
	});
}

#[test]
fn the_invariant_check_catches_unaccounted_oracle_and_dispute_bonds() {
	ExtBuilder::default().build().execute_with(|| {
		add_device(1, ALICE, SENSOR);
		assert_ok!(Work::offer_oracle(RuntimeOrigin::signed(CHARLIE), SENSOR));
		assert_ok!(Work::approve_oracle(RuntimeOrigin::root(), SENSOR, CHARLIE));
		let scores = vec![(device(1), sp_runtime::Permill::from_percent(50))];
		assert_ok!(Work::post_scores(
			RuntimeOrigin::signed(CHARLIE),
			SENSOR,
			1,
			Default::default(),
			scores.try_into().unwrap()
		));
		assert_ok!(Work::dispute_score(RuntimeOrigin::signed(BOB), device(1)));
		assert!(Work::do_try_state().is_ok());
		Oracles::<Test>::mutate(SENSOR, CHARLIE, |s| s.as_mut().unwrap().bond += 1);
		assert!(Work::do_try_state().is_err(), "a bond the seat does not hold");
		Oracles::<Test>::mutate(SENSOR, CHARLIE, |s| s.as_mut().unwrap().bond -= 1);
		ScoreDisputes::<Test>::mutate(0, |d| d.as_mut().unwrap().bond += 1);
		assert!(Work::do_try_state().is_err(), "a dispute bond not held");
		ScoreDisputes::<Test>::mutate(0, |d| d.as_mut().unwrap().bond -= 1);
		Oracles::<Test>::mutate(SENSOR, CHARLIE, |s| s.as_mut().unwrap().open_disputes = 0);
		assert!(Work::do_try_state().is_err(), "a seat that forgot its dispute");
		Oracles::<Test>::mutate(SENSOR, CHARLIE, |s| s.as_mut().unwrap().open_disputes = 1);
		OracleCount::<Test>::insert(SENSOR, OracleTally { seats: 1, approved: 0 });
		assert!(Work::do_try_state().is_err(), "a tally that differs from the seats");
		OracleCount::<Test>::insert(SENSOR, OracleTally { seats: 1, approved: 1 });
		assert!(Work::do_try_state().is_ok());
	});
}
