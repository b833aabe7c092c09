//! The per-device ledger: one record per device whatever the epochs, each closed epoch handed
//! on exactly once (by the next report, a witness credit, a settlement or the device's
//! removal), and nothing left behind when a device goes.

use crate::{mock::*, *};
use depin_primitives::{
	DeviceClassId, EpochIndex, EpochWork, OnDeviceRemoved, WorkLedger, WorkUnits,
};
use frame_support::assert_ok;
use sp_core::H256;

fn work(epoch: EpochIndex, class: DeviceClassId, units: WorkUnits) -> EpochWork {
	EpochWork { epoch, class, units }
}

#[test]
fn state_stays_one_record_per_device_whatever_the_epochs() {
	ExtBuilder::default().build_and_execute(|| {
		for seed in 1..=3 {
			add_device(seed, ALICE, SENSOR);
		}
		for e in 0..6u64 {
			for seed in 1..=3 {
				let r = report(seed, telemetry(10 + e));
				assert_ok!(submit_feeless(r.clone(), sign(seed, &r)));
			}
			assert_eq!(Ledger::<Test>::iter().count(), 3, "one record per device");
			// Class sums are kept for the open epoch and RETAINED closed ones, then pruned.
			assert!(ClassUnits::<Test>::iter().count() <= RETAINED as usize + 2);
			next_epoch();
			run_to_block(System::block_number() + 2);
		}
		// Every closed epoch of every device was handed on once, in order, except the last
		// (still held, handed on when the device next reports or settles).
		let handed = handed_on();
		assert_eq!(handed.len(), 3 * 5);
		for seed in 1..=3 {
			let of_device: Vec<_> =
				handed.iter().filter(|(d, _)| *d == device(seed)).map(|(_, w)| *w).collect();
			let expected: Vec<_> = (0..5).map(|e| work(e, SENSOR, 10 + e as u64)).collect();
			assert_eq!(of_device, expected);
		}
		assert_eq!(ClassUnits::<Test>::iter_prefix(0).count(), 0, "epoch 0 pruned");
	});
}

#[test]
fn a_witness_credit_hands_the_witness_closed_epoch_on_first() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, HOTSPOT);
		add_device(2, BOB, HOTSPOT);
		add_device(3, CHARLIE, HOTSPOT);
		let r = report(1, coverage(1, &[2]));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		next_epoch();
		assert!(handed_on().is_empty(), "nothing is handed on by the clock");
		// Hotspot 2 witnesses in epoch 1: its epoch-0 witness units go on first.
		let r = report(3, coverage(3, &[2]));
		assert_ok!(submit_feeless(r.clone(), sign(3, &r)));
		assert_eq!(handed_on(), vec![(device(2), work(0, HOTSPOT, 4))]);
		// Its own beacon in the same epoch hands nothing on again.
		let r = report(2, coverage(2, &[3]));
		assert_ok!(submit_feeless(r.clone(), sign(2, &r)));
		assert_eq!(handed_on().len(), 1);
		let record = Ledger::<Test>::get(device(2)).unwrap();
		let params = default_params();
		assert_eq!((record.epoch, record.units), (1, params.witness_units + params.beacon_units));
	});
}

#[test]
fn settling_hands_a_closed_epoch_on_once_and_never_the_open_one() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let r = report(1, telemetry(30));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		// The open epoch is not settled: its units may still change.
		Work::settle(&device(1));
		assert!(handed_on().is_empty());
		assert_eq!(Work::latest_work(&device(1)), Some(work(0, SENSOR, 30)));
		assert_eq!(Work::device_units(0, &device(1)), 30);

		next_epoch();
		assert_eq!(Work::settle(&device(1)), Work::settle_weight());
		assert_eq!(handed_on(), vec![(device(1), work(0, SENSOR, 30))]);
		// Settled work is no longer offered, and settling again does nothing.
		assert_eq!(Work::latest_work(&device(1)), None);
		assert!(Work::settle(&device(1)).ref_time() < Work::settle_weight().ref_time());
		assert_eq!(handed_on().len(), 1);
		// The next report starts a new record without handing epoch 0 on again.
		let r = report(1, telemetry(5));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		next_epoch();
		Work::settle(&device(1));
		assert_eq!(
			handed_on(),
			vec![(device(1), work(0, SENSOR, 30)), (device(1), work(1, SENSOR, 5))]
		);
	});
}

#[test]
fn an_epoch_without_units_is_not_handed_on() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let (first, mut second) = (report(1, telemetry(40)), report(1, telemetry(41)));
		second.nonce = 2;
		assert_ok!(submit_feeless(first.clone(), sign(1, &first)));
		// Proven equivocation takes the open epoch's units back: nothing is left to hand on.
		assert_ok!(Work::prove_equivocation(
			RuntimeOrigin::signed(BOB),
			first.clone(),
			sign(1, &first),
			second.clone(),
			sign(1, &second),
		));
		next_epoch();
		Work::settle(&device(1));
		assert!(handed_on().is_empty());
	});
}

#[test]
fn a_removed_device_hands_its_closed_work_on_and_leaves_no_record() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, STORAGE);
		add_device(2, BOB, STORAGE);
		let root = H256::repeat_byte(7);
		assert_ok!(Work::commit_storage(RuntimeOrigin::signed(ALICE), device(1), root, 4));
		assert_ok!(Work::commit_storage(RuntimeOrigin::signed(BOB), device(2), root, 4));
		Ledger::<Test>::insert(
			device(1),
			DeviceWork { units: 12, ..DeviceWork::empty(0, STORAGE) },
		);
		ClassUnits::<Test>::insert(0, STORAGE, 12);
		Scores::<Test>::insert(device(1), sp_runtime::Permill::from_percent(50));
		next_epoch();

		<Work as OnDeviceRemoved<AccountId>>::on_device_removed(&device(1), &ALICE);
		assert_eq!(handed_on(), vec![(device(1), work(0, STORAGE, 12))]);
		assert!(Ledger::<Test>::get(device(1)).is_none());
		assert!(Scores::<Test>::get(device(1)).is_none());
		assert!(Challenges::<Test>::get(device(1)).is_none());
		assert!(Commitments::<Test>::get(device(1)).is_none());
		// The other device keeps its place in the challenge set.
		assert_eq!(Challengeable::<Test>::count(), 1);
		assert_eq!(Challengeable::<Test>::get(0), Some(device(2)));
		assert_eq!(Commitments::<Test>::get(device(2)).map(|c| c.slot), Some(0));
		// Removing it again does nothing.
		<Work as OnDeviceRemoved<AccountId>>::on_device_removed(&device(1), &ALICE);
		assert_eq!(handed_on().len(), 1);
	});
}
