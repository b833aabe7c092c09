//! Locks, voting power and votes.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectFreeze};
use sp_runtime::{Permill, TokenError};

fn frozen(who: AccountId) -> Balance {
	<Balances as InspectFreeze<_>>::balance_frozen(&FreezeReason::DaoLock.into(), &who)
}

fn propose(who: AccountId) -> ProposalIndex {
	let index = NextProposal::<Test>::get();
	assert_ok!(Dao::propose(
		RuntimeOrigin::signed(who),
		Track::Parameters,
		bounded(set_params_call(7, 10))
	));
	index
}

#[test]
fn lock_freezes_and_records() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Dao::lock(RuntimeOrigin::signed(2), 150, Conviction::Locked2x));
		assert_eq!(frozen(2), 150);
		let v = Voters::<Test>::get(2).unwrap();
		assert_eq!((v.locked, v.conviction), (150, Conviction::Locked2x));
		System::assert_last_event(
			Event::<Test>::Locked { who: 2, amount: 150, conviction: Conviction::Locked2x }.into(),
		);
		// The frozen tokens cannot leave.
		assert_noop!(
			Balances::transfer_allow_death(RuntimeOrigin::signed(2), 1, 100),
			TokenError::Frozen
		);
		// Raising works at any time.
		assert_ok!(Dao::lock(RuntimeOrigin::signed(2), 200, Conviction::Locked3x));
		assert_eq!(frozen(2), 200);
	});
}

#[test]
fn lock_errors() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Dao::lock(RuntimeOrigin::signed(2), 0, Conviction::None),
			Error::<Test>::ZeroLock
		);
		assert_noop!(
			Dao::lock(RuntimeOrigin::signed(2), 201, Conviction::None),
			Error::<Test>::InsufficientBalance
		);
		assert_ok!(Dao::lock(RuntimeOrigin::signed(2), 100, Conviction::Locked1x));
		let index = propose(1);
		assert_ok!(Dao::vote(RuntimeOrigin::signed(2), index, true));
		// While the vote backs an open proposal the lock can only grow.
		assert_noop!(
			Dao::lock(RuntimeOrigin::signed(2), 99, Conviction::Locked1x),
			Error::<Test>::CannotReduceLock
		);
		assert_noop!(
			Dao::lock(RuntimeOrigin::signed(2), 100, Conviction::None),
			Error::<Test>::CannotReduceLock
		);
	});
}

#[test]
fn unlock_after_the_lock_period() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(Dao::unlock(RuntimeOrigin::signed(2)), Error::<Test>::NotLocked);
		assert_ok!(Dao::lock(RuntimeOrigin::signed(2), 100, Conviction::Locked2x));
		let index = propose(1);
		assert_ok!(Dao::vote(RuntimeOrigin::signed(2), index, true));
		// Voting ends at 1 + 10; Locked2x adds two lock periods of 5.
		let until = 1 + PERIOD + 2 * LOCK_PERIOD;
		assert_eq!(Voters::<Test>::get(2).unwrap().locked_until, until);
		run_to(until - 1);
		assert_noop!(Dao::unlock(RuntimeOrigin::signed(2)), Error::<Test>::StillLocked);
		run_to(until);
		assert_ok!(Dao::unlock(RuntimeOrigin::signed(2)));
		assert_eq!(frozen(2), 0);
		assert!(Voters::<Test>::get(2).is_none(), "an empty record is removed");
		System::assert_last_event(Event::<Test>::Unlocked { who: 2, amount: 100 }.into());
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(2), 1, 199));
	});
}

#[test]
fn a_lock_never_voted_with_is_free_at_once() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Dao::lock(RuntimeOrigin::signed(2), 100, Conviction::Locked6x));
		assert_ok!(Dao::unlock(RuntimeOrigin::signed(2)));
		// And can be reduced while not bound.
		assert_ok!(Dao::lock(RuntimeOrigin::signed(2), 100, Conviction::Locked6x));
		assert_ok!(Dao::lock(RuntimeOrigin::signed(2), 50, Conviction::None));
		assert_eq!(frozen(2), 50);
	});
}

#[test]
fn votes_count_conviction_and_boost() {
	ExtBuilder.build_and_execute(|| {
		let index = propose(1);
		assert_ok!(Dao::lock(RuntimeOrigin::signed(2), 200, Conviction::Locked3x));
		assert_ok!(Dao::lock(RuntimeOrigin::signed(3), 300, Conviction::None));
		// Account 3 runs devices: fully active, so it gets the whole 50% boost.
		set_activity(3, Permill::one());
		assert_ok!(Dao::vote(RuntimeOrigin::signed(2), index, true));
		System::assert_last_event(
			Event::<Test>::Voted { index, who: 2, aye: true, power: 600, tokens: 200 }.into(),
		);
		assert_ok!(Dao::vote(RuntimeOrigin::signed(3), index, false));
		// 300 × 0.1 × 1.5.
		System::assert_last_event(
			Event::<Test>::Voted { index, who: 3, aye: false, power: 45, tokens: 300 }.into(),
		);
		let tally = Proposals::<Test>::get(index).unwrap().tally;
		assert_eq!(tally, Tally { ayes: 600, nays: 45, turnout: 500, voters: 2 });
	});
}

#[test]
fn boost_is_scaled_by_activity_and_capped_by_params() {
	ExtBuilder.build_and_execute(|| {
		set_activity(4, Permill::from_percent(50));
		assert_eq!(Dao::boost_of(&4), Permill::from_percent(25));
		assert_ok!(Dao::set_params(
			RuntimeOrigin::root(),
			DaoParams { lock_period: LOCK_PERIOD, max_boost: Permill::from_percent(10) }
		));
		assert_eq!(Dao::boost_of(&4), Permill::from_percent(5));
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 400, Conviction::Locked1x));
		let view = Dao::voting_power(&4);
		assert_eq!(view.own.linear, 420);
		assert_eq!(view.own.tokens, 400);
	});
}

#[test]
fn changing_a_vote_replaces_it() {
	ExtBuilder.build_and_execute(|| {
		let index = propose(1);
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 400, Conviction::Locked1x));
		assert_ok!(Dao::vote(RuntimeOrigin::signed(4), index, true));
		assert_ok!(Dao::vote(RuntimeOrigin::signed(4), index, false));
		let tally = Proposals::<Test>::get(index).unwrap().tally;
		assert_eq!(tally, Tally { ayes: 0, nays: 400, turnout: 400, voters: 1 });
		// Raising the lock and voting again counts the new power.
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 400, Conviction::Locked2x));
		assert_ok!(Dao::vote(RuntimeOrigin::signed(4), index, false));
		let tally = Proposals::<Test>::get(index).unwrap().tally;
		assert_eq!(tally, Tally { ayes: 0, nays: 800, turnout: 400, voters: 1 });
	});
}

#[test]
fn remove_vote_while_open_and_after() {
	ExtBuilder.build_and_execute(|| {
		let index = propose(1);
		assert_noop!(Dao::remove_vote(RuntimeOrigin::signed(4), index), Error::<Test>::NotVoted);
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 400, Conviction::Locked1x));
		assert_ok!(Dao::vote(RuntimeOrigin::signed(4), index, true));
		assert_ok!(Dao::remove_vote(RuntimeOrigin::signed(4), index));
		assert_eq!(Proposals::<Test>::get(index).unwrap().tally, Tally::default());
		System::assert_last_event(Event::<Test>::VoteRemoved { index, who: 4 }.into());
		// The lock keeps the end the vote gave it.
		assert_eq!(Voters::<Test>::get(4).unwrap().locked_until, 1 + PERIOD + LOCK_PERIOD);

		assert_ok!(Dao::vote(RuntimeOrigin::signed(4), index, true));
		run_to(1 + PERIOD);
		let tally = Proposals::<Test>::get(index).unwrap().tally;
		// After the end the record is cleared but the final tally stays.
		assert_ok!(Dao::remove_vote(RuntimeOrigin::signed(4), index));
		assert!(Votes::<Test>::get(index, 4).is_none());
		assert_eq!(Proposals::<Test>::get(index).unwrap().tally, tally);
	});
}

#[test]
fn vote_errors() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(Dao::vote(RuntimeOrigin::signed(4), 7, true), Error::<Test>::UnknownProposal);
		let index = propose(1);
		assert_noop!(
			Dao::vote(RuntimeOrigin::signed(4), index, true),
			Error::<Test>::NoVotingPower
		);
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 400, Conviction::Locked1x));
		run_to(1 + PERIOD);
		assert_noop!(Dao::vote(RuntimeOrigin::signed(4), index, true), Error::<Test>::VotingClosed);
	});
}

#[test]
fn quadratic_tracks_count_the_square_root() {
	ExtBuilder.build_and_execute(|| {
		let index = NextProposal::<Test>::get();
		assert_ok!(Dao::propose(
			RuntimeOrigin::signed(1),
			Track::Grants,
			bounded(set_params_call(7, 10))
		));
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 400, Conviction::Locked1x));
		assert_ok!(Dao::lock(RuntimeOrigin::signed(2), 100, Conviction::Locked1x));
		assert_ok!(Dao::vote(RuntimeOrigin::signed(4), index, true));
		assert_ok!(Dao::vote(RuntimeOrigin::signed(2), index, false));
		// √400 = 20 and √100 = 10: four times the tokens is twice the power.
		let tally = Proposals::<Test>::get(index).unwrap().tally;
		assert_eq!(tally, Tally { ayes: 20, nays: 10, turnout: 500, voters: 2 });
	});
}
