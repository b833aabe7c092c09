//! Random sequences of locks, delegations, proposals, votes, cancels and blocks; the
//! invariants must hold after each step and no call may lose funds.

use crate::{mock::*, *};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
	Lock(AccountId, Balance, u8),
	Unlock(AccountId),
	Delegate(AccountId, AccountId),
	Undelegate(AccountId),
	Propose(AccountId, u8),
	Vote(AccountId, ProposalIndex, bool),
	RemoveVote(AccountId, ProposalIndex),
	Cancel(ProposalIndex, bool),
	Run(u64),
}

fn op() -> impl Strategy<Value = Op> {
	let who = 1u64..=6;
	prop_oneof![
		(who.clone(), 1u128..1_200, 0u8..7).prop_map(|(w, a, c)| Op::Lock(w, a, c)),
		who.clone().prop_map(Op::Unlock),
		(who.clone(), 1u64..=6).prop_map(|(w, t)| Op::Delegate(w, t)),
		who.clone().prop_map(Op::Undelegate),
		(who.clone(), 0u8..5).prop_map(|(w, t)| Op::Propose(w, t)),
		(who.clone(), 0u32..6, any::<bool>()).prop_map(|(w, i, a)| Op::Vote(w, i, a)),
		(who.clone(), 0u32..6).prop_map(|(w, i)| Op::RemoveVote(w, i)),
		(0u32..6, any::<bool>()).prop_map(|(i, k)| Op::Cancel(i, k)),
		(1u64..8).prop_map(Op::Run),
	]
}

fn conviction(c: u8) -> Conviction {
	[
		Conviction::None,
		Conviction::Locked1x,
		Conviction::Locked2x,
		Conviction::Locked3x,
		Conviction::Locked4x,
		Conviction::Locked5x,
		Conviction::Locked6x,
	][c as usize % 7]
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(48))]
	#[test]
	fn random_sequences_keep_the_invariants(ops in prop::collection::vec(op(), 1..40)) {
		ExtBuilder.build_and_execute(|| {
			let issuance = Balances::total_issuance();
			for op in ops {
				let o = RuntimeOrigin::signed;
				let _ = match op {
					Op::Lock(w, a, c) => Dao::lock(o(w), a, conviction(c)),
					Op::Unlock(w) => Dao::unlock(o(w)),
					Op::Delegate(w, t) => Dao::delegate(o(w), t),
					Op::Undelegate(w) => Dao::undelegate(o(w)),
					Op::Propose(w, t) => Dao::propose(
						o(w),
						Track::ALL[t as usize],
						bounded(set_params_call(u64::from(t) * 30, 10)),
					),
					Op::Vote(w, i, a) => Dao::vote(o(w), i, a),
					Op::RemoveVote(w, i) => Dao::remove_vote(o(w), i),
					Op::Cancel(i, true) => Dao::kill(RuntimeOrigin::root(), i),
					Op::Cancel(i, false) => Dao::cancel(RuntimeOrigin::root(), i),
					Op::Run(n) => {
						run_to(System::block_number() + n);
						Ok(())
					},
				};
				Dao::do_try_state().expect("invariants hold after every step");
				// Slashed deposits move to the treasury; nothing is minted or burned.
				assert_eq!(Balances::total_issuance(), issuance);
			}
		});
	}
}
