//! Delegation: lending power to a representative, revoking it, and the rules that keep power
//! from counting twice.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};

fn propose() -> ProposalIndex {
	let index = NextProposal::<Test>::get();
	assert_ok!(Dao::propose(
		RuntimeOrigin::signed(1),
		Track::Parameters,
		bounded(set_params_call(7, 10))
	));
	index
}

#[test]
fn a_representative_votes_with_delegated_power() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 400, Conviction::Locked2x));
		assert_ok!(Dao::lock(RuntimeOrigin::signed(3), 100, Conviction::Locked1x));
		assert_ok!(Dao::delegate(RuntimeOrigin::signed(4), 3));
		System::assert_last_event(
			Event::<Test>::Delegated {
				who: 4,
				to: 3,
				power: Power { linear: 800, quadratic: 40, tokens: 400 },
			}
			.into(),
		);
		let rep = Voters::<Test>::get(3).unwrap();
		assert_eq!((rep.delegated.linear, rep.delegators), (800, 1));

		let index = propose();
		assert_ok!(Dao::vote(RuntimeOrigin::signed(3), index, true));
		let tally = Proposals::<Test>::get(index).unwrap().tally;
		assert_eq!(tally, Tally { ayes: 900, nays: 0, turnout: 500, voters: 1 });
		// The delegator cannot vote itself.
		assert_noop!(Dao::vote(RuntimeOrigin::signed(4), index, false), Error::<Test>::Delegating);
		// Nor release its lock.
		assert_noop!(Dao::unlock(RuntimeOrigin::signed(4)), Error::<Test>::Delegating);
	});
}

#[test]
fn a_representative_needs_no_lock_of_its_own() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 400, Conviction::Locked1x));
		assert_ok!(Dao::delegate(RuntimeOrigin::signed(4), 6));
		let index = propose();
		assert_ok!(Dao::vote(RuntimeOrigin::signed(6), index, false));
		let tally = Proposals::<Test>::get(index).unwrap().tally;
		assert_eq!(tally, Tally { ayes: 0, nays: 400, turnout: 400, voters: 1 });
	});
}

#[test]
fn undelegating_keeps_counted_power_locked_and_out_of_double_counts() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 400, Conviction::Locked1x));
		assert_ok!(Dao::delegate(RuntimeOrigin::signed(4), 3));
		let index = propose();
		assert_ok!(Dao::vote(RuntimeOrigin::signed(3), index, true));
		assert_ok!(Dao::undelegate(RuntimeOrigin::signed(4)));
		System::assert_last_event(Event::<Test>::Undelegated { who: 4, from: 3 }.into());
		assert!(Voters::<Test>::get(3).is_none(), "the representative's record is empty");

		let voter = Voters::<Test>::get(4).unwrap();
		// Its power counts in 3's vote until voting ends, plus its own lock period.
		assert_eq!(voter.locked_until, 1 + PERIOD + LOCK_PERIOD);
		assert_eq!(voter.votes_from, index + 1);
		assert_noop!(
			Dao::vote(RuntimeOrigin::signed(4), index, false),
			Error::<Test>::PowerCountedByDelegate
		);
		// Nor can it lend the same power to someone else on the same proposal.
		assert_noop!(Dao::delegate(RuntimeOrigin::signed(4), 2), Error::<Test>::VotesStillOpen);
		assert_noop!(Dao::unlock(RuntimeOrigin::signed(4)), Error::<Test>::StillLocked);

		// Later proposals are its own to vote on.
		let next = propose();
		assert_ok!(Dao::vote(RuntimeOrigin::signed(4), next, false));
		run_to(1 + PERIOD + LOCK_PERIOD);
		assert_ok!(Dao::unlock(RuntimeOrigin::signed(4)));
	});
}

#[test]
fn undelegating_from_a_silent_representative_frees_at_once() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 400, Conviction::Locked1x));
		assert_ok!(Dao::delegate(RuntimeOrigin::signed(4), 3));
		assert_ok!(Dao::undelegate(RuntimeOrigin::signed(4)));
		assert_eq!(Voters::<Test>::get(4).unwrap().votes_from, 0);
		assert_ok!(Dao::unlock(RuntimeOrigin::signed(4)));
	});
}

#[test]
fn raising_a_lock_refreshes_the_power_lent() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 100, Conviction::Locked1x));
		assert_ok!(Dao::delegate(RuntimeOrigin::signed(4), 3));
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 300, Conviction::Locked1x));
		assert_eq!(Voters::<Test>::get(3).unwrap().delegated.linear, 300);
		// Lowering is refused while delegating.
		assert_noop!(
			Dao::lock(RuntimeOrigin::signed(4), 200, Conviction::Locked1x),
			Error::<Test>::CannotReduceLock
		);
	});
}

#[test]
fn delegation_errors() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(Dao::delegate(RuntimeOrigin::signed(4), 4), Error::<Test>::SelfDelegation);
		assert_noop!(Dao::delegate(RuntimeOrigin::signed(4), 3), Error::<Test>::NotLocked);
		assert_noop!(Dao::undelegate(RuntimeOrigin::signed(4)), Error::<Test>::NotDelegating);
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 100, Conviction::Locked1x));
		assert_ok!(Dao::lock(RuntimeOrigin::signed(3), 100, Conviction::Locked1x));
		assert_ok!(Dao::lock(RuntimeOrigin::signed(2), 100, Conviction::Locked1x));
		assert_ok!(Dao::delegate(RuntimeOrigin::signed(4), 3));
		assert_noop!(Dao::delegate(RuntimeOrigin::signed(4), 2), Error::<Test>::AlreadyDelegating);
		// A loop (3 → 4 while 4 → 3) or a chain (3 → 2 while 4 → 3) is refused.
		assert_noop!(Dao::delegate(RuntimeOrigin::signed(3), 4), Error::<Test>::HasDelegators);
		assert_noop!(Dao::delegate(RuntimeOrigin::signed(3), 2), Error::<Test>::HasDelegators);
		assert_noop!(Dao::delegate(RuntimeOrigin::signed(2), 4), Error::<Test>::TargetDelegates);
		// Direct votes still open block delegating.
		let index = propose();
		assert_ok!(Dao::vote(RuntimeOrigin::signed(2), index, true));
		assert_noop!(Dao::delegate(RuntimeOrigin::signed(2), 3), Error::<Test>::VotesStillOpen);
		run_to(1 + PERIOD);
		assert_ok!(Dao::delegate(RuntimeOrigin::signed(2), 3));
	});
}
