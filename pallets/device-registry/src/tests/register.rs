//! Registration: proof of possession, classes, bonds, limits.

use crate::{mock::*, *};
use depin_primitives::{DeviceRegistry, DeviceStatus, Location};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_core::{Pair, H256};

#[test]
fn register_holds_the_bond_and_records_the_device() {
	ExtBuilder::default().build_and_execute(|| {
		let metadata = DeviceMetadata {
			firmware_hash: Some(H256::repeat_byte(7)),
			content_id: b"bafy-device".to_vec().try_into().unwrap(),
		};
		assert_ok!(Registry::register_device(
			RuntimeOrigin::signed(ALICE),
			device(1),
			SENSOR,
			proof(1, ALICE),
			None,
			Some(berlin()),
			metadata.clone(),
		));
		let d = Devices::<Test>::get(device(1)).unwrap();
		assert_eq!(d.owner, ALICE);
		assert_eq!(d.class, SENSOR);
		assert_eq!(d.status, DeviceStatus::Active);
		assert_eq!(d.bond, BOND);
		assert_eq!(d.location, Some(berlin()));
		assert_eq!(d.location_changed_at, Some(1));
		assert_eq!(d.location_changes, 0);
		assert_eq!(d.metadata, metadata);
		assert_eq!(d.maker, None);
		assert_eq!(device_bond_held(ALICE), BOND);
		assert_eq!(Balances::balance(&ALICE), ENDOWMENT - BOND);
		assert_eq!(OwnerDevices::<Test>::get(ALICE).into_inner(), vec![device(1)]);
		assert_eq!(Devices::<Test>::count(), 1);
		assert_eq!(
			last_event(),
			Event::DeviceRegistered {
				device: device(1),
				owner: ALICE,
				class: SENSOR,
				maker: None,
				bond: BOND
			}
		);
		// Other pallets see it through the trait.
		assert_eq!(<Registry as DeviceRegistry<_, _>>::owner(&device(1)), Some(ALICE));
		assert!(<Registry as DeviceRegistry<AccountId, Balance>>::is_active(&device(1)));
		assert_eq!(
			<Registry as DeviceRegistry<AccountId, Balance>>::location(&device(1)),
			Some(berlin())
		);
	});
}

#[test]
fn a_proof_made_for_another_owner_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		// Bob holds a proof signed for Alice and tries to use it.
		assert_noop!(
			try_register(BOB, 1, SENSOR, proof(1, ALICE), None, None),
			Error::<Test>::InvalidPossessionProof
		);
	});
}

#[test]
fn a_signature_by_another_key_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		// Device 2 signs, but the call names device 1: nobody registers a key they do not hold.
		assert_noop!(
			try_register(ALICE, 1, SENSOR, proof(2, ALICE), None, None),
			Error::<Test>::InvalidPossessionProof
		);
	});
}

#[test]
fn a_signature_for_another_genesis_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let valid_until = 10;
		let other_chain = H256::repeat_byte(0xee);
		let payload = possession_payload(&ALICE, &other_chain, &valid_until);
		let proof = PossessionProof { valid_until, signature: device_pair(1).sign(&payload) };
		assert_noop!(
			try_register(ALICE, 1, SENSOR, proof, None, None),
			Error::<Test>::InvalidPossessionProof
		);
	});
}

#[test]
fn a_proof_whose_expiry_was_altered_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let mut p = proof(1, ALICE);
		p.valid_until += 1;
		assert_noop!(
			try_register(ALICE, 1, SENSOR, p, None, None),
			Error::<Test>::InvalidPossessionProof
		);
	});
}

#[test]
fn expired_and_too_long_proofs_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(50);
		assert_noop!(
			try_register(ALICE, 1, SENSOR, proof_until(1, ALICE, 49), None, None),
			Error::<Test>::ProofExpired
		);
		// MaxProofValidity is 100 blocks in the mock.
		assert_noop!(
			try_register(ALICE, 1, SENSOR, proof_until(1, ALICE, 151), None, None),
			Error::<Test>::ProofValidityTooLong
		);
		// Both ends of the window are accepted.
		assert_ok!(try_register(ALICE, 1, SENSOR, proof_until(1, ALICE, 50), None, None));
		assert_ok!(try_register(ALICE, 2, SENSOR, proof_until(2, ALICE, 150), None, None));
	});
}

#[test]
fn a_key_registers_once() {
	ExtBuilder::default().build_and_execute(|| {
		register_sensor(ALICE, 1);
		assert_noop!(
			try_register(BOB, 1, SENSOR, proof(1, BOB), None, None),
			Error::<Test>::DeviceAlreadyRegistered
		);
		assert_noop!(
			try_register(ALICE, 1, SENSOR, proof(1, ALICE), None, None),
			Error::<Test>::DeviceAlreadyRegistered
		);
	});
}

#[test]
fn unknown_class_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			try_register(ALICE, 1, 7, proof(1, ALICE), None, None),
			Error::<Test>::ClassNotFound
		);
	});
}

#[test]
fn a_bond_the_owner_cannot_afford_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			try_register(POOR, 1, SENSOR, proof(1, POOR), None, None),
			Error::<Test>::BondNotAffordable
		);
		// Exactly the bond with nothing left for the existential deposit is not enough either.
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), POOR, BOND));
		assert_noop!(
			try_register(POOR, 1, SENSOR, proof(1, POOR), None, None),
			Error::<Test>::BondNotAffordable
		);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), POOR, BOND + ED));
		register_sensor(POOR, 1);
		assert_eq!(device_bond_held(POOR), BOND);
	});
}

#[test]
fn the_per_owner_limit_holds() {
	ExtBuilder::default().build_and_execute(|| {
		// MaxDevicesPerOwner is 4 in the mock.
		for seed in 1..=4 {
			register_sensor(ALICE, seed);
		}
		assert_noop!(
			try_register(ALICE, 5, SENSOR, proof(5, ALICE), None, None),
			Error::<Test>::TooManyDevices
		);
		// Another owner is not affected.
		register_sensor(BOB, 5);
		assert_eq!(Devices::<Test>::count(), 5);
	});
}

#[test]
fn a_class_that_needs_a_location_gets_one() {
	ExtBuilder::default().build_and_execute(|| {
		let maker = approved_maker(CHARLIE, 1);
		assert_noop!(
			try_register(
				ALICE,
				1,
				HOTSPOT,
				proof(1, ALICE),
				Some(attest(maker, 1, 1, HOTSPOT)),
				None
			),
			Error::<Test>::LocationRequired
		);
		assert_noop!(
			try_register(
				ALICE,
				1,
				HOTSPOT,
				proof(1, ALICE),
				Some(attest(maker, 1, 1, HOTSPOT)),
				Some(Location { lat: 90_000_001, lon: 0 })
			),
			Error::<Test>::InvalidLocation
		);
		assert_ok!(try_register(
			ALICE,
			1,
			HOTSPOT,
			proof(1, ALICE),
			Some(attest(maker, 1, 1, HOTSPOT)),
			Some(berlin())
		));
		assert_eq!(
			last_event(),
			Event::DeviceRegistered {
				device: device(1),
				owner: ALICE,
				class: HOTSPOT,
				maker: Some(maker),
				bond: BOND
			}
		);
		assert_eq!(Devices::<Test>::get(device(1)).unwrap().maker, Some(maker));
	});
}

#[test]
fn an_invalid_location_is_refused_even_when_optional() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			try_register(
				ALICE,
				1,
				SENSOR,
				proof(1, ALICE),
				None,
				Some(Location { lat: 0, lon: -180_000_001 })
			),
			Error::<Test>::InvalidLocation
		);
	});
}

#[test]
fn unsigned_origins_cannot_register() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::register_device(
				RuntimeOrigin::none(),
				device(1),
				SENSOR,
				proof(1, ALICE),
				None,
				None,
				Default::default()
			),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}
