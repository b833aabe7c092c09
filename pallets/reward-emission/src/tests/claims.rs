//! Pull claims: who may claim what, expiry, time locks, and what clients read.

use crate::{mock::*, *};
use depin_primitives::RevenueSource;
use depin_primitives::WorkLedger;
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
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s));
		assert_eq!(free(ALICE) - before, 175_000);
		assert_eq!(free(Emission::reward_pot()), ED + 525_000);
		assert_eq!(Epochs::<Test>::get(0).unwrap().credited, 175_000);
		assert_eq!(Accrued::<Test>::get(s), None, "nothing left once claimed");
		assert_eq!(
			last_event(),
			Event::RewardsClaimed {
				device: s,
				owner: ALICE,
				claimer: Some(ALICE),
				through: 0,
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
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), a));
		assert_ok!(Emission::claim(RuntimeOrigin::signed(BOB), b));
		assert_ok!(Emission::claim(RuntimeOrigin::signed(CHARLIE), c));
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
		assert_ok!(Emission::claim_for(RuntimeOrigin::signed(BOB), s));
		assert_eq!(free(ALICE) - alice, 175_000, "paid to the owner");
		assert_eq!(free(BOB), bob, "never to the caller");
		assert!(matches!(
			last_event(),
			Event::RewardsClaimed { owner: ALICE, claimer: Some(BOB), .. }
		));
	});
}

#[test]
fn claims_for_someone_elses_device_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let (s, _) = one_worked_epoch();
		assert_noop!(Emission::claim(RuntimeOrigin::signed(BOB), s), Error::<Test>::NotDeviceOwner);
	});
}

#[test]
fn claims_for_unknown_devices_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let (s, _) = one_worked_epoch();
		MockRegistry::remove_device(&s);
		assert_noop!(
			Emission::claim(RuntimeOrigin::signed(ALICE), s),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			Emission::claim_for(RuntimeOrigin::signed(BOB), device(9)),
			Error::<Test>::UnknownDevice
		);
	});
}

#[test]
fn claims_with_nothing_to_claim_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let s = add_device(1, ALICE, SENSOR);
		assert_noop!(
			Emission::claim(RuntimeOrigin::signed(ALICE), s),
			Error::<Test>::NothingToClaim
		);
		// Work of the open epoch is paid once the epoch closes.
		MockLedger::credit(0, &s, 10);
		assert_noop!(
			Emission::claim(RuntimeOrigin::signed(ALICE), s),
			Error::<Test>::NothingToClaim
		);
		close();
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s));
		let pot = free(Emission::reward_pot());
		// Claimed once: a second claim pays nothing twice.
		assert_noop!(
			Emission::claim(RuntimeOrigin::signed(ALICE), s),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(
			Emission::claim_for(RuntimeOrigin::signed(BOB), s),
			Error::<Test>::NothingToClaim
		);
		assert_eq!(free(Emission::reward_pot()), pot);
	});
}

#[test]
fn claims_of_expired_epochs_are_refused_and_the_rest_goes_to_the_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		let (s, h) = one_worked_epoch();
		assert_ok!(Emission::claim(RuntimeOrigin::signed(BOB), h));
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
		// Alice's sensor never reported again nor claimed: its epoch expired uncredited.
		assert_noop!(
			Emission::claim(RuntimeOrigin::signed(ALICE), s),
			Error::<Test>::NothingToClaim
		);
		assert_eq!(Accrued::<Test>::get(s), None);
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
fn credited_rewards_never_expire_and_one_claim_pays_them_all() {
	ExtBuilder::default().build_and_execute(|| {
		let s = add_device(1, ALICE, SENSOR);
		// The sensor reports for 9 epochs and never claims: each report hands the previous
		// epoch on, so 8 epochs are credited, whatever the claim window (4).
		for e in 0..9 {
			MockLedger::credit(e, &s, 1);
			close();
		}
		assert_eq!(Accrued::<Test>::get(s), Some(Accrual { amount: 8 * 175_000, last: 7 }));
		assert!(emission_events().contains(&Event::RewardCredited {
			device: s,
			epoch: 3,
			class: SENSOR,
			units: 1,
			amount: 175_000
		}));
		// Epochs 0..=4 expired at their closes; what was credited from them did not.
		assert_eq!(OldestUnexpired::<Test>::get(), 5);
		let before = free(ALICE);
		// One claim, O(1): the accrued 8 epochs and the ninth, credited by the claim.
		let info = Emission::claim(RuntimeOrigin::signed(ALICE), s).unwrap();
		assert_eq!(free(ALICE) - before, 9 * 175_000);
		assert!(matches!(
			last_event(),
			Event::RewardsClaimed { through: 8, amount: 1_575_000, .. }
		));
		assert_eq!(
			info.actual_weight,
			Some(<() as WeightInfo>::claim().saturating_add(MockLedger::settle_weight()))
		);
		assert_eq!(Emission::claim_weight(), info.actual_weight.unwrap());
	});
}

#[test]
fn a_device_that_leaves_is_paid_what_it_accrued_and_leaves_no_record() {
	use depin_primitives::OnDeviceRemoved;
	ExtBuilder::default().build_and_execute(|| {
		let (s, h) = one_worked_epoch();
		MockLedger::credit(1, &s, 10);
		MockLedger::credit(1, &h, 30);
		close();
		assert_ok!(Emission::claim(RuntimeOrigin::signed(BOB), h));
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s));
		assert_eq!(LastRewarded::<Test>::get(ALICE), Some(1));
		// Epoch 2's work is credited when the device leaves (the ledger settles it first, as
		// the runtime's registry tells the ledger before this pallet).
		MockLedger::credit(2, &s, 10);
		close();
		MockLedger::settle(&s);
		let before = free(ALICE);
		<Emission as OnDeviceRemoved<AccountId>>::on_device_removed(&s, &ALICE);
		assert_eq!(free(ALICE) - before, 175_000);
		assert!(matches!(
			last_event(),
			Event::RewardsClaimed { owner: ALICE, claimer: None, through: 2, amount: 175_000, .. }
		));
		assert_eq!(Accrued::<Test>::get(s), None);
		// Alice owned only that device: her contributor record goes with it.
		assert_eq!(LastRewarded::<Test>::get(ALICE), None);
		// Bob still owns a device: his record stays when another of his devices leaves.
		let other = add_device(3, BOB, SENSOR);
		<Emission as OnDeviceRemoved<AccountId>>::on_device_removed(&other, &BOB);
		assert_eq!(LastRewarded::<Test>::get(BOB), Some(1));
	});
}

#[test]
fn rewards_go_to_the_owner_at_claim_time() {
	ExtBuilder::default().build_and_execute(|| {
		let (s, _) = one_worked_epoch();
		MockRegistry::set_owner(&s, CHARLIE);
		let before = free(CHARLIE);
		assert_ok!(Emission::claim(RuntimeOrigin::signed(CHARLIE), s));
		assert_eq!(free(CHARLIE) - before, 175_000);
	});
}

#[test]
fn a_share_of_each_claim_is_time_locked() {
	ExtBuilder::default().params(|p| p.lock_share = Perbill::from_percent(40)).build_and_execute(
		|| {
			let (s, _) = one_worked_epoch();
			let start = System::block_number();
			assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s));
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
			// Longer than the five epochs of claims: no lock ends before the last.
			p.lock_period = 500;
		})
		.build_and_execute(|| {
			let s = add_device(1, ALICE, SENSOR);
			for e in 0..5 {
				MockLedger::credit(e, &s, 1);
				close();
				assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s));
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
		// Epoch 0 was credited when epoch 1's work came in; epoch 1's is still to credit.
		assert_eq!(
			p,
			PendingRewards {
				amount: 350_000,
				credited: 175_000,
				unsettled: Some(1),
				expires_at_close_of: Some(1 + WINDOW),
			}
		);
		let (devices, total) = Emission::pending_rewards_of(&BOB);
		assert_eq!(devices, vec![(h, Emission::pending_rewards(&h))]);
		assert_eq!(total, 525_000);
		let before = free(ALICE);
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s));
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
		assert_ok!(Emission::claim(RuntimeOrigin::signed(ALICE), s));
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
