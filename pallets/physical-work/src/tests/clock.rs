//! The epoch clock, parameters, pruning and the traits other pallets read.

use crate::{mock::*, *};
use depin_primitives::{EpochClock, WorkLedger};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

#[test]
fn epochs_roll_over_at_their_length_and_tell_the_listener() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(CurrentEpoch::<Test>::get(), EpochInfo { index: 0, start: 0, length: EPOCH });
		run_to_block(EPOCH - 1);
		assert_eq!(epoch(), 0);
		assert!(closed_epochs().is_empty());
		run_to_block(EPOCH);
		assert_eq!(
			CurrentEpoch::<Test>::get(),
			EpochInfo { index: 1, start: EPOCH, length: EPOCH }
		);
		assert_eq!(closed_epochs(), vec![0]);
		let events = work_events();
		assert!(events.contains(&Event::EpochClosed { epoch: 0 }));
		assert_eq!(last_event(), Event::EpochStarted { epoch: 1, start: EPOCH, length: EPOCH });
		next_epoch();
		next_epoch();
		assert_eq!(closed_epochs(), vec![0, 1, 2]);
	});
}

#[test]
fn a_new_epoch_length_applies_from_the_next_epoch() {
	ExtBuilder::default().build_and_execute(|| {
		let mut params = default_params();
		params.epoch_length = 20;
		assert_ok!(Work::set_params(RuntimeOrigin::root(), params.clone()));
		assert_eq!(last_event(), Event::ParamsChanged { params });
		assert_eq!(CurrentEpoch::<Test>::get().length, EPOCH, "the running epoch keeps its length");
		next_epoch();
		assert_eq!(CurrentEpoch::<Test>::get(), EpochInfo { index: 1, start: EPOCH, length: 20 });
		run_to_block(EPOCH + 19);
		assert_eq!(epoch(), 1);
		run_to_block(EPOCH + 20);
		assert_eq!(epoch(), 2);
	});
}

#[test]
fn parameters_outside_the_bounds_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let cases: Vec<(fn(&mut ParamsOf<Test>), Error<Test>)> = vec![
			(|p| p.epoch_length = 4, Error::EpochLengthOutOfBounds),
			(|p| p.epoch_length = 1_001, Error::EpochLengthOutOfBounds),
			(|p| p.max_reading_age = 0, Error::ReadingAgeOutOfBounds),
			(|p| p.challenges_per_epoch = 5, Error::ChallengesOutOfBounds),
			(|p| p.response_window = 0, Error::ResponseWindowOutOfBounds),
			(|p| p.response_window = EPOCH + 1, Error::ResponseWindowOutOfBounds),
			(|p| p.max_witnesses = 0, Error::WitnessCapOutOfBounds),
			(|p| p.max_witnesses = MAX_WITNESSES + 1, Error::WitnessCapOutOfBounds),
			(|p| p.min_witness_distance_m = 60_000, Error::WitnessDistanceOutOfBounds),
			(|p| p.fraud_report_bond = 0, Error::FraudBondOutOfBounds),
		];
		for (change, error) in cases {
			let mut params = default_params();
			change(&mut params);
			assert_noop!(Work::set_params(RuntimeOrigin::root(), params), error);
		}
		assert_noop!(
			Work::set_params(RuntimeOrigin::signed(ALICE), default_params()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn the_clock_and_ledger_traits_read_the_pallet() {
	ExtBuilder::default().build_and_execute(|| {
		add_device(1, ALICE, SENSOR);
		let r = report(1, telemetry(30));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert_eq!(<Work as EpochClock<BlockNumber>>::current_epoch(), 0);
		assert_eq!(<Work as EpochClock<BlockNumber>>::epoch_start(0), Some(0));
		assert_eq!(<Work as EpochClock<BlockNumber>>::epoch_start(1), Some(EPOCH));
		assert_eq!(<Work as EpochClock<BlockNumber>>::epoch_start(2), None);
		assert_eq!(<Work as WorkLedger>::device_units(0, &device(1)), 30);
		assert_eq!(<Work as WorkLedger>::class_units(0, SENSOR), 30);
		assert_eq!(<Work as WorkLedger>::class_units(0, GPU), 0);
		assert!(!<Work as WorkLedger>::is_closed(0));
		assert_eq!(<Work as WorkLedger>::retained_epochs(), RETAINED);
		next_epoch();
		assert!(<Work as WorkLedger>::is_closed(0));
		assert!(!<Work as WorkLedger>::is_closed(1));
		assert_eq!(<Work as WorkLedger>::device_units(0, &device(1)), 30, "final, and kept");
		assert_eq!(Work::class_units_of(0), vec![(SENSOR, 30)]);
	});
}

#[test]
fn old_epochs_are_pruned_in_bounded_steps_after_the_retention_window() {
	let mut ext = ExtBuilder::default().build();
	ext.execute_with(|| {
		// Seven sensors report in epoch 0: seven device records, one class sum; six more
		// classes' sums stand for a chain with many classes.
		for seed in 1..=7 {
			add_device(seed, ALICE, SENSOR);
			let r = report(seed, telemetry(10));
			assert_ok!(submit_feeless(r.clone(), sign(seed, &r)));
		}
		for class in 100..106 {
			ClassUnits::<Test>::insert(0, class, 1);
		}
		next_epoch();
		assert_eq!(ClassUnits::<Test>::iter_prefix(0).count(), 7);
		// Epoch 0 is kept while it is among the last RETAINED closed epochs.
		for _ in 1..RETAINED {
			next_epoch();
		}
		assert_eq!(ClassUnits::<Test>::iter_prefix(0).count(), 7);
	});
	// Limits of a partial clear count keys in the database, not in the block's overlay: commit
	// after every block, as a node does.
	ext.commit_all().expect("commits");
	let left_after_block = |ext: &mut sp_io::TestExternalities, next: bool| {
		let left = ext.execute_with(|| {
			if next {
				next_epoch();
			} else {
				run_to_block(System::block_number() + 1);
			}
			ClassUnits::<Test>::iter_prefix(0).count()
		});
		ext.commit_all().expect("commits");
		left
	};
	// Then it goes, PruneBatch (3) entries per block.
	assert_eq!(left_after_block(&mut ext, true), 4);
	assert_eq!(left_after_block(&mut ext, false), 1);
	assert_eq!(left_after_block(&mut ext, false), 0);
	ext.execute_with(|| {
		assert_eq!(Work::class_units_of(0), vec![]);
		assert!(work_events().contains(&Event::EpochPruned { epoch: 0 }));
		assert_eq!(Pruning::<Test>::get().epoch, 1);
		assert_eq!(Work::oldest_retained_epoch(), 1);
		// Nothing else to prune: later blocks leave the cursor where it is.
		run_to_block(System::block_number() + 3);
		assert_eq!(Pruning::<Test>::get().epoch, 1);
		// Pruning never touches the devices' records: one each, whatever the epochs.
		assert_eq!(Ledger::<Test>::iter().count(), 7);
		Work::do_try_state().expect("invariants hold");
	});
}
