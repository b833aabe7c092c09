//! Location changes (interval, burned fee, count) and metadata.

use crate::{mock::*, *};
use depin_primitives::Location;
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_core::H256;

#[test]
fn a_location_change_burns_the_fee_and_counts() {
	ExtBuilder::default().build_and_execute(|| {
		register_sensor(ALICE, 1);
		let issuance = Balances::total_issuance();
		// No location yet: the first one may be set at once.
		assert_ok!(Registry::set_location(RuntimeOrigin::signed(ALICE), device(1), berlin()));
		assert_eq!(
			last_event(),
			Event::LocationChanged {
				device: device(1),
				location: berlin(),
				fee: LOCATION_FEE,
				changes: 1
			}
		);
		assert_eq!(Balances::total_issuance(), issuance - LOCATION_FEE);
		assert_eq!(Balances::balance(&ALICE), ENDOWMENT - BOND - LOCATION_FEE);
		let d = Devices::<Test>::get(device(1)).unwrap();
		assert_eq!(
			(d.location, d.location_changed_at, d.location_changes),
			(Some(berlin()), Some(1), 1)
		);

		run_to_block(1 + LOCATION_INTERVAL - 1);
		assert_noop!(
			Registry::set_location(RuntimeOrigin::signed(ALICE), device(1), paris()),
			Error::<Test>::LocationChangedTooSoon
		);
		run_to_block(1 + LOCATION_INTERVAL);
		assert_ok!(Registry::set_location(RuntimeOrigin::signed(ALICE), device(1), paris()));
		let d = Devices::<Test>::get(device(1)).unwrap();
		assert_eq!((d.location, d.location_changes), (Some(paris()), 2));
		assert_eq!(Balances::total_issuance(), issuance - 2 * LOCATION_FEE);
	});
}

#[test]
fn the_registration_location_starts_the_interval() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(try_register(ALICE, 1, SENSOR, proof(1, ALICE), None, Some(berlin())));
		assert_noop!(
			Registry::set_location(RuntimeOrigin::signed(ALICE), device(1), paris()),
			Error::<Test>::LocationChangedTooSoon
		);
	});
}

#[test]
fn location_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::set_location(RuntimeOrigin::signed(ALICE), device(1), berlin()),
			Error::<Test>::DeviceNotFound
		);
		register_sensor(ALICE, 1);
		assert_noop!(
			Registry::set_location(RuntimeOrigin::signed(BOB), device(1), berlin()),
			Error::<Test>::NotDeviceOwner
		);
		assert_noop!(
			Registry::set_location(
				RuntimeOrigin::signed(ALICE),
				device(1),
				Location { lat: -90_000_001, lon: 0 }
			),
			Error::<Test>::InvalidLocation
		);
		// An owner who cannot pay the fee (keeping the existential deposit) changes nothing.
		let free = Balances::balance(&ALICE);
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(ALICE),
			BOB,
			free - LOCATION_FEE
		));
		assert_noop!(
			Registry::set_location(RuntimeOrigin::signed(ALICE), device(1), berlin()),
			Error::<Test>::LocationFeeNotAffordable
		);
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(ALICE), device(1)));
		assert_noop!(
			Registry::set_location(RuntimeOrigin::signed(ALICE), device(1), berlin()),
			Error::<Test>::DeviceNotLive
		);
	});
}

#[test]
fn a_zero_fee_burns_nothing() {
	let mut params = default_params();
	params.location_fee = 0;
	params.location_interval = 0;
	ExtBuilder::default().params(params).build_and_execute(|| {
		register_sensor(ALICE, 1);
		let issuance = Balances::total_issuance();
		assert_ok!(Registry::set_location(RuntimeOrigin::signed(ALICE), device(1), berlin()));
		assert_ok!(Registry::set_location(RuntimeOrigin::signed(ALICE), device(1), paris()));
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(Devices::<Test>::get(device(1)).unwrap().location_changes, 2);
	});
}

#[test]
fn metadata_is_replaced_by_the_owner_only() {
	ExtBuilder::default().build_and_execute(|| {
		let metadata = DeviceMetadata {
			firmware_hash: Some(H256::repeat_byte(1)),
			content_id: vec![9u8; MAX_CONTENT_ID_LEN as usize].try_into().unwrap(),
		};
		assert_noop!(
			Registry::set_metadata(RuntimeOrigin::signed(ALICE), device(1), metadata.clone()),
			Error::<Test>::DeviceNotFound
		);
		register_sensor(ALICE, 1);
		assert_noop!(
			Registry::set_metadata(RuntimeOrigin::signed(BOB), device(1), metadata.clone()),
			Error::<Test>::NotDeviceOwner
		);
		assert_ok!(Registry::set_metadata(
			RuntimeOrigin::signed(ALICE),
			device(1),
			metadata.clone()
		));
		assert_eq!(last_event(), Event::MetadataChanged { device: device(1) });
		assert_eq!(Devices::<Test>::get(device(1)).unwrap().metadata, metadata);
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(ALICE), device(1)));
		assert_noop!(
			Registry::set_metadata(RuntimeOrigin::signed(ALICE), device(1), Default::default()),
			Error::<Test>::DeviceNotLive
		);
	});
}

#[test]
fn a_content_id_over_the_bound_does_not_decode() {
	use codec::Decode;
	let too_long = vec![0u8; MAX_CONTENT_ID_LEN as usize + 1];
	let encoded = codec::Encode::encode(&(None::<H256>, too_long));
	assert!(DeviceMetadata::decode(&mut &encoded[..]).is_err());
}
