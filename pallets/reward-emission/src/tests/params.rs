//! Governance: parameter changes within steps, the circuit breaker, the community pool, and
//! the schedule preview.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::{DispatchError, Perbill};

fn set(f: impl FnOnce(&mut ParamsOf<Test>)) -> sp_runtime::DispatchResult {
	let mut p = Params::<Test>::get();
	f(&mut p);
	Emission::set_params(RuntimeOrigin::root(), p)
}

/// Closes an epoch in which a sensor and a hotspot worked, so that all of it is minted.
fn close_worked() {
	let e = <MockClock as depin_primitives::EpochClock<BlockNumber>>::current_epoch();
	let s = device(1);
	let h = device(2);
	if MockRegistry::owner_of(&s).is_none() {
		add_device(1, ALICE, SENSOR);
		add_device(2, BOB, HOTSPOT);
	}
	MockLedger::credit(e, &s, 1);
	MockLedger::credit(e, &h, 1);
	close();
}

fn shares(op: u32, tr: u32, co: u32) -> Shares<AccountId> {
	BoundedVec::truncate_from(vec![
		(Recipient::Operators, Perbill::from_percent(op)),
		(Recipient::Treasury, Perbill::from_percent(tr)),
		(Recipient::Community, Perbill::from_percent(co)),
	])
}

#[test]
fn a_change_within_its_steps_applies_at_the_next_close() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(set(|p| {
			p.schedule.initial = INITIAL + INITIAL / 10;
			p.shares = shares(75, 15, 10);
			p.lock_share = Perbill::from_percent(5);
		}));
		assert!(matches!(last_event(), Event::ParamsChanged { .. }));
		close();
		let r = Epochs::<Test>::get(0).unwrap();
		assert_eq!(r.scheduled, INITIAL + INITIAL / 10);
		assert_eq!(free(TREASURY), ED + 165_000);
	});
}

#[test]
fn only_the_admin_origin_changes_parameters() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Emission::set_params(RuntimeOrigin::signed(ALICE), default_params()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Emission::reset_breaker(RuntimeOrigin::signed(ALICE)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Emission::spend_community(RuntimeOrigin::signed(ALICE), ALICE, 1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn changes_wait_for_the_cooldown() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(set(|p| p.lock_share = Perbill::from_percent(1)));
		assert_noop!(
			set(|p| p.lock_share = Perbill::from_percent(2)),
			Error::<Test>::ChangeTooSoon
		);
		close();
		assert_noop!(
			set(|p| p.lock_share = Perbill::from_percent(2)),
			Error::<Test>::ChangeTooSoon
		);
		close();
		assert_ok!(set(|p| p.lock_share = Perbill::from_percent(2)));
	});
}

#[test]
fn each_value_moves_at_most_one_step() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			set(|p| p.schedule.initial = INITIAL + INITIAL / 10 + 1),
			Error::<Test>::EmissionStepTooLarge
		);
		assert_noop!(
			set(|p| p.schedule.initial = INITIAL - INITIAL / 10 - 1),
			Error::<Test>::EmissionStepTooLarge
		);
		assert_noop!(
			set(|p| p.schedule.curve = Curve::Halving { interval: HALVING + 11 }),
			Error::<Test>::CurveStepTooLarge
		);
		assert_noop!(set(|p| p.shares = shares(76, 14, 10)), Error::<Test>::ShareStepTooLarge);
		assert_noop!(
			set(|p| {
				p.shares = BoundedVec::truncate_from(vec![
					(Recipient::Operators, Perbill::from_percent(64)),
					(Recipient::Treasury, Perbill::from_percent(20)),
					(Recipient::Community, Perbill::from_percent(10)),
					(Recipient::Account(FOUNDATION), Perbill::from_percent(6)),
				])
			}),
			Error::<Test>::ShareStepTooLarge
		);
		assert_noop!(
			set(|p| p.net_emission_cap = INITIAL / 10 + INITIAL / 10 + 1),
			Error::<Test>::NetEmissionStepTooLarge
		);
		assert_noop!(
			set(|p| p.breaker_cap = 10 * INITIAL + INITIAL + 1),
			Error::<Test>::BreakerCapOutOfBounds
		);
		assert_noop!(
			set(|p| p.lock_share = Perbill::from_percent(6)),
			Error::<Test>::LockShareStepTooLarge
		);
		// A new recipient may enter with one step.
		assert_ok!(set(|p| {
			p.shares = BoundedVec::truncate_from(vec![
				(Recipient::Operators, Perbill::from_percent(65)),
				(Recipient::Treasury, Perbill::from_percent(20)),
				(Recipient::Community, Perbill::from_percent(10)),
				(Recipient::Account(FOUNDATION), Perbill::from_percent(5)),
			])
		}));
	});
}

#[test]
fn the_net_emission_cap_can_leave_zero_by_a_step_of_the_initial_emission() {
	ExtBuilder::default().params(|p| p.net_emission_cap = 0).build_and_execute(|| {
		assert_noop!(
			set(|p| p.net_emission_cap = INITIAL / 10 + 1),
			Error::<Test>::NetEmissionStepTooLarge
		);
		assert_ok!(set(|p| p.net_emission_cap = INITIAL / 10));
	});
}

#[test]
fn the_curve_kind_and_start_are_fixed() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			set(|p| p.schedule.curve = Curve::Decay { rate: Perbill::from_percent(1) }),
			Error::<Test>::CurveChanged
		);
		assert_noop!(set(|p| p.schedule.start = 1), Error::<Test>::CurveChanged);
	});
}

#[test]
fn a_decay_rate_moves_by_share_steps() {
	ExtBuilder::default()
		.params(|p| p.schedule.curve = Curve::Decay { rate: Perbill::from_percent(10) })
		.build_and_execute(|| {
			assert_noop!(
				set(|p| p.schedule.curve = Curve::Decay { rate: Perbill::from_percent(16) }),
				Error::<Test>::CurveStepTooLarge
			);
			assert_ok!(
				set(|p| p.schedule.curve = Curve::Decay { rate: Perbill::from_percent(15) })
			);
		});
}

#[test]
fn parameters_out_of_bounds_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(set(|p| p.shares = shares(70, 20, 9)), Error::<Test>::InvalidShares);
		assert_noop!(
			set(|p| p.shares = BoundedVec::truncate_from(vec![
				(Recipient::Operators, Perbill::from_percent(70)),
				(Recipient::Treasury, Perbill::from_percent(15)),
				(Recipient::Treasury, Perbill::from_percent(15)),
			])),
			Error::<Test>::InvalidShares
		);
		assert_noop!(
			set(|p| p.schedule.curve = Curve::Halving { interval: 0 }),
			Error::<Test>::ZeroHalvingInterval
		);
		assert_noop!(set(|p| p.claim_window = 0), Error::<Test>::ClaimWindowOutOfBounds);
		assert_noop!(set(|p| p.claim_window = RETAINED + 1), Error::<Test>::ClaimWindowOutOfBounds);
		assert_noop!(set(|p| p.breaker_window = 0), Error::<Test>::BreakerWindowOutOfBounds);
		assert_noop!(set(|p| p.breaker_window = 9), Error::<Test>::BreakerWindowOutOfBounds);
		assert_noop!(set(|p| p.lock_period = 1_001), Error::<Test>::LockPeriodOutOfBounds);
		assert_noop!(set(|p| p.breaker_cap = 0), Error::<Test>::BreakerCapOutOfBounds);
	});
}

#[test]
fn the_breaker_refuses_minting_above_its_cap_until_reset() {
	ExtBuilder::default()
		.params(|p| {
			p.breaker_cap = 2 * INITIAL + INITIAL / 2;
			p.breaker_window = 3;
		})
		.build_and_execute(|| {
			close_worked();
			close_worked();
			let before = issuance();
			close_worked(); // would make 3 × INITIAL within 3 epochs
			let r = Epochs::<Test>::get(2).unwrap();
			assert_eq!((r.minted, r.refused), (0, INITIAL));
			assert_eq!(issuance(), before, "nothing minted");
			assert!(BreakerTripped::<Test>::get());
			assert!(emission_events().contains(&Event::MintingRefused {
				epoch: 2,
				amount: INITIAL,
				window_minted: 2 * INITIAL,
				cap: 2 * INITIAL + INITIAL / 2,
			}));
			close_worked();
			close_worked();
			assert_eq!(Epochs::<Test>::get(4).unwrap().minted, 0, "stays off once tripped");

			assert_ok!(Emission::reset_breaker(RuntimeOrigin::root()));
			assert_eq!(last_event(), Event::BreakerReset);
			assert!(!BreakerTripped::<Test>::get());
			close_worked();
			assert_eq!(Epochs::<Test>::get(5).unwrap().minted, INITIAL, "minting resumed");
			assert_noop!(
				Emission::reset_breaker(RuntimeOrigin::root()),
				Error::<Test>::BreakerNotTripped
			);
		});
}

#[test]
fn a_rolling_window_forgets_old_epochs() {
	ExtBuilder::default()
		.params(|p| {
			p.breaker_cap = 2 * INITIAL;
			p.breaker_window = 2;
		})
		.build_and_execute(|| {
			for _ in 0..6 {
				close();
			}
			assert!(!BreakerTripped::<Test>::get(), "two epochs at a time stay within the cap");
			assert_eq!(RecentMints::<Test>::get().len(), 2);
		});
}

#[test]
fn the_community_pool_is_spent_by_the_admin() {
	ExtBuilder::default().build_and_execute(|| {
		close();
		let before = free(BOB);
		assert_ok!(Emission::spend_community(RuntimeOrigin::root(), BOB, 60_000));
		assert_eq!(free(BOB) - before, 60_000);
		assert_eq!(last_event(), Event::CommunitySpent { to: BOB, amount: 60_000 });
		assert_noop!(
			Emission::spend_community(RuntimeOrigin::root(), BOB, 40_001),
			Error::<Test>::InsufficientCommunityFunds
		);
		assert_noop!(
			Emission::spend_community(RuntimeOrigin::root(), BOB, 0),
			Error::<Test>::ZeroAmount
		);
	});
}

#[test]
fn the_preview_shows_the_coming_epochs() {
	ExtBuilder::default()
		.params(|p| p.schedule.curve = Curve::Halving { interval: 2 })
		.build_and_execute(|| {
			close();
			assert_eq!(
				Emission::schedule_preview(4),
				vec![(1, INITIAL), (2, INITIAL / 2), (3, INITIAL / 2), (4, INITIAL / 4)]
			);
			assert!(Emission::schedule_preview(0).is_empty());
		});
}
