//! Epoch close: the schedule, the split, class pools, the supply cap, net emissions.

use crate::{mock::*, *};
use depin_primitives::{OnBurned, RevenueSource};
use frame_support::traits::fungible::Inspect;
use sp_runtime::Perbill;

fn record(epoch: depin_primitives::EpochIndex) -> EpochRewards<Balance> {
	Epochs::<Test>::get(epoch).expect("a record for a closed, unexpired epoch")
}

#[test]
fn close_mints_the_schedule_and_fixes_class_pools() {
	ExtBuilder::default().build_and_execute(|| {
		let s = add_device(1, ALICE, SENSOR);
		let h = add_device(2, BOB, HOTSPOT);
		MockLedger::credit(0, &s, 10);
		MockLedger::credit(0, &h, 30);
		let before = issuance();
		let community = free(Emission::community_pot());

		assert_eq!(close(), 0);

		let r = record(0);
		assert_eq!(r.scheduled, INITIAL);
		assert_eq!(r.minted, INITIAL);
		assert_eq!(r.operators, 700_000);
		assert_eq!(r.unearned, 0);
		assert_eq!(issuance() - before, INITIAL, "issuance grows by exactly what was minted");
		assert_eq!(free(TREASURY), ED + 200_000);
		assert_eq!(free(Emission::community_pot()) - community, 100_000);
		assert_eq!(free(Emission::reward_pot()), ED + 700_000);
		// Sensors weigh 1 and hotspots 3 of 4.
		assert_eq!(
			ClassPools::<Test>::get(0, SENSOR),
			Some(ClassPool { pool: 175_000, units: 10 })
		);
		assert_eq!(
			ClassPools::<Test>::get(0, HOTSPOT),
			Some(ClassPool { pool: 525_000, units: 30 })
		);
		assert_eq!(MockTreasury::noted(), vec![(RevenueSource::Emission, 200_000)]);
		assert_eq!(LastClosed::<Test>::get(), Some(0));
		assert_eq!(
			last_event(),
			Event::EpochRewardsFixed {
				epoch: 0,
				scheduled: INITIAL,
				reemitted: 0,
				minted: INITIAL,
				operators: 700_000,
				unearned: 0
			}
		);
		assert!(emission_events().contains(&Event::ClassRewardFixed {
			epoch: 0,
			class: HOTSPOT,
			pool: 525_000,
			units: 30
		}));
		assert!(emission_events().contains(&Event::EmissionPaid {
			epoch: 0,
			recipient: Recipient::Community,
			amount: 100_000
		}));
	});
}

#[test]
fn an_epoch_without_work_mints_only_the_other_shares() {
	ExtBuilder::default().build_and_execute(|| {
		let before = issuance();
		close();
		let r = record(0);
		assert_eq!(r.operators, 0);
		assert_eq!(r.unearned, 700_000, "no class worked: the operators' share is not minted");
		assert_eq!(r.minted, 300_000);
		assert_eq!(issuance() - before, 300_000);
		assert_eq!(free(Emission::reward_pot()), ED);
		assert_eq!(ClassPools::<Test>::iter_prefix(0).count(), 0);
	});
}

#[test]
fn an_idle_class_leaves_its_pool_unminted() {
	ExtBuilder::default().build_and_execute(|| {
		let s = add_device(1, ALICE, SENSOR);
		MockLedger::credit(0, &s, 5);
		close();
		let r = record(0);
		assert_eq!(r.operators, 175_000, "only the sensors' quarter");
		assert_eq!(r.unearned, 525_000, "the hotspots' three quarters are not minted");
		assert_eq!(ClassPools::<Test>::get(0, HOTSPOT), None);
	});
}

#[test]
fn one_device_takes_its_whole_class_pool() {
	ExtBuilder::default().build_and_execute(|| {
		let s = add_device(1, ALICE, SENSOR);
		MockLedger::credit(0, &s, 1);
		close();
		let before = free(ALICE);
		assert_ok_claim(ALICE, s);
		assert_eq!(free(ALICE) - before, 175_000);
	});
}

fn assert_ok_claim(who: AccountId, d: depin_primitives::DeviceId) {
	frame_support::assert_ok!(Emission::claim(RuntimeOrigin::signed(who), d));
}

#[test]
fn halving_follows_the_schedule() {
	ExtBuilder::default()
		.params(|p| p.schedule.curve = Curve::Halving { interval: 2 })
		.build_and_execute(|| {
			for _ in 0..5 {
				close();
			}
			let got: Vec<_> = (0..5).map(|e| Epochs::<Test>::get(e).map(|r| r.scheduled)).collect();
			// Epoch 0 expired with the close of epoch 4 (a window of 4); the rest are kept.
			assert_eq!(got[0], None);
			assert_eq!(
				got[1..],
				[Some(INITIAL), Some(INITIAL / 2), Some(INITIAL / 2), Some(INITIAL / 4)]
			);
		});
}

#[test]
fn decay_follows_the_schedule() {
	ExtBuilder::default()
		.params(|p| p.schedule.curve = Curve::Decay { rate: Perbill::from_percent(10) })
		.build_and_execute(|| {
			close();
			close();
			assert_eq!(record(0).scheduled, INITIAL);
			assert_eq!(record(1).scheduled, 900_000);
		});
}

#[test]
fn the_supply_cap_is_reached_in_the_middle_of_an_epoch() {
	let genesis = 3 * ENDOWMENT + ED;
	ExtBuilder::default().supply_cap(genesis + 2 * ED + 400_000).build_and_execute(|| {
		let s = add_device(1, ALICE, SENSOR);
		MockLedger::credit(0, &s, 1);
		close();
		let r = record(0);
		assert_eq!(r.capped, INITIAL - 400_000, "only the room under the cap is minted");
		assert_eq!(r.minted + r.unearned, 400_000);
		assert!(emission_events()
			.contains(&Event::SupplyCapReached { epoch: 0, capped: INITIAL - 400_000 }));
		assert!(issuance() <= SupplyCap::<Test>::get());

		// The hotspots' unearned pool was not minted, so there is room for 210 000 more.
		close();
		let r = record(1);
		assert_eq!(r.capped, INITIAL - 210_000);
		assert_eq!(r.minted + r.unearned, 210_000);
		close();
		let r = record(2);
		assert_eq!(r.capped, INITIAL - (210_000 - record(1).minted));
		assert!(issuance() <= SupplyCap::<Test>::get(), "the cap is never exceeded");
	});
}

#[test]
fn net_emissions_re_mint_burns_up_to_the_cap() {
	ExtBuilder::default().build_and_execute(|| {
		<Emission as OnBurned<Balance>>::on_burned(30_000);
		<Emission as OnBurned<Balance>>::on_burned(20_000);
		close();
		let r = record(0);
		assert_eq!(r.reemitted, 50_000);
		assert_eq!(r.minted + r.unearned, INITIAL + 50_000);
		assert_eq!(BurnedThisEpoch::<Test>::get(), 0, "each epoch re-mints its own burns");

		<Emission as OnBurned<Balance>>::on_burned(5 * INITIAL);
		close();
		assert_eq!(record(1).reemitted, INITIAL / 10, "at most the net emission cap");
	});
}

#[test]
fn net_emissions_never_exceed_the_supply_cap() {
	let genesis = 3 * ENDOWMENT + ED;
	ExtBuilder::default().supply_cap(genesis + 2 * ED + INITIAL + 10).build_and_execute(|| {
		<Emission as OnBurned<Balance>>::on_burned(INITIAL);
		close();
		let r = record(0);
		assert_eq!(r.reemitted, INITIAL / 10);
		assert_eq!(r.capped, INITIAL / 10 - 10);
		assert!(issuance() <= SupplyCap::<Test>::get());
	});
}

#[test]
fn an_epoch_is_closed_once() {
	ExtBuilder::default().build_and_execute(|| {
		close();
		let after = issuance();
		<Emission as depin_primitives::OnEpochClosed>::on_epoch_closed(0);
		assert_eq!(issuance(), after, "a second close of epoch 0 mints nothing");
	});
}

#[test]
fn recipients_that_cannot_receive_leave_their_share_unminted() {
	ExtBuilder::default()
		.params(|p| {
			p.schedule.initial = 10;
			p.net_emission_cap = 0;
			p.shares = frame_support::BoundedVec::truncate_from(vec![
				(Recipient::Operators, Perbill::from_percent(80)),
				(Recipient::Account(FOUNDATION), Perbill::from_percent(10)),
				(Recipient::Treasury, Perbill::from_percent(10)),
			]);
		})
		.build_and_execute(|| {
			MockTreasury::disable();
			close();
			let r = record(0);
			// FOUNDATION does not exist and 1 is below the existential deposit of 2; there is
			// no treasury; and no class worked.
			assert_eq!(r.minted, 0);
			assert_eq!(r.unearned, 10);
			assert_eq!(free(FOUNDATION), 0);
		});
}

#[test]
fn very_large_balances_do_not_overflow() {
	let big = u128::MAX / 4;
	ExtBuilder::default()
		.supply_cap(u128::MAX)
		.params(|p| {
			p.schedule.initial = big;
			p.net_emission_cap = 0;
			p.breaker_cap = u128::MAX;
		})
		.build_and_execute(|| {
			let s = add_device(1, ALICE, SENSOR);
			let t = add_device(2, BOB, SENSOR);
			MockLedger::credit(0, &s, u64::MAX / 2);
			MockLedger::credit(0, &t, u64::MAX / 2);
			close();
			let r = record(0);
			assert_eq!(r.minted + r.unearned, big);
			assert_ok_claim(ALICE, s);
			assert_ok_claim(BOB, t);
			let r = record(0);
			assert!(r.credited <= r.operators);
			assert!(r.operators - r.credited <= 2, "only rounding stays behind");
		});
}

#[test]
fn genesis_seeds_both_pots() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(free(Emission::reward_pot()), ED);
		assert_eq!(free(Emission::community_pot()), ED);
		assert_eq!(<Balances as Inspect<AccountId>>::minimum_balance(), ED);
	});
}

#[test]
#[should_panic(expected = "genesis reward-emission parameters invalid")]
fn genesis_refuses_shares_that_do_not_sum_to_one() {
	ExtBuilder::default()
		.params(|p| p.shares[0].1 = Perbill::from_percent(69))
		.build_and_execute(|| {});
}

#[test]
#[should_panic(expected = "genesis balances exceed the reward-emission supply cap")]
fn genesis_refuses_a_cap_below_the_balances() {
	ExtBuilder::default().supply_cap(10).build_and_execute(|| {});
}

#[test]
fn try_state_catches_a_drained_pot_and_a_forged_pool() {
	ExtBuilder::default().build().execute_with(|| {
		let s = add_device(1, ALICE, SENSOR);
		MockLedger::credit(0, &s, 1);
		close();
		Emission::do_try_state().expect("consistent");
		ClassPools::<Test>::mutate(0, SENSOR, |p| p.as_mut().unwrap().pool += 1);
		assert!(Emission::do_try_state().is_err(), "pools no longer sum to the operators' share");
		ClassPools::<Test>::mutate(0, SENSOR, |p| p.as_mut().unwrap().pool -= 1);
		Emission::do_try_state().expect("consistent again");
		frame_support::assert_ok!(
			<Balances as frame_support::traits::fungible::Mutate<_>>::burn_from(
				&Emission::reward_pot(),
				1,
				frame_support::traits::tokens::Preservation::Preserve,
				frame_support::traits::tokens::Precision::Exact,
				frame_support::traits::tokens::Fortitude::Force,
			)
		);
		assert!(Emission::do_try_state().is_err(), "the pot holds less than it owes");
	});
}

/// A receipt class earns at most `DemandRewardCap` (50% in the mock) of the take behind its
/// units: 100 units worth 1 each take a pool of 50 though their weight's share is 140 000; the
/// rest is not minted. A class whose share is below the cap keeps its share.
#[test]
fn a_receipt_class_pool_is_capped_at_half_the_take_behind_its_units() {
	ExtBuilder::default().build_and_execute(|| {
		MockRegistry::add_class(GPU, 1);
		let g = add_device(3, CHARLIE, GPU);
		let s = add_device(1, ALICE, SENSOR);
		MockLedger::credit(0, &g, 100);
		MockLedger::credit(0, &s, 10);
		close();
		let r = record(0);
		// Weights 1 (sensors), 3 (hotspots, idle), 1 (GPUs) of 5: 140 000 each for the two
		// that worked, the GPUs' capped at 50.
		assert_eq!(ClassPools::<Test>::get(0, GPU), Some(ClassPool { pool: 50, units: 100 }));
		assert_eq!(
			ClassPools::<Test>::get(0, SENSOR),
			Some(ClassPool { pool: 140_000, units: 10 })
		);
		assert_eq!(r.operators, 140_050);
		assert_eq!(r.unearned, INITIAL - r.minted);
		assert_eq!(Emission::pending_rewards(&g).amount, 50);

		// A take worth a million: the cap is above the weight's share, which is paid whole.
		MockLedger::credit(1, &g, 1_000_000);
		close();
		let share = record(1).scheduled * 7 / 10 / 5;
		assert_eq!(
			ClassPools::<Test>::get(1, GPU),
			Some(ClassPool { pool: share, units: 1_000_000 })
		);
	});
}
