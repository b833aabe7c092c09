//! Transfer of a device by offer and acceptance.

use crate::{mock::*, *};
use depin_primitives::DeviceStatus;
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};

#[test]
fn the_new_owner_posts_the_current_bond_and_the_old_one_is_released() {
	ExtBuilder::default().build_and_execute(|| {
		register_sensor(ALICE, 1);
		// The class bond has gone up since Alice registered.
		let mut sensor = Classes::<Test>::get(SENSOR).unwrap();
		sensor.bond = BOND * 2;
		assert_ok!(Registry::update_class(RuntimeOrigin::root(), SENSOR, sensor));

		assert_ok!(Registry::offer_transfer(RuntimeOrigin::signed(ALICE), device(1), BOB));
		assert_eq!(
			last_event(),
			Event::TransferOffered { device: device(1), from: ALICE, to: BOB }
		);
		assert_eq!(TransferOffers::<Test>::get(device(1)), Some(BOB));
		run_to_block(5);
		assert_ok!(Registry::accept_transfer(RuntimeOrigin::signed(BOB), device(1)));
		assert_eq!(
			last_event(),
			Event::DeviceTransferred {
				device: device(1),
				from: ALICE,
				to: BOB,
				bond_released: BOND,
				bond_held: BOND * 2
			}
		);
		let d = Devices::<Test>::get(device(1)).unwrap();
		assert_eq!((d.owner, d.bond, d.registered_at), (BOB, BOND * 2, 5));
		assert_eq!(device_bond_held(ALICE), 0);
		assert_eq!(Balances::balance(&ALICE), ENDOWMENT);
		assert_eq!(device_bond_held(BOB), BOND * 2);
		assert!(!OwnerDevices::<Test>::contains_key(ALICE));
		assert_eq!(OwnerDevices::<Test>::get(BOB).into_inner(), vec![device(1)]);
		assert!(TransferOffers::<Test>::get(device(1)).is_none());
	});
}

#[test]
fn a_suspended_device_stays_suspended_across_a_transfer() {
	ExtBuilder::default().build_and_execute(|| {
		register_sensor(ALICE, 1);
		assert_ok!(Registry::suspend_device(RuntimeOrigin::root(), device(1)));
		assert_ok!(Registry::offer_transfer(RuntimeOrigin::signed(ALICE), device(1), BOB));
		assert_ok!(Registry::accept_transfer(RuntimeOrigin::signed(BOB), device(1)));
		assert_eq!(Devices::<Test>::get(device(1)).unwrap().status, DeviceStatus::Suspended);
	});
}

#[test]
fn transfer_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::offer_transfer(RuntimeOrigin::signed(ALICE), device(1), BOB),
			Error::<Test>::DeviceNotFound
		);
		assert_noop!(
			Registry::accept_transfer(RuntimeOrigin::signed(BOB), device(1)),
			Error::<Test>::DeviceNotFound
		);
		assert_noop!(
			Registry::cancel_transfer(RuntimeOrigin::signed(ALICE), device(1)),
			Error::<Test>::DeviceNotFound
		);
		register_sensor(ALICE, 1);
		assert_noop!(
			Registry::offer_transfer(RuntimeOrigin::signed(BOB), device(1), BOB),
			Error::<Test>::NotDeviceOwner
		);
		assert_noop!(
			Registry::offer_transfer(RuntimeOrigin::signed(ALICE), device(1), ALICE),
			Error::<Test>::TransferToSelf
		);
		assert_noop!(
			Registry::accept_transfer(RuntimeOrigin::signed(BOB), device(1)),
			Error::<Test>::NoTransferOffer
		);
		assert_noop!(
			Registry::cancel_transfer(RuntimeOrigin::signed(ALICE), device(1)),
			Error::<Test>::NoTransferOffer
		);
		assert_ok!(Registry::offer_transfer(RuntimeOrigin::signed(ALICE), device(1), BOB));
		assert_noop!(
			Registry::accept_transfer(RuntimeOrigin::signed(CHARLIE), device(1)),
			Error::<Test>::NotTransferRecipient
		);
		assert_noop!(
			Registry::cancel_transfer(RuntimeOrigin::signed(BOB), device(1)),
			Error::<Test>::NotDeviceOwner
		);
		// The recipient cannot afford the bond.
		assert_ok!(Registry::offer_transfer(RuntimeOrigin::signed(ALICE), device(1), POOR));
		assert_noop!(
			Registry::accept_transfer(RuntimeOrigin::signed(POOR), device(1)),
			Error::<Test>::BondNotAffordable
		);
		// The recipient owns the most devices already.
		for seed in 2..=5 {
			register_sensor(CHARLIE, seed);
		}
		assert_ok!(Registry::offer_transfer(RuntimeOrigin::signed(ALICE), device(1), CHARLIE));
		assert_noop!(
			Registry::accept_transfer(RuntimeOrigin::signed(CHARLIE), device(1)),
			Error::<Test>::TooManyDevices
		);
		assert_ok!(Registry::cancel_transfer(RuntimeOrigin::signed(ALICE), device(1)));
		assert_eq!(last_event(), Event::TransferCancelled { device: device(1) });
		assert_noop!(
			Registry::accept_transfer(RuntimeOrigin::signed(CHARLIE), device(1)),
			Error::<Test>::NoTransferOffer
		);
	});
}

#[test]
fn deregistering_withdraws_the_offer() {
	ExtBuilder::default().build_and_execute(|| {
		register_sensor(ALICE, 1);
		assert_ok!(Registry::offer_transfer(RuntimeOrigin::signed(ALICE), device(1), BOB));
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(ALICE), device(1)));
		assert_noop!(
			Registry::accept_transfer(RuntimeOrigin::signed(BOB), device(1)),
			Error::<Test>::NoTransferOffer
		);
		assert_noop!(
			Registry::offer_transfer(RuntimeOrigin::signed(ALICE), device(1), BOB),
			Error::<Test>::DeviceNotLive
		);
	});
}
