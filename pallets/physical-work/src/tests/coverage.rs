//! Witnessed coverage: beacons, witnesses, and every reason a witness is refused.

use crate::{mock::*, *};
use depin_primitives::{DeviceStatus, ProofKind};
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
