//! Quality oracles: bonded seats the admin origin approves, scores for the next epoch, disputes
//! and their decisions, and what a cheating oracle or disputer ends with.

use crate::{mock::*, *};
use depin_primitives::{DeviceClassId, OnDeviceRemoved, WorkUnits};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, tokens::fungible::Inspect},
};
use sp_core::H256;
use sp_runtime::{DispatchError, Permill};

/// The oracle of the tests, its bond (`quality.oracle_bond`) and a disputer's
/// (`quality.dispute_bond`).
const ORACLE: AccountId = CHARLIE;
const ORACLE_BOND: Balance = 500;
const DISPUTE_BOND: Balance = 100;
/// Posting for the next epoch closes at block 7: epochs are 10 blocks, the window 3.
const LAST_POSTING_BLOCK: BlockNumber = 6;

fn method() -> H256 {
	H256::repeat_byte(0x5c)
}

fn pct(p: u32) -> Permill {
	Permill::from_percent(p)
}

fn scores(list: &[(u8, u32)]) -> ScoresOf<Test> {
	list.iter()
		.map(|(seed, p)| (device(*seed), pct(*p)))
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.expect("within MaxScoresPerPost")
}

fn seat(who: AccountId, class: DeviceClassId) {
	assert_ok!(Work::offer_oracle(RuntimeOrigin::signed(who), class));
	assert_ok!(Work::approve_oracle(RuntimeOrigin::root(), class, who));
}

fn post(who: AccountId, list: &[(u8, u32)]) -> sp_runtime::DispatchResult {
	Work::post_scores(RuntimeOrigin::signed(who), SENSOR, epoch() + 1, method(), scores(list))
}

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&reason.into(), &who)
}

/// Device `seed` reports 40 units now; returns the units it was credited.
fn report_40(seed: u8) -> WorkUnits {
	let r = report(seed, telemetry(40));
	assert_ok!(submit_feeless(r.clone(), sign(seed, &r)));
	Ledger::<Test>::get(device(seed)).expect("recorded").units
}

#[test]
fn an_oracle_score_multiplies_the_device_units_in_the_epoch_it_names_only() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		add_device(2, BOB, SENSOR);
		let free = Balances::free_balance(ORACLE);
		seat(ORACLE, SENSOR);
		assert_eq!(held(HoldReason::OracleBond, ORACLE), ORACLE_BOND);
		assert_eq!(Balances::free_balance(ORACLE), free - ORACLE_BOND);
		assert_ok!(post(ORACLE, &[(1, 50)]));
		assert_eq!(
			last_event(),
			Event::ScoresPosted {
				class: SENSOR,
				epoch: 1,
				oracle: ORACLE,
				method: method(),
				scores: scores(&[(1, 50)]),
			}
		);
		// Posted for epoch 1: this epoch's report is untouched.
		assert_eq!(report_40(1), 40);
		next_epoch();
		assert_eq!(report_40(1), 20, "half of what it verified");
		assert_eq!(report_40(2), 40, "an unscored device keeps 100%");
		assert_eq!(ClassUnits::<Test>::get(1, SENSOR), 60, "the class sum is exact");
		assert!(matches!(last_event(), Event::WorkAccepted { units: 40, .. }));
		next_epoch();
		assert_eq!(report_40(1), 40, "the score named epoch 1 only");
	});
}

#[test]
fn only_an_approved_oracle_posts_and_only_for_the_next_epoch_in_time() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		add_device(2, ALICE, STORAGE);
		assert_noop!(post(ORACLE, &[(1, 50)]), Error::<Test>::NotOracle);
		assert_ok!(Work::offer_oracle(RuntimeOrigin::signed(ORACLE), SENSOR));
		assert_noop!(post(ORACLE, &[(1, 50)]), Error::<Test>::OracleNotApproved);
		assert_noop!(
			Work::approve_oracle(RuntimeOrigin::signed(ORACLE), SENSOR, ORACLE),
			DispatchError::BadOrigin
		);
		assert_ok!(Work::approve_oracle(RuntimeOrigin::root(), SENSOR, ORACLE));
		assert_noop!(
			Work::approve_oracle(RuntimeOrigin::root(), SENSOR, ORACLE),
			Error::<Test>::OracleAlreadyApproved
		);
		assert_noop!(
			Work::approve_oracle(RuntimeOrigin::root(), SENSOR, DAVE),
			Error::<Test>::NotOracle
		);
		for epoch in [0, 2] {
			assert_noop!(
				Work::post_scores(
					RuntimeOrigin::signed(ORACLE),
					SENSOR,
					epoch,
					method(),
					scores(&[(1, 50)])
				),
				Error::<Test>::NotNextEpoch
			);
		}
		assert_noop!(post(ORACLE, &[]), Error::<Test>::NoScores);
		assert_noop!(post(ORACLE, &[(9, 50)]), Error::<Test>::UnknownDevice);
		assert_noop!(post(ORACLE, &[(1, 50), (2, 50)]), Error::<Test>::DeviceNotInClass);
		assert_noop!(post(ORACLE, &[(1, 9)]), Error::<Test>::ScoreOutOfBounds);
		assert_noop!(post(ORACLE, &[(1, 50), (1, 60)]), Error::<Test>::DuplicateScore);
		// Nothing of a refused post was kept.
		assert!(PostedScores::<Test>::get(device(1)).is_none());
		run_to_block(LAST_POSTING_BLOCK);
		assert_ok!(post(ORACLE, &[(1, 50)]));
		run_to_block(LAST_POSTING_BLOCK + 1);
		add_device(3, BOB, SENSOR);
		assert_noop!(post(ORACLE, &[(3, 50)]), Error::<Test>::PostingClosed);
	});
}

#[test]
fn a_score_above_100_percent_cannot_even_be_encoded() {
	// An oracle can only take away units the chain verified: a multiplier above 1 does not
	// decode, so no call can carry it.
	let over = codec::Encode::encode(&1_000_001u32);
	assert!(<Permill as codec::Decode>::decode(&mut &over[..]).is_err());
}

#[test]
fn seats_are_bonded_bounded_and_per_class() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Work::offer_oracle(RuntimeOrigin::signed(ORACLE), 9),
			Error::<Test>::ClassNotFound
		);
		assert_noop!(
			Work::offer_oracle(RuntimeOrigin::signed(POOR), SENSOR),
			Error::<Test>::BondNotAffordable
		);
		assert_ok!(Work::offer_oracle(RuntimeOrigin::signed(ORACLE), SENSOR));
		assert_noop!(
			Work::offer_oracle(RuntimeOrigin::signed(ORACLE), SENSOR),
			Error::<Test>::AlreadyOracle
		);
		assert_ok!(Work::offer_oracle(RuntimeOrigin::signed(DAVE), SENSOR));
		assert_noop!(
			Work::offer_oracle(RuntimeOrigin::signed(BOB), SENSOR),
			Error::<Test>::TooManyOracles
		);
		// Another class has its own seats; the bonds add up.
		assert_ok!(Work::offer_oracle(RuntimeOrigin::signed(ORACLE), STORAGE));
		assert_eq!(held(HoldReason::OracleBond, ORACLE), 2 * ORACLE_BOND);
		assert_eq!(OracleCount::<Test>::get(SENSOR), OracleTally { seats: 2, approved: 0 });
		// An offer the DAO never approved can be withdrawn at once.
		assert_ok!(Work::retire_oracle(RuntimeOrigin::signed(DAVE), SENSOR, DAVE));
		assert_eq!(held(HoldReason::OracleBond, DAVE), 0);
		assert_eq!(OracleCount::<Test>::get(SENSOR), OracleTally { seats: 1, approved: 0 });
	});
}

#[test]
fn the_lowest_score_counts_so_no_oracle_shields_a_device_by_scoring_it_first() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		seat(ORACLE, SENSOR);
		seat(DAVE, SENSOR);
		// A friendly oracle scores the device first, at 100%...
		assert_ok!(post(DAVE, &[(1, 100)]));
		// ...an honest one's lower score still replaces it; an equal or higher one does not.
		assert_ok!(post(ORACLE, &[(1, 30)]));
		assert_noop!(post(DAVE, &[(1, 30)]), Error::<Test>::AlreadyScored);
		assert_noop!(post(DAVE, &[(1, 90)]), Error::<Test>::AlreadyScored);
		assert_eq!(
			PostedScores::<Test>::get(device(1)).map(|p| (p.oracle, p.score)),
			Some((ORACLE, pct(30)))
		);
		next_epoch();
		assert_eq!(report_40(1), 12);
	});
}

#[test]
fn an_oracle_that_cuts_an_honest_device_is_disputed_slashed_and_the_device_keeps_its_units() {
	ExtBuilder::default().build_and_execute(|| {
		// The oracle colludes with Bob: it cuts Alice's device to 10% so that Bob's device
		// takes a larger share of the class's rewards.
		add_device(1, ALICE, SENSOR);
		add_device(2, BOB, SENSOR);
		seat(ORACLE, SENSOR);
		assert_ok!(post(ORACLE, &[(1, 10)]));
		let (alice, oracle_total) =
			(Balances::free_balance(ALICE), Balances::total_balance(&ORACLE));
		// Alice disputes before the epoch starts: the score no longer applies.
		assert_ok!(Work::dispute_score(RuntimeOrigin::signed(ALICE), device(1)));
		assert_eq!(held(HoldReason::ScoreDisputeBond, ALICE), DISPUTE_BOND);
		assert_eq!(Oracles::<Test>::get(SENSOR, ORACLE).map(|s| s.open_disputes), Some(1));
		next_epoch();
		assert_eq!(report_40(1), 40, "a disputed score does not apply");
		assert_eq!(report_40(2), 40);
		// The oracle cannot walk away from the dispute.
		next_epoch();
		assert_noop!(
			Work::retire_oracle(RuntimeOrigin::signed(ORACLE), SENSOR, ORACLE),
			Error::<Test>::OracleAccountable
		);
		// The DAO upholds it: 40% of the oracle's bond is taken, a quarter of that paid to
		// Alice, her bond returned, the rest to the slash pot.
		let pot = Balances::free_balance(SLASH_POT);
		assert_ok!(Work::decide_dispute(RuntimeOrigin::root(), 0, true));
		assert_eq!(
			last_event(),
			Event::ScoreDisputeDecided { id: 0, upheld: true, slashed: 200, rewarded: 50 }
		);
		assert_eq!(Balances::total_balance(&ORACLE), oracle_total - 200, "the cheat cost it");
		assert_eq!(held(HoldReason::OracleBond, ORACLE), ORACLE_BOND - 200);
		assert_eq!(Balances::free_balance(ALICE), alice + 50);
		assert_eq!(held(HoldReason::ScoreDisputeBond, ALICE), 0);
		assert_eq!(Balances::free_balance(SLASH_POT), pot + 150);
		assert!(PostedScores::<Test>::get(device(1)).is_none());
		// Now it may leave, with what is left of its bond.
		assert_ok!(Work::retire_oracle(RuntimeOrigin::root(), SENSOR, ORACLE));
		assert_eq!(held(HoldReason::OracleBond, ORACLE), 0);
		assert_eq!(Balances::total_balance(&ORACLE), oracle_total - 200);
		assert_eq!(OracleCount::<Test>::get(SENSOR), OracleTally::default());
	});
}

#[test]
fn a_device_owner_that_disputes_a_fair_score_loses_the_bond_and_the_score_applies() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, DAVE, SENSOR);
		seat(ORACLE, SENSOR);
		assert_ok!(post(ORACLE, &[(1, 50)]));
		let dave = Balances::total_balance(&DAVE);
		assert_ok!(Work::dispute_score(RuntimeOrigin::signed(DAVE), device(1)));
		// Rejected before the epoch starts: the bond is gone and the score applies after all.
		let pot = Balances::free_balance(SLASH_POT);
		assert_ok!(Work::decide_dispute(RuntimeOrigin::root(), 0, false));
		assert_eq!(
			last_event(),
			Event::ScoreDisputeDecided { id: 0, upheld: false, slashed: 100, rewarded: 0 }
		);
		assert_eq!(Balances::total_balance(&DAVE), dave - DISPUTE_BOND);
		assert_eq!(Balances::free_balance(SLASH_POT), pot + DISPUTE_BOND);
		assert_eq!(held(HoldReason::OracleBond, ORACLE), ORACLE_BOND, "the oracle keeps its bond");
		next_epoch();
		assert_eq!(report_40(1), 20);
	});
}

#[test]
fn a_dispute_rejected_after_its_epoch_started_leaves_the_device_at_100_percent_and_costs_the_bond()
{
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, DAVE, SENSOR);
		seat(ORACLE, SENSOR);
		assert_ok!(post(ORACLE, &[(1, 50)]));
		assert_ok!(Work::dispute_score(RuntimeOrigin::signed(DAVE), device(1)));
		next_epoch();
		let dave = Balances::total_balance(&DAVE);
		assert_ok!(Work::decide_dispute(RuntimeOrigin::root(), 0, false));
		// Reports of an open epoch are not re-scored midway: this epoch stays at 100%, and the
		// bond pays for it.
		assert_eq!(report_40(1), 40);
		assert_eq!(Balances::total_balance(&DAVE), dave - DISPUTE_BOND);
	});
}

#[test]
fn disputes_are_open_only_before_the_epoch_starts_once_and_bounded() {
	ExtBuilder::default().build_and_execute(|| {
		for seed in 1..=4 {
			add_device(seed, ALICE, SENSOR);
		}
		assert_noop!(
			Work::dispute_score(RuntimeOrigin::signed(BOB), device(1)),
			Error::<Test>::NoScore
		);
		seat(ORACLE, SENSOR);
		assert_ok!(post(ORACLE, &[(1, 50), (2, 50), (3, 50), (4, 50)]));
		assert_noop!(
			Work::dispute_score(RuntimeOrigin::signed(POOR), device(1)),
			Error::<Test>::BondNotAffordable
		);
		assert_ok!(Work::dispute_score(RuntimeOrigin::signed(BOB), device(1)));
		assert_noop!(
			Work::dispute_score(RuntimeOrigin::signed(DAVE), device(1)),
			Error::<Test>::AlreadyDisputed
		);
		// Once disputed, no oracle may post over it for the epoch.
		assert_noop!(post(ORACLE, &[(1, 20)]), Error::<Test>::AlreadyScored);
		assert_ok!(Work::dispute_score(RuntimeOrigin::signed(BOB), device(2)));
		assert_noop!(
			Work::dispute_score(RuntimeOrigin::signed(BOB), device(3)),
			Error::<Test>::TooManyDisputes
		);
		next_epoch();
		assert_noop!(
			Work::dispute_score(RuntimeOrigin::signed(BOB), device(4)),
			Error::<Test>::DisputeWindowClosed
		);
		next_epoch();
		assert_noop!(
			Work::dispute_score(RuntimeOrigin::signed(BOB), device(4)),
			Error::<Test>::NoScore
		);
		assert_noop!(
			Work::decide_dispute(RuntimeOrigin::root(), 7, true),
			Error::<Test>::DisputeNotFound
		);
		assert_noop!(
			Work::decide_dispute(RuntimeOrigin::signed(BOB), 0, true),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn an_oracle_stays_accountable_until_the_epochs_it_scored_closed() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		seat(ORACLE, SENSOR);
		assert_ok!(post(ORACLE, &[(1, 50)]));
		assert_noop!(
			Work::retire_oracle(RuntimeOrigin::signed(ALICE), SENSOR, ORACLE),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Work::retire_oracle(RuntimeOrigin::signed(ALICE), SENSOR, ALICE),
			Error::<Test>::NotOracle
		);
		for _ in 0..2 {
			// Before epoch 1 (disputes still possible) and during it (its score applies).
			assert_noop!(
				Work::retire_oracle(RuntimeOrigin::signed(ORACLE), SENSOR, ORACLE),
				Error::<Test>::OracleAccountable
			);
			next_epoch();
		}
		assert_ok!(Work::retire_oracle(RuntimeOrigin::signed(ORACLE), SENSOR, ORACLE));
		assert_eq!(
			last_event(),
			Event::OracleRetired { class: SENSOR, oracle: ORACLE, released: ORACLE_BOND }
		);
		assert_eq!(held(HoldReason::OracleBond, ORACLE), 0);
	});
}

#[test]
fn a_report_reads_scores_only_where_its_class_has_an_approved_oracle_and_is_refunded_the_rest() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		add_device(2, BOB, SENSOR);
		let r = report(1, telemetry(40));
		let declared = Work::submit_weight(&r);
		let info = Work::submit_report(
			frame_system::Origin::<Test>::Authorized.into(),
			r.clone(),
			sign(1, &r),
		)
		.expect("recorded");
		let read = <Test as frame_system::Config>::DbWeight::get().reads(1);
		assert_eq!(info.actual_weight, Some(declared - read), "the tally only");
		// An offered but unapproved seat does not make the class scored.
		assert_ok!(Work::offer_oracle(RuntimeOrigin::signed(ORACLE), SENSOR));
		next_epoch();
		let r = report(1, telemetry(40));
		let info = Work::submit_report(
			frame_system::Origin::<Test>::Authorized.into(),
			r.clone(),
			sign(1, &r),
		)
		.expect("recorded");
		assert_eq!(info.actual_weight, Some(declared - read));
		assert_ok!(Work::approve_oracle(RuntimeOrigin::root(), SENSOR, ORACLE));
		let r = report(2, telemetry(40));
		let info = Work::submit_report(
			frame_system::Origin::<Test>::Authorized.into(),
			r.clone(),
			sign(2, &r),
		)
		.expect("recorded");
		assert_eq!(info.actual_weight, Some(declared), "the tally and the device's score");
	});
}

#[test]
fn a_removed_device_leaves_no_score_and_its_dispute_is_still_decided() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		seat(ORACLE, SENSOR);
		assert_ok!(post(ORACLE, &[(1, 10)]));
		assert_ok!(Work::dispute_score(RuntimeOrigin::signed(ALICE), device(1)));
		MockRegistry::remove(&device(1));
		<Work as OnDeviceRemoved<AccountId>>::on_device_removed(&device(1), &ALICE);
		assert!(PostedScores::<Test>::get(device(1)).is_none());
		let alice = Balances::free_balance(ALICE);
		assert_ok!(Work::decide_dispute(RuntimeOrigin::root(), 0, true));
		assert_eq!(Balances::free_balance(ALICE), alice + DISPUTE_BOND + 50);
		assert_eq!(Oracles::<Test>::get(SENSOR, ORACLE).map(|s| s.open_disputes), Some(0));
	});
}

#[test]
fn the_quality_parameters_are_bounded() {
	ExtBuilder::default().build_and_execute(|| {
		let mut params = default_params();
		params.quality.oracle_bond = 0;
		assert_noop!(
			Work::set_params(RuntimeOrigin::root(), params),
			Error::<Test>::QualityBondOutOfBounds
		);
		let mut params = default_params();
		params.quality.dispute_bond = 0;
		assert_noop!(
			Work::set_params(RuntimeOrigin::root(), params),
			Error::<Test>::QualityBondOutOfBounds
		);
		for window in [0, EPOCH] {
			let mut params = default_params();
			params.quality.dispute_window = window;
			assert_noop!(
				Work::set_params(RuntimeOrigin::root(), params),
				Error::<Test>::DisputeWindowOutOfBounds
			);
		}
	});
}
