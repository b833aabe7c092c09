//! A proposal's life: submission and its errors, the decision in the hook, enactment through
//! the scheduler, cancellation and kills, deposits, and admin calls.

use crate::{mock::*, *};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, Bounded, QueryPreimage, StorePreimage},
	weights::Weight,
};
use sp_runtime::{traits::Hash, DispatchError, Perbill, Permill};

fn held(who: AccountId) -> Balance {
	<Balances as InspectHold<_>>::balance_on_hold(&HoldReason::ProposalDeposit.into(), &who)
}

fn propose_on(track: Track, call: RuntimeCall) -> ProposalIndex {
	let index = NextProposal::<Test>::get();
	assert_ok!(Dao::propose(RuntimeOrigin::signed(1), track, bounded(call)));
	index
}

/// Locks and votes aye with enough power to pass any track in the mock.
fn pass(index: ProposalIndex) {
	assert_ok!(Dao::lock(RuntimeOrigin::signed(5), 1_000, Conviction::Locked1x));
	assert_ok!(Dao::vote(RuntimeOrigin::signed(5), index, true));
}

#[test]
fn submission_holds_the_deposit_and_queues_the_decision() {
	ExtBuilder.build_and_execute(|| {
		let index = propose_on(Track::Parameters, set_params_call(7, 10));
		assert_eq!(index, 0);
		assert_eq!(held(1), DEPOSIT);
		let p = Proposals::<Test>::get(index).unwrap();
		assert_eq!((p.track, p.proposer, p.deposit), (Track::Parameters, 1, DEPOSIT));
		assert_eq!(p.voting_ends, 1 + PERIOD);
		assert_eq!(p.status, ProposalStatus::Voting);
		assert_eq!(Ending::<Test>::get(1 + PERIOD).to_vec(), vec![index]);
		assert_eq!(LiveCount::<Test>::get(), 1);
		assert!(matches!(
			dao_events().last(),
			Some(Event::Submitted {
				index: 0,
				track: Track::Parameters,
				proposer: 1,
				deposit: DEPOSIT,
				..
			})
		));
	});
}

#[test]
fn an_approved_proposal_is_enacted_by_the_scheduler() {
	ExtBuilder.build_and_execute(|| {
		let index = propose_on(Track::Parameters, set_params_call(7, 10));
		pass(index);
		let view = Dao::proposal_view(index).unwrap();
		assert!(view.passing);
		// 10% of the 2 010 issued.
		assert_eq!(view.quorum_needed, 201);

		run_to(1 + PERIOD);
		let at = enact_at(index);
		assert_eq!(at, 1 + PERIOD + DELAY);
		assert_eq!(held(1), 0, "the deposit is returned when voting ends");
		assert!(dao_events().contains(&Event::DepositReturned { index, who: 1, amount: DEPOSIT }));
		assert_eq!(LiveCount::<Test>::get(), 0);
		assert_eq!(Dao::params().lock_period, LOCK_PERIOD, "not enacted before its block");

		run_to(at);
		assert_eq!(
			Dao::params(),
			DaoParams { lock_period: 7, max_boost: Permill::from_percent(10) }
		);
		assert_eq!(
			Proposals::<Test>::get(index).unwrap().status,
			ProposalStatus::Enacted { ok: true }
		);
		assert!(dao_events().contains(&Event::Enacted { index, result: Ok(()) }));
	});
}

#[test]
fn a_failing_call_is_recorded_and_loses_no_deposit() {
	ExtBuilder.build_and_execute(|| {
		// A lock period above the runtime's bound: the call fails when enacted.
		let index = propose_on(Track::Parameters, set_params_call(1_000, 10));
		pass(index);
		run_to(1 + PERIOD);
		run_to(enact_at(index));
		assert_eq!(
			Proposals::<Test>::get(index).unwrap().status,
			ProposalStatus::Enacted { ok: false }
		);
		let err: DispatchError = Error::<Test>::InvalidParams.into();
		assert!(dao_events().contains(&Event::Enacted { index, result: Err(err) }));
		assert_eq!(Balances::free_balance(1), 100, "the deposit came back");
	});
}

#[test]
fn a_track_yields_only_its_own_origin() {
	ExtBuilder.build_and_execute(|| {
		// The devices track cannot change the DAO's parameters.
		let index = propose_on(Track::Devices, set_params_call(7, 10));
		pass(index);
		run_to(1 + PERIOD);
		run_to(enact_at(index));
		assert!(
			dao_events().contains(&Event::Enacted { index, result: Err(DispatchError::BadOrigin) })
		);
		assert_eq!(Dao::params().lock_period, LOCK_PERIOD);
	});
}

#[test]
fn the_upgrade_track_enacts_as_root() {
	ExtBuilder.build_and_execute(|| {
		let call = RuntimeCall::System(frame_system::Call::set_storage {
			items: vec![(b"upgrade".to_vec(), b"done".to_vec())],
		});
		let index = propose_on(Track::Upgrade, call);
		pass(index);
		run_to(1 + PERIOD);
		run_to(enact_at(index));
		assert_eq!(sp_io::storage::get(b"upgrade").map(|v| v.to_vec()), Some(b"done".to_vec()));
		assert!(dao_events().contains(&Event::Enacted { index, result: Ok(()) }));
	});
}

#[test]
fn nobody_else_can_enact() {
	ExtBuilder.build_and_execute(|| {
		let index = propose_on(Track::Parameters, set_params_call(7, 10));
		assert_noop!(
			Dao::enact(RuntimeOrigin::signed(1), index, 0, Weight::zero()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Dao::enact(RuntimeOrigin::root(), index, 0, Weight::zero()),
			DispatchError::BadOrigin
		);
		// The track's own origin, but the proposal is not approved yet.
		assert_noop!(
			Dao::enact(Origin::Track(Track::Parameters).into(), index, 0, Weight::zero()),
			Error::<Test>::NotEnactable
		);
		assert_noop!(
			Dao::enact(Origin::Track(Track::Parameters).into(), 9, 0, Weight::zero()),
			Error::<Test>::UnknownProposal
		);
		pass(index);
		run_to(1 + PERIOD);
		// Another track's origin.
		assert_noop!(
			Dao::enact(Origin::Track(Track::Grants).into(), index, 0, Weight::zero()),
			Error::<Test>::NotEnactable
		);
	});
}

#[test]
fn rejected_and_expired_proposals_return_the_deposit() {
	ExtBuilder.build_and_execute(|| {
		let rejected = propose_on(Track::Parameters, set_params_call(7, 10));
		let expired = propose_on(Track::Parameters, set_params_call(8, 10));
		assert_eq!(held(1), 2 * DEPOSIT);
		assert_ok!(Dao::lock(RuntimeOrigin::signed(5), 1_000, Conviction::Locked1x));
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 400, Conviction::Locked1x));
		assert_ok!(Dao::vote(RuntimeOrigin::signed(5), rejected, false));
		assert_ok!(Dao::vote(RuntimeOrigin::signed(4), rejected, true));
		// 100 tokens of 2 010 issued: below the 10% quorum.
		assert_ok!(Dao::lock(RuntimeOrigin::signed(1), 80, Conviction::Locked6x));
		assert_ok!(Dao::vote(RuntimeOrigin::signed(1), expired, true));
		run_to(1 + PERIOD);
		let p = Proposals::<Test>::get(rejected).unwrap();
		assert_eq!(p.status, ProposalStatus::Rejected);
		assert!(dao_events().contains(&Event::Rejected { index: rejected, tally: p.tally }));
		let p = Proposals::<Test>::get(expired).unwrap();
		assert_eq!(p.status, ProposalStatus::Expired);
		assert!(dao_events().contains(&Event::Expired {
			index: expired,
			tally: p.tally,
			needed: 201
		}));
		assert_eq!(held(1), 0);
		assert_eq!(LiveCount::<Test>::get(), 0);
	});
}

#[test]
fn a_proposal_with_no_votes_expires() {
	ExtBuilder.build_and_execute(|| {
		let index = propose_on(Track::Parameters, set_params_call(7, 10));
		run_to(1 + PERIOD);
		assert_eq!(Proposals::<Test>::get(index).unwrap().status, ProposalStatus::Expired);
	});
}

#[test]
fn cancel_returns_and_kill_slashes_the_deposit() {
	ExtBuilder.build_and_execute(|| {
		let cancelled = propose_on(Track::Parameters, set_params_call(7, 10));
		let killed = propose_on(Track::Parameters, set_params_call(8, 10));
		assert_noop!(Dao::cancel(RuntimeOrigin::signed(1), cancelled), DispatchError::BadOrigin);
		assert_noop!(Dao::cancel(RuntimeOrigin::root(), 9), Error::<Test>::UnknownProposal);
		assert_ok!(Dao::cancel(RuntimeOrigin::root(), cancelled));
		assert_eq!(Proposals::<Test>::get(cancelled).unwrap().status, ProposalStatus::Cancelled);
		assert!(dao_events().contains(&Event::Cancelled { index: cancelled }));
		assert_eq!(held(1), DEPOSIT);
		assert_ok!(Dao::kill(RuntimeOrigin::root(), killed));
		assert_eq!(Proposals::<Test>::get(killed).unwrap().status, ProposalStatus::Killed);
		assert!(dao_events().contains(&Event::Killed { index: killed, slashed: DEPOSIT }));
		assert_eq!(held(1), 0);
		assert_eq!(Balances::free_balance(1), 100 - DEPOSIT);
		assert_eq!(Balances::free_balance(TREASURY), DEPOSIT);
		assert_eq!(LiveCount::<Test>::get(), 0);
		// Both ended: neither votes nor a second cancel.
		assert_noop!(Dao::cancel(RuntimeOrigin::root(), killed), Error::<Test>::NotCancellable);
		assert_noop!(
			Dao::vote(RuntimeOrigin::signed(1), cancelled, true),
			Error::<Test>::VotingClosed
		);
		run_to(1 + PERIOD);
		assert_eq!(Proposals::<Test>::get(killed).unwrap().status, ProposalStatus::Killed);
	});
}

#[test]
fn the_emergency_track_can_cancel_an_approved_enactment() {
	ExtBuilder.build_and_execute(|| {
		let index = propose_on(Track::Parameters, set_params_call(7, 10));
		pass(index);
		run_to(1 + PERIOD);
		let at = enact_at(index);
		// The cancel origin is the emergency track's (or root's).
		assert_ok!(Dao::cancel(Origin::Track(Track::Emergency).into(), index));
		run_to(at + 1);
		assert_eq!(Dao::params().lock_period, LOCK_PERIOD, "the enactment was cancelled");
		assert_eq!(Proposals::<Test>::get(index).unwrap().status, ProposalStatus::Cancelled);
	});
}

#[test]
fn propose_errors() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Dao::set_track(RuntimeOrigin::root(), Track::Devices, None));
		assert_noop!(
			Dao::propose(RuntimeOrigin::signed(1), Track::Devices, bounded(set_params_call(7, 1))),
			Error::<Test>::TrackClosed
		);
		// Account 6 holds 10: it cannot keep 10 on hold and stay alive.
		assert_noop!(
			Dao::propose(
				RuntimeOrigin::signed(6),
				Track::Parameters,
				bounded(set_params_call(7, 1))
			),
			Error::<Test>::InsufficientDeposit
		);
		// A call by hash whose preimage nobody noted.
		let missing = Bounded::Lookup { hash: sp_core::H256::repeat_byte(7), len: 200 };
		assert_noop!(
			Dao::propose(RuntimeOrigin::signed(1), Track::Parameters, Box::new(missing)),
			Error::<Test>::PreimageMissing
		);
		// Over the length bound.
		let big = RuntimeCall::System(frame_system::Call::remark { remark: vec![0; 2_000] });
		let big = <Preimage as StorePreimage>::bound(big).unwrap();
		assert_noop!(
			Dao::propose(RuntimeOrigin::signed(1), Track::Parameters, Box::new(big)),
			Error::<Test>::CallTooLarge
		);
		// Bytes that are not a call.
		let junk = Bounded::Inline(vec![0xff; 4].try_into().unwrap());
		assert_noop!(
			Dao::propose(RuntimeOrigin::signed(1), Track::Parameters, Box::new(junk)),
			Error::<Test>::CallUndecodable
		);
		// Heavier than a block can enact (an `enact` declaring the heaviest call, plus itself).
		let heavy = RuntimeCall::Dao(crate::Call::enact {
			index: 0,
			call_len: 0,
			call_weight: MaxCallWeight::get(),
		});
		assert_noop!(
			Dao::propose(RuntimeOrigin::signed(1), Track::Parameters, bounded(heavy)),
			Error::<Test>::CallTooHeavy
		);
		// The bound on proposals voted on at once.
		for _ in 0..4 {
			propose_on(Track::Parameters, set_params_call(7, 1));
		}
		assert_noop!(
			Dao::propose(
				RuntimeOrigin::signed(2),
				Track::Parameters,
				bounded(set_params_call(7, 1))
			),
			Error::<Test>::TooManyProposals
		);
	});
}

#[test]
fn a_large_call_travels_by_preimage() {
	ExtBuilder.build_and_execute(|| {
		// As a voter does in apps: note the call's bytes, then propose it by hash and length.
		let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![1; 600] });
		let bytes = call.encode();
		assert_ok!(Preimage::note_preimage(RuntimeOrigin::signed(2), bytes.clone()));
		let hash = <Test as frame_system::Config>::Hashing::hash(&bytes);
		assert!(!<Preimage as QueryPreimage>::is_requested(&hash));
		let bounded = Bounded::Lookup { hash, len: bytes.len() as u32 };
		assert_ok!(Dao::propose(RuntimeOrigin::signed(1), Track::Parameters, Box::new(bounded)));
		assert!(<Preimage as QueryPreimage>::is_requested(&hash), "kept while voting");
		pass(0);
		run_to(1 + PERIOD);
		run_to(enact_at(0));
		assert!(dao_events().contains(&Event::Enacted { index: 0, result: Ok(()) }));
		assert!(!<Preimage as QueryPreimage>::is_requested(&hash), "released after enactment");
	});
}

#[test]
fn admin_calls_check_bounds() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Dao::set_track(RuntimeOrigin::signed(1), Track::Grants, Some(track(false))),
			DispatchError::BadOrigin
		);
		let too_short = TrackInfo { voting_period: 1, ..track(false) };
		assert_noop!(
			Dao::set_track(RuntimeOrigin::root(), Track::Grants, Some(too_short)),
			Error::<Test>::InvalidTrack
		);
		let minority = TrackInfo { approval: Perbill::from_percent(49), ..track(false) };
		assert_noop!(
			Dao::set_track(RuntimeOrigin::root(), Track::Grants, Some(minority)),
			Error::<Test>::InvalidTrack
		);
		let slow = TrackInfo { enactment_delay: 51, ..track(false) };
		assert_noop!(
			Dao::set_track(RuntimeOrigin::root(), Track::Grants, Some(slow)),
			Error::<Test>::InvalidTrack
		);
		let new = TrackInfo { voting_period: 20, ..track(true) };
		assert_ok!(Dao::set_track(
			Origin::Track(Track::Parameters).into(),
			Track::Grants,
			Some(new)
		));
		assert_eq!(Tracks::<Test>::get(Track::Grants), Some(new));
		System::assert_last_event(
			Event::<Test>::TrackSet { track: Track::Grants, info: Some(new) }.into(),
		);

		assert_noop!(
			Dao::set_params(
				RuntimeOrigin::root(),
				DaoParams { lock_period: 5, max_boost: Permill::from_percent(51) }
			),
			Error::<Test>::InvalidParams
		);
		assert_noop!(
			Dao::set_params(
				RuntimeOrigin::root(),
				DaoParams { lock_period: 101, max_boost: Permill::zero() }
			),
			Error::<Test>::InvalidParams
		);
	});
}

#[test]
fn proposals_keep_the_rules_they_were_submitted_under() {
	ExtBuilder.build_and_execute(|| {
		let index = propose_on(Track::Parameters, set_params_call(7, 10));
		assert_ok!(Dao::set_track(
			RuntimeOrigin::root(),
			Track::Parameters,
			Some(TrackInfo { quorum: Perbill::from_percent(90), ..track(false) })
		));
		pass(index);
		run_to(1 + PERIOD);
		assert!(matches!(
			Proposals::<Test>::get(index).unwrap().status,
			ProposalStatus::Approved { .. }
		));
	});
}

#[test]
fn runtime_api_views() {
	ExtBuilder.build_and_execute(|| {
		let index = propose_on(Track::Grants, set_params_call(7, 10));
		assert_eq!(Dao::live_proposals(), vec![index]);
		let view = Dao::proposal_view(index).unwrap();
		assert!(view.quadratic && !view.passing);
		assert_eq!(view.deposit, DEPOSIT);
		assert!(Dao::proposal_view(5).is_none());
		assert_ok!(Dao::lock(RuntimeOrigin::signed(4), 400, Conviction::Locked2x));
		assert_ok!(Dao::delegate(RuntimeOrigin::signed(4), 3));
		let rep = Dao::voting_power(&3);
		assert_eq!((rep.locked, rep.delegated.linear, rep.delegating), (0, 800, false));
		let four = Dao::voting_power(&4);
		assert_eq!((four.locked, four.own.linear, four.delegating), (400, 800, true));
	});
}
