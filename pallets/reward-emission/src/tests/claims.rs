//! Pull claims: who may claim what, expiry, time locks, and what clients read.

use crate::{mock::*, *};
use depin_primitives::RevenueSource;
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{InspectFreeze, Mutate},
		tokens::Preservation,
	},
};
use sp_runtime::{DispatchError, Perbill, TokenError};

/// Alice's sensor with 10 units and Bob's hotspot with 30 units in epoch 0, closed.
fn one_worked_epoch() -> (depin_primitives::DeviceId, depin_primitives::DeviceId) {
	let s = add_device(1, ALICE, SENSOR);
	let h = add_device(2, BOB, HOTSPOT);
	MockLedger::credit(0, &s, 10);
	MockLedger::credit(0, &h, 30);
	close();
	(s, h)
}

#[test]
fn the_owner_claims_its_devices_rewards() {
	ExtBuilder::default().build_and_execute(|| {
		let (s, _) = one_worked_epoch();
		let before = free(ALICE);
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s, 0));
		assert_eq!(free(ALICE) - before, 175_000);
		assert_eq!(free(Emission::reward_pot()), ED + 525_000);
		assert_eq!(Epochs::<Test>::get(0).unwrap().paid, 175_000);
		assert_eq!(NextClaim::<Test>::get(s), Some(1));
		assert_eq!(
			last_event(),
			Event::RewardsClaimed {
				device: s,
				owner: ALICE,
				claimer: ALICE,
				from: 0,
				to: 0,
				amount: 175_000,
				locked: 0,
				until: System::block_number(),
			}
		);
	});
}

#[test]
fn devices_of_a_class_share_by_units() {
	ExtBuilder::default().build_and_execute(|| {
		let a = add_device(1, ALICE, SENSOR);
		let b = add_device(2, BOB, SENSOR);
		let c = add_device(3, CHARLIE, SENSOR);
		MockLedger::credit(0, &a, 1);
		MockLedger::credit(0, &b, 1);
		MockLedger::credit(0, &c, 2);
		close();
		let before = [free(ALICE), free(BOB), free(CHARLIE)];
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), a, 0));
		assert_ok!(Emission::claim(RuntimeOrigin::signed(BOB), b, 0));
		assert_ok!(Emission::claim(RuntimeOrigin::signed(CHARLIE), c, 0));
		// The sensors' pool is a quarter of 700 000.
		assert_eq!(free(ALICE) - before[0], 43_750);
		assert_eq!(free(BOB) - before[1], 43_750);
		assert_eq!(free(CHARLIE) - before[2], 87_500);
	});
}

#[test]
fn anyone_may_claim_for_the_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let (s, _) = one_worked_epoch();
		let (alice, bob) = (free(ALICE), free(BOB));
		assert_ok!(Emission::claim_for(RuntimeOrigin::signed(BOB), s, 0));
		assert_eq!(free(ALICE) - alice, 175_000, "paid to the owner");
		assert_eq!(free(BOB), bob, "never to the caller");
		assert!(matches!(last_event(), Event::RewardsClaimed { owner: ALICE, claimer: BOB, .. }));
	});
}

#[test]
fn claims_for_someone_elses_device_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let (s, _) = one_worked_epoch();
		assert_noop!(
			Emission::claim(RuntimeOrigin::signed(BOB), s, 0),
			Error::<Test>::NotDeviceOwner
		);
	});
}

#[test]
fn claims_for_unknown_devices_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let (s, _) = one_worked_epoch();
		MockRegistry::remove_device(&s);
		assert_noop!(
			Emission::claim(RuntimeOrigin::signed(ALICE), s, 0),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			Emission::claim_for(RuntimeOrigin::signed(BOB), device(9), 0),
			Error::<Test>::UnknownDevice
		);
	});
}

#[test]
fn claims_for_open_epochs_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let s = add_device(1, ALICE, SENSOR);
		MockLedger::credit(0, &s, 10);
		assert_noop!(
			Emission::claim(RuntimeOrigin::signed(ALICE), s, 0),
			Error::<Test>::EpochNotClosed
		);
		close();
		assert_noop!(
			Emission::claim(RuntimeOrigin::signed(ALICE), s, 1),
			Error::<Test>::EpochNotClosed
		);
	});
}

#[test]
fn claims_of_claimed_epochs_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let (s, _) = one_worked_epoch();
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s, 0));
		let pot = free(Emission::reward_pot());
		assert_noop!(
			Emission::claim(RuntimeOrigin::signed(ALICE), s, 0),
			Error::<Test>::AlreadyClaimed
		);
		assert_eq!(free(Emission::reward_pot()), pot, "nothing paid twice");
	});
}

#[test]
fn claims_of_expired_epochs_are_refused_and_the_rest_goes_to_the_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		let (s, h) = one_worked_epoch();
		assert_ok!(Emission::claim(RuntimeOrigin::signed(BOB), h, 0));
		let treasury = free(TREASURY);
		for _ in 0..WINDOW {
			close();
		}
		assert_eq!(OldestUnexpired::<Test>::get(), 1);
		assert_eq!(Epochs::<Test>::get(0), None, "an expired epoch is forgotten");
		assert_eq!(ClassPools::<Test>::iter_prefix(0).count(), 0);
		// Alice's 175 000 went to the treasury along with the treasury's own emission shares.
		assert_eq!(free(TREASURY) - treasury, 175_000 + 4 * 200_000);
		assert!(MockTreasury::noted().contains(&(RevenueSource::ExpiredRewards, 175_000)));
		assert!(emission_events().contains(&Event::RewardsExpired { epoch: 0, amount: 175_000 }));
		assert_noop!(
			Emission::claim(RuntimeOrigin::signed(ALICE), s, 0),
			Error::<Test>::RewardsExpired
		);
		// A later claim skips the expired epoch.
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s, 4));
		assert!(matches!(last_event(), Event::RewardsClaimed { from: 1, to: 4, amount: 0, .. }));
	});
}

#[test]
fn without_a_treasury_expired_rewards_are_burned() {
	ExtBuilder::default().build_and_execute(|| {
		MockTreasury::disable();
		let _ = one_worked_epoch();
		let before = issuance();
		for _ in 0..WINDOW {
			close();
		}
		// Four closes minted 10% each to the community pool (no treasury, no work) and epoch
		// 0's 700 000 was burned.
		assert_eq!(issuance() + 700_000, before + 4 * 100_000);
	});
}

#[test]
fn a_claim_covers_at_most_max_claim_epochs() {
	ExtBuilder::default().params(|p| p.claim_window = RETAINED).build_and_execute(|| {
		let s = add_device(1, ALICE, SENSOR);
		for e in 0..(MAX_CLAIM + 1) {
			MockLedger::credit(e, &s, 1);
			close();
		}
		assert_noop!(
			Emission::claim(RuntimeOrigin::signed(ALICE), s, MAX_CLAIM),
			Error::<Test>::ClaimRangeTooLong
		);
		let before = free(ALICE);
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s, MAX_CLAIM - 1));
		assert_eq!(free(ALICE) - before, MAX_CLAIM as Balance * 175_000);
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s, MAX_CLAIM));
		assert_eq!(free(ALICE) - before, (MAX_CLAIM + 1) as Balance * 175_000);
	});
}

#[test]
fn the_claim_weight_is_refunded_to_the_epochs_visited() {
	ExtBuilder::default().build_and_execute(|| {
		let (s, _) = one_worked_epoch();
		let info = Emission::claim(RuntimeOrigin::signed(ALICE), s, 0).unwrap();
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::claim(1)));
	});
}

#[test]
fn rewards_go_to_the_owner_at_claim_time() {
	ExtBuilder::default().build_and_execute(|| {
		let (s, _) = one_worked_epoch();
		MockRegistry::set_owner(&s, CHARLIE);
		let before = free(CHARLIE);
		assert_ok!(Emission::claim(RuntimeOrigin::signed(CHARLIE), s, 0));
		assert_eq!(free(CHARLIE) - before, 175_000);
	});
}

#[test]
fn a_share_of_each_claim_is_time_locked() {
	ExtBuilder::default().params(|p| p.lock_share = Perbill::from_percent(40)).build_and_execute(
		|| {
			let (s, _) = one_worked_epoch();
			let start = System::block_number();
			assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s, 0));
			let reason: RuntimeFreezeReason = FreezeReason::RewardLock.into();
			assert_eq!(Balances::balance_frozen(&reason, &ALICE), 70_000);
			assert!(matches!(
				last_event(),
				Event::RewardsClaimed { amount: 175_000, locked: 70_000, until, .. }
					if until == start + LOCK_PERIOD
			));
			// The frozen part cannot leave the account.
			let spendable = free(ALICE) - 70_000;
			assert_noop!(
				<Balances as Mutate<_>>::transfer(
					&ALICE,
					&BOB,
					spendable + 1,
					Preservation::Expendable
				),
				TokenError::Frozen
			);
			assert_noop!(
				Emission::unlock(RuntimeOrigin::signed(BOB), ALICE),
				Error::<Test>::NothingToUnlock
			);
			System::set_block_number(start + LOCK_PERIOD);
			assert_ok!(Emission::unlock(RuntimeOrigin::signed(BOB), ALICE));
			assert_eq!(Balances::balance_frozen(&reason, &ALICE), 0);
			assert_eq!(Locks::<Test>::get(ALICE).len(), 0);
			assert_eq!(last_event(), Event::RewardsUnlocked { who: ALICE, amount: 70_000 });
		},
	);
}

#[test]
fn lock_chunks_beyond_the_bound_merge_into_the_last() {
	ExtBuilder::default()
		.params(|p| {
			p.lock_share = Perbill::from_percent(100);
			p.claim_window = RETAINED;
		})
		.build_and_execute(|| {
			let s = add_device(1, ALICE, SENSOR);
			for e in 0..5 {
				MockLedger::credit(e, &s, 1);
				close();
			}
			for e in 0..5 {
				assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s, e));
				System::set_block_number(System::block_number() + 1);
			}
			let chunks = Locks::<Test>::get(ALICE);
			assert_eq!(chunks.len(), 3, "bounded by MaxLockChunks");
			let total: Balance = chunks.iter().map(|c| c.amount).sum();
			assert_eq!(total, 5 * 175_000, "nothing is lost in merging");
			let reason: RuntimeFreezeReason = FreezeReason::RewardLock.into();
			assert_eq!(Balances::balance_frozen(&reason, &ALICE), total);
		});
}

#[test]
fn unlock_needs_a_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Emission::unlock(RuntimeOrigin::none(), ALICE), DispatchError::BadOrigin);
	});
}

#[test]
fn a_shortened_window_expires_its_backlog_two_epochs_per_close() {
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..3 {
			close();
		}
		assert_eq!(OldestUnexpired::<Test>::get(), 0);
		Params::<Test>::mutate(|p| p.claim_window = 1);
		close(); // closes 3: epochs 0..=2 are due; two expire.
		assert_eq!(OldestUnexpired::<Test>::get(), 2);
		close(); // closes 4: 2 and 3 are due.
		assert_eq!(OldestUnexpired::<Test>::get(), 4);
	});
}

#[test]
fn pending_rewards_read_what_a_claim_would_pay() {
	ExtBuilder::default().build_and_execute(|| {
		let (s, h) = one_worked_epoch();
		MockLedger::credit(1, &s, 10);
		close();
		let p = Emission::pending_rewards(&s);
		assert_eq!(p, PendingRewards { from: 0, to: 1, amount: 350_000, claimable_up_to: 1 });
		let (devices, total) = Emission::pending_rewards_of(&BOB);
		assert_eq!(devices, vec![(h, Emission::pending_rewards(&h))]);
		assert_eq!(total, 525_000);
		let before = free(ALICE);
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s, 1));
		assert_eq!(free(ALICE) - before, p.amount);
		assert_eq!(Emission::pending_rewards(&s).amount, 0);
		assert_eq!(Emission::pending_rewards_of(&ALICE), (vec![], 0));
	});
}

#[test]
fn claimed_rewards_make_a_contributor_whose_signal_fades() {
	use depin_primitives::VotingPowerBoost;
	use sp_runtime::Permill;
	ExtBuilder::default().build_and_execute(|| {
		let (s, _) = one_worked_epoch();
		assert_eq!(<Emission as VotingPowerBoost<_>>::boost(&ALICE), Permill::zero());
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s, 0));
		assert_eq!(LastRewarded::<Test>::get(ALICE), Some(0));
		// Rewarded in the last closed epoch: full signal.
		assert_eq!(<Emission as VotingPowerBoost<_>>::boost(&ALICE), Permill::one());
		// Each closed epoch without new rewards takes a quarter (the mock's window is 4).
		close();
		assert_eq!(<Emission as VotingPowerBoost<_>>::boost(&ALICE), Permill::from_percent(75));
		for _ in 0..3 {
			close();
		}
		assert_eq!(<Emission as VotingPowerBoost<_>>::boost(&ALICE), Permill::zero());
		// Bob never claimed: no signal although his device worked.
		assert_eq!(<Emission as VotingPowerBoost<_>>::boost(&BOB), Permill::zero());
	});
}
