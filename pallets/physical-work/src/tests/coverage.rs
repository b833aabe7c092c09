//! Witnessed coverage: beacons, witnesses, and every reason a witness is refused.

use crate::{mock::*, *};
use depin_primitives::{DeviceStatus, ProofKind, WorkUnits};
use frame_support::assert_ok;

/// Hotspot 1 of ALICE beacons; hotspots 2, 3, 4 of BOB, CHARLIE and DAVE are 1, 2 and 3 km away.
fn hotspots() {
	add_device(1, ALICE, HOTSPOT);
	add_device(2, BOB, HOTSPOT);
	add_device(3, CHARLIE, HOTSPOT);
	add_device(4, DAVE, HOTSPOT);
}

fn refused(r: ReportOf<Test>, error: Error<Test>) {
	assert_refused(1, r, error);
}

#[test]
fn a_witnessed_beacon_credits_the_beaconer_and_each_witness() {
	ExtBuilder::default().build_and_execute(|| {
		hotspots();
		let r = report(1, coverage(1, &[2, 3]));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert!(work_events().contains(&Event::WitnessesCredited {
			beaconer: device(1),
			epoch: 0,
			witnesses: 2,
			units_each: 4,
		}));
		assert!(matches!(
			last_event(),
			Event::WorkAccepted { units: 20, kind: ProofKind::WitnessedCoverage, .. }
		));
		assert_eq!(Ledger::<Test>::get(device(1)).map(|e| e.units), Some(20));
		let witness = Ledger::<Test>::get(device(2)).expect("credited");
		assert_eq!((witness.units, witness.report), (4, None));
		assert_eq!(ClassUnits::<Test>::get(0, HOTSPOT), 28);

		// A witness still sends its own beacon, and may witness others again.
		let r = report(2, coverage(2, &[1, 3]));
		assert_ok!(submit_feeless(r.clone(), sign(2, &r)));
		assert_eq!(Ledger::<Test>::get(device(2)).map(|e| e.units), Some(24));
		assert_eq!(Ledger::<Test>::get(device(3)).map(|e| e.units), Some(8));
		assert_eq!(ClassUnits::<Test>::get(0, HOTSPOT), 20 + 24 + 8 + 4);
	});
}

#[test]
fn witness_credit_stops_at_the_class_limit() {
	ExtBuilder::default().build_and_execute(|| {
		hotspots();
		let mut params = default_params();
		params.witness_units = MAX_UNITS - 1;
		assert_ok!(Work::set_params(RuntimeOrigin::root(), params));
		let r = report(1, coverage(1, &[2]));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		let r = report(3, coverage(3, &[2]));
		assert_ok!(submit_feeless(r.clone(), sign(3, &r)));
		assert_eq!(Ledger::<Test>::get(device(2)).map(|e| e.units), Some(MAX_UNITS));
		assert_eq!(ClassUnits::<Test>::get(0, HOTSPOT), 10 + 10 + MAX_UNITS);
	});
}

#[test]
fn a_beacon_needs_a_location_and_witnesses_within_the_cap() {
	ExtBuilder::default().build_and_execute(|| {
		hotspots();
		add_device(5, ALICE, HOTSPOT);
		refused(report(1, coverage(1, &[])), Error::NoWitnesses);
		refused(report(1, coverage(1, &[2, 3, 4, 5])), Error::TooManyWitnesses);
		MockRegistry::add(device(1), ALICE, HOTSPOT, None);
		refused(report(1, coverage(1, &[2])), Error::MissingLocation);
	});
}

#[test]
fn self_duplicate_and_same_owner_witnesses_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		hotspots();
		add_device(5, ALICE, HOTSPOT);
		refused(report(1, coverage(1, &[2, 1])), Error::SelfWitness);
		refused(report(1, coverage(1, &[2, 2])), Error::DuplicateWitness);
		refused(report(1, coverage(1, &[5])), Error::WitnessSameOwner);
	});
}

#[test]
fn inactive_unknown_and_non_coverage_witnesses_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		hotspots();
		MockRegistry::set_status(&device(2), DeviceStatus::Suspended);
		refused(report(1, coverage(1, &[2])), Error::WitnessNotActive);
		refused(report(1, coverage(1, &[9])), Error::WitnessNotActive);
		add_device(6, BOB, SENSOR);
		refused(report(1, coverage(1, &[6])), Error::WitnessNotCoverageDevice);
		MockRegistry::add(device(7), BOB, HOTSPOT, None);
		refused(report(1, coverage(1, &[7])), Error::WitnessWithoutLocation);
		MockRegistry::add(device(8), BOB, 9, Some(near_berlin(0)));
		refused(report(1, coverage(1, &[8])), Error::ClassNotFound);
	});
}

#[test]
fn witnesses_too_close_or_too_far_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		hotspots();
		// 50 m from the beaconer (at 1 000 m).
		MockRegistry::add(device(5), BOB, HOTSPOT, Some(near_berlin(1_050)));
		refused(report(1, coverage(1, &[5])), Error::WitnessTooClose);
		// 60 km away.
		MockRegistry::add(device(6), BOB, HOTSPOT, Some(near_berlin(61_000)));
		refused(report(1, coverage(1, &[6])), Error::WitnessTooFar);
	});
}

#[test]
fn forged_witness_signatures_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		hotspots();
		// Witness 2's signature over another beacon (nonce 2, not the report's 1).
		let mut r = report(1, coverage(1, &[]));
		r.payload =
			ReportPayload::Coverage { witnesses: vec![witness(2, 1, 2)].try_into().unwrap() };
		refused(r.clone(), Error::InvalidWitnessSignature);
		// Another device's signature under witness 2's name.
		let mut forged = witness(3, 1, 1);
		forged.device = device(2);
		r.payload = ReportPayload::Coverage { witnesses: vec![forged].try_into().unwrap() };
		refused(r, Error::InvalidWitnessSignature);
	});
}

/// A ring of `n` (at most 16) hotspots under `n` owners, all in one cell, on a grid four wide
/// with points 222 m apart north to south and 135 m east to west, where every device beacons
/// once an epoch with the next three as witnesses; returns what the ring was credited in the
/// epoch (every device's units, summed) and the class sum.
fn ring(n: u8) -> (WorkUnits, WorkUnits) {
	for seed in 1..=n {
		// All in the cell (5252, 1340): 52.52° to 52.53° north, 13.40° to 13.41° east.
		let (row, column) = (i32::from(seed - 1) / 4, i32::from(seed - 1) % 4);
		let location = depin_primitives::Location {
			lat: 52_520_500 + row * 2_000,
			lon: 13_400_500 + column * 2_000,
		};
		MockRegistry::add(device(seed), 100 + u64::from(seed), HOTSPOT, Some(location));
	}
	for seed in 1..=n {
		let witnesses: Vec<u8> = (1..=3).map(|k| (seed - 1 + k) % n + 1).collect();
		let r = report(seed, coverage(seed, &witnesses));
		assert_ok!(submit_feeless(r.clone(), sign(seed, &r)));
	}
	let credited = (1..=n).filter_map(|s| Ledger::<Test>::get(device(s))).map(|w| w.units).sum();
	(credited, ClassUnits::<Test>::get(epoch(), HOTSPOT))
}

/// The ring's cell is worth 100 units an epoch.
fn small_cells() {
	let rule = CoverageRule { cell_udeg: 10_000, cell_units: 100, witness_needs_maker: false };
	assert_ok!(Work::set_coverage_rule(RuntimeOrigin::root(), HOTSPOT, Some(rule)));
}

#[test]
fn a_ring_in_one_cell_earns_what_the_cell_is_worth_however_many_devices_it_has() {
	for n in [4u8, 8, 16] {
		ExtBuilder::default().build_and_execute(|| {
			small_cells();
			// Unbounded, every beacon would earn 3 × 10 + 3 × 4 = 42 units: 42 × n in all.
			let (credited, class_sum) = ring(n);
			assert_eq!(credited, class_sum);
			assert_eq!(credited, 100, "a ring of {n} earns the cell's worth, not 42 × {n}");
			assert_eq!(CellWork::<Test>::get((HOTSPOT, (5252, 1340))), Some((0, 100)));
			// The next epoch the cell is worth the same again, and no more (the ring's pairs
			// now repeat, so each beacon also earns less).
			next_epoch();
			let (credited, class_sum) = ring(n);
			assert_eq!(credited, class_sum);
			assert!(class_sum <= 100, "ring of {n}: {class_sum}");
		});
	}
}

#[test]
fn devices_spread_over_cells_earn_each_cell_once() {
	ExtBuilder::default().build_and_execute(|| {
		small_cells();
		// Hotspots 1 to 4 are 1 km apart, in four cells: each beacon is paid in full.
		hotspots();
		for (seed, witnesses) in [(1u8, [2u8, 3]), (2, [3, 4]), (3, [1, 4]), (4, [1, 2])] {
			let r = report(seed, coverage(seed, &witnesses));
			assert_ok!(submit_feeless(r.clone(), sign(seed, &r)));
		}
		assert_eq!(ClassUnits::<Test>::get(0, HOTSPOT), 4 * (20 + 2 * 4));
	});
}

#[test]
fn a_cell_that_runs_out_pays_the_witnesses_an_equal_share_of_the_rest() {
	ExtBuilder::default().build_and_execute(|| {
		hotspots();
		let rule = CoverageRule { cell_udeg: 10_000, cell_units: 23, witness_needs_maker: false };
		assert_ok!(Work::set_coverage_rule(RuntimeOrigin::root(), HOTSPOT, Some(rule)));
		// The beaconer takes its 20, the two witnesses share the 3 left: 1 each (1 stays).
		let r = report(1, coverage(1, &[2, 3]));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert!(work_events().contains(&Event::WitnessesCredited {
			beaconer: device(1),
			epoch: 0,
			witnesses: 2,
			units_each: 1,
		}));
		assert_eq!(ClassUnits::<Test>::get(0, HOTSPOT), 22);
		let cell = CoverageRule::cell(&rule, &near_berlin(1_000));
		assert_eq!(CellWork::<Test>::get((HOTSPOT, cell)), Some((0, 22)));
	});
}

#[test]
fn a_class_may_require_maker_attested_witnesses() {
	ExtBuilder::default().build_and_execute(|| {
		hotspots();
		let rule = CoverageRule { cell_udeg: 10_000, cell_units: 1_000, witness_needs_maker: true };
		assert_ok!(Work::set_coverage_rule(RuntimeOrigin::root(), HOTSPOT, Some(rule)));
		assert_eq!(last_event(), Event::CoverageRuleSet { class: HOTSPOT, rule: Some(rule) });
		MockRegistry::set_attested(&device(2));
		// Witness 3 has no maker: a software witness cannot vouch for a beacon.
		refused(report(1, coverage(1, &[2, 3])), Error::WitnessNotAttested);
		assert_eq!(Ledger::<Test>::get(device(1)), None);
		let r = report(1, coverage(1, &[2]));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		// Back to the default rule, which needs no maker in the mock.
		assert_ok!(Work::set_coverage_rule(RuntimeOrigin::root(), HOTSPOT, None));
		assert_eq!(CoverageRules::<Test>::get(HOTSPOT), None);
		let r = report(4, coverage(4, &[3]));
		assert_ok!(submit_feeless(r.clone(), sign(4, &r)));
	});
}

#[test]
fn bad_coverage_rules_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let ok = CoverageRule { cell_udeg: 10_000, cell_units: 100, witness_needs_maker: false };
		let set = |class, rule| Work::set_coverage_rule(RuntimeOrigin::root(), class, Some(rule));
		frame_support::assert_noop!(set(SENSOR, ok), Error::<Test>::NotCoverageClass);
		frame_support::assert_noop!(set(9, ok), Error::<Test>::ClassNotFound);
		frame_support::assert_noop!(
			set(HOTSPOT, CoverageRule { cell_udeg: 0, ..ok }),
			Error::<Test>::CellSizeOutOfBounds
		);
		frame_support::assert_noop!(
			set(HOTSPOT, CoverageRule { cell_udeg: 360_000_001, ..ok }),
			Error::<Test>::CellSizeOutOfBounds
		);
		frame_support::assert_noop!(
			set(HOTSPOT, CoverageRule { cell_units: 0, ..ok }),
			Error::<Test>::CellUnitsOutOfBounds
		);
		frame_support::assert_noop!(
			Work::set_coverage_rule(RuntimeOrigin::signed(ALICE), HOTSPOT, Some(ok)),
			sp_runtime::DispatchError::BadOrigin
		);
		let mut params = default_params();
		params.coverage.cell_units = 0;
		frame_support::assert_noop!(
			Work::set_params(RuntimeOrigin::root(), params),
			Error::<Test>::CellUnitsOutOfBounds
		);
	});
}

#[test]
fn a_pair_that_meets_epoch_after_epoch_earns_a_falling_share() {
	ExtBuilder::default().build_and_execute(|| {
		hotspots();
		// Beacon units 10, witness units 4: halved for each epoch in a row the pair met
		// before, down to a quarter.
		let mut seen = Vec::new();
		for _ in 0..4 {
			let r = report(1, coverage(1, &[2]));
			assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
			let units = |seed| Ledger::<Test>::get(device(seed)).map_or(0, |w| w.units);
			seen.push((units(1), units(2)));
			next_epoch();
		}
		assert_eq!(seen, vec![(10, 4), (5, 2), (2, 1), (2, 1)]);
		// A fresh witness beside the old one is paid in full; the old pair stays low.
		let r = report(1, coverage(1, &[2, 3]));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert_eq!(Ledger::<Test>::get(device(3)).map(|w| w.units), Some(4));
		assert_eq!(Ledger::<Test>::get(device(2)).map(|w| w.units), Some(1));
		assert_eq!(Ledger::<Test>::get(device(1)).map(|w| w.units), Some(2 + 10));
		// An epoch apart, the pair starts afresh.
		next_epoch();
		next_epoch();
		let r = report(1, coverage(1, &[2]));
		assert_ok!(submit_feeless(r.clone(), sign(1, &r)));
		assert_eq!(Ledger::<Test>::get(device(2)).map(|w| w.units), Some(4));
		// The streaks leave with the device (once its epoch has closed, as a withdrawal does).
		next_epoch();
		assert!(BeaconPairs::<Test>::contains_key(device(1)));
		<Work as depin_primitives::OnDeviceRemoved<AccountId>>::on_device_removed(
			&device(1),
			&ALICE,
		);
		assert!(!BeaconPairs::<Test>::contains_key(device(1)));
	});
}
