//! Deregistration, unbonding, suspension, retirement and slashing.

use crate::{mock::*, *};
use depin_primitives::{DeviceRegistry, DeviceStatus};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};

fn trait_status(seed: u8) -> Option<DeviceStatus> {
	<Registry as DeviceRegistry<AccountId, Balance>>::status(&device(seed))
}

#[test]
fn deregister_then_withdraw_after_unbonding() {
	ExtBuilder::default().build_and_execute(|| {
		register_sensor(ALICE, 1);
		run_to_block(3);
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(ALICE), device(1)));
		let until = 3 + UNBONDING;
		assert_eq!(
			last_event(),
			Event::DeviceDeregistered { device: device(1), owner: ALICE, unbonding_until: until }
		);
		let d = Devices::<Test>::get(device(1)).unwrap();
		assert_eq!((d.status, d.unbonding_until), (DeviceStatus::Deregistering, Some(until)));
		assert!(!<Registry as DeviceRegistry<AccountId, Balance>>::is_active(&device(1)));
		// The bond stays held during unbonding.
		assert_eq!(device_bond_held(ALICE), BOND);

		run_to_block(until - 1);
		assert_noop!(
			Registry::withdraw_bond(RuntimeOrigin::signed(ALICE), device(1)),
			Error::<Test>::UnbondingNotOver
		);
		run_to_block(until);
		assert_noop!(
			Registry::withdraw_bond(RuntimeOrigin::signed(BOB), device(1)),
			Error::<Test>::NotDeviceOwner
		);
		assert!(removed_devices().is_empty(), "refused withdrawals tell no one");
		assert_ok!(Registry::withdraw_bond(RuntimeOrigin::signed(ALICE), device(1)));
		// The pallets that keep records of the device are told once, with its last owner.
		assert_eq!(removed_devices(), vec![(device(1), ALICE)]);
		assert_eq!(
			last_event(),
			Event::BondWithdrawn { device: device(1), owner: ALICE, amount: BOND }
		);
		assert_eq!(device_bond_held(ALICE), 0);
		assert_eq!(Balances::balance(&ALICE), ENDOWMENT);
		assert!(Devices::<Test>::get(device(1)).is_none());
		assert!(!OwnerDevices::<Test>::contains_key(ALICE));
		assert_eq!(trait_status(1), None);

		// The key may register again, with a fresh proof.
		register_sensor(ALICE, 1);
	});
}

#[test]
fn lifecycle_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(ALICE), device(1)),
			Error::<Test>::DeviceNotFound
		);
		assert_noop!(
			Registry::withdraw_bond(RuntimeOrigin::signed(ALICE), device(1)),
			Error::<Test>::DeviceNotFound
		);
		register_sensor(ALICE, 1);
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(BOB), device(1)),
			Error::<Test>::NotDeviceOwner
		);
		assert_noop!(
			Registry::withdraw_bond(RuntimeOrigin::signed(ALICE), device(1)),
			Error::<Test>::DeviceNotDeregistering
		);
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(ALICE), device(1)));
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(ALICE), device(1)),
			Error::<Test>::DeviceNotLive
		);
	});
}

#[test]
fn suspend_and_reinstate() {
	ExtBuilder::default().build_and_execute(|| {
		register_sensor(ALICE, 1);
		assert_noop!(
			Registry::suspend_device(RuntimeOrigin::signed(ALICE), device(1)),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Registry::suspend_device(RuntimeOrigin::root(), device(9)),
			Error::<Test>::DeviceNotFound
		);
		assert_noop!(
			Registry::reinstate_device(RuntimeOrigin::root(), device(1)),
			Error::<Test>::DeviceNotSuspended
		);
		assert_ok!(Registry::suspend_device(RuntimeOrigin::root(), device(1)));
		assert_eq!(last_event(), Event::DeviceSuspended { device: device(1) });
		assert_eq!(trait_status(1), Some(DeviceStatus::Suspended));
		assert_noop!(
			Registry::suspend_device(RuntimeOrigin::root(), device(1)),
			Error::<Test>::DeviceNotActive
		);
		assert_ok!(Registry::reinstate_device(RuntimeOrigin::root(), device(1)));
		assert_eq!(trait_status(1), Some(DeviceStatus::Active));
		assert_noop!(
			Registry::reinstate_device(RuntimeOrigin::root(), device(9)),
			Error::<Test>::DeviceNotFound
		);
		// A suspended device may still deregister and get its bond back.
		assert_ok!(Registry::suspend_device(RuntimeOrigin::root(), device(1)));
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(ALICE), device(1)));
		assert_noop!(
			Registry::reinstate_device(RuntimeOrigin::root(), device(1)),
			Error::<Test>::DeviceNotSuspended
		);
	});
}

#[test]
fn suspension_through_the_trait_is_idempotent() {
	ExtBuilder::default().build_and_execute(|| {
		assert!(<Registry as DeviceRegistry<AccountId, Balance>>::suspend(&device(1)).is_err());
		register_sensor(ALICE, 1);
		assert_ok!(<Registry as DeviceRegistry<AccountId, Balance>>::suspend(&device(1)));
		assert_eq!(trait_status(1), Some(DeviceStatus::Suspended));
		let events = registry_events().len();
		assert_ok!(<Registry as DeviceRegistry<AccountId, Balance>>::suspend(&device(1)));
		assert_eq!(registry_events().len(), events, "no second event");
	});
}

#[test]
fn a_rewarding_slash_pays_the_prover_its_share_and_the_rest_to_the_destination() {
	ExtBuilder::default().build_and_execute(|| {
		register_sensor(ALICE, 1);
		let pot = Balances::balance(&SLASH_POT);
		let prover = Balances::balance(&CHARLIE);
		let issuance = Balances::total_issuance();
		let (taken, rewarded) = <Registry as DeviceRegistry<AccountId, Balance>>::slash_rewarding(
			&device(1),
			40,
			&CHARLIE,
			sp_runtime::Perbill::from_percent(25),
		)
		.unwrap();
		assert_eq!((taken, rewarded), (40, 10));
		assert_eq!(
			last_event(),
			Event::DeviceSlashed { device: device(1), amount: 40, rewarded: 10 }
		);
		assert_eq!(Balances::balance(&CHARLIE), prover + 10);
		assert_eq!(Balances::balance(&SLASH_POT), pot + 30);
		assert_eq!(device_bond_held(ALICE), BOND - 40);
		assert_eq!(Balances::total_issuance(), issuance, "moved, not burned");

		// A rewardee that cannot exist (reward below the existential deposit of a new account)
		// leaves the reward to the destination.
		let pot = Balances::balance(&SLASH_POT);
		let nobody: AccountId = 4242;
		let (taken, rewarded) = <Registry as DeviceRegistry<AccountId, Balance>>::slash_rewarding(
			&device(1),
			1,
			&nobody,
			sp_runtime::Perbill::from_percent(50),
		)
		.unwrap();
		assert_eq!((taken, rewarded), (1, 0));
		assert_eq!(Balances::balance(&SLASH_POT), pot + 1);
		assert!(<Registry as DeviceRegistry<AccountId, Balance>>::slash_rewarding(
			&device(9),
			1,
			&CHARLIE,
			sp_runtime::Perbill::one()
		)
		.is_err());
	});
}

#[test]
fn slashing_through_the_trait_takes_from_the_bond_to_the_destination() {
	ExtBuilder::default().build_and_execute(|| {
		register_sensor(ALICE, 1);
		let pot = Balances::balance(&SLASH_POT);
		let issuance = Balances::total_issuance();
		let taken =
			<Registry as DeviceRegistry<AccountId, Balance>>::slash(&device(1), 30).unwrap();
		assert_eq!(taken, 30);
		assert_eq!(
			last_event(),
			Event::DeviceSlashed { device: device(1), amount: 30, rewarded: 0 }
		);
		assert_eq!(Devices::<Test>::get(device(1)).unwrap().bond, BOND - 30);
		assert_eq!(device_bond_held(ALICE), BOND - 30);
		assert_eq!(Balances::balance(&SLASH_POT), pot + 30);
		assert_eq!(Balances::total_issuance(), issuance, "moved, not burned");

		// More than is left takes what is left.
		let taken =
			<Registry as DeviceRegistry<AccountId, Balance>>::slash(&device(1), 1_000).unwrap();
		assert_eq!(taken, BOND - 30);
		assert_eq!(device_bond_held(ALICE), 0);
		// Nothing left: nothing taken, no event.
		let events = registry_events().len();
		assert_eq!(<Registry as DeviceRegistry<AccountId, Balance>>::slash(&device(1), 5), Ok(0));
		assert_eq!(registry_events().len(), events);
		assert!(<Registry as DeviceRegistry<AccountId, Balance>>::slash(&device(9), 5).is_err());

		// A deregistering device can still be slashed; withdrawing returns what is left.
		register_sensor(BOB, 2);
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(BOB), device(2)));
		assert_eq!(<Registry as DeviceRegistry<AccountId, Balance>>::slash(&device(2), 40), Ok(40));
		run_to_block(1 + UNBONDING);
		assert_ok!(Registry::withdraw_bond(RuntimeOrigin::signed(BOB), device(2)));
		assert_eq!(
			last_event(),
			Event::BondWithdrawn { device: device(2), owner: BOB, amount: BOND - 40 }
		);
		assert_eq!(Balances::balance(&BOB), ENDOWMENT - 40);
	});
}

#[test]
fn retiring_slashes_everything_and_bars_the_key_for_good() {
	ExtBuilder::default().build_and_execute(|| {
		register_sensor(ALICE, 1);
		register_sensor(ALICE, 2);
		assert_ok!(Registry::offer_transfer(RuntimeOrigin::signed(ALICE), device(1), BOB));
		let pot = Balances::balance(&SLASH_POT);
		assert_noop!(
			Registry::retire_device(RuntimeOrigin::signed(ALICE), device(1)),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Registry::retire_device(RuntimeOrigin::root(), device(9)),
			Error::<Test>::DeviceNotFound
		);
		assert_ok!(Registry::retire_device(RuntimeOrigin::root(), device(1)));
		assert_eq!(last_event(), Event::DeviceRetired { device: device(1), slashed: BOND });
		assert_eq!(Balances::balance(&SLASH_POT), pot + BOND);
		assert_eq!(device_bond_held(ALICE), BOND, "the other device's bond stays");
		assert_eq!(trait_status(1), Some(DeviceStatus::Retired));
		assert_eq!(OwnerDevices::<Test>::get(ALICE).into_inner(), vec![device(2)]);
		assert!(TransferOffers::<Test>::get(device(1)).is_none());
		assert_noop!(
			Registry::retire_device(RuntimeOrigin::root(), device(1)),
			Error::<Test>::DeviceAlreadyRetired
		);
		assert_noop!(
			try_register(BOB, 1, SENSOR, proof(1, BOB), None, None),
			Error::<Test>::DeviceKeyRetired
		);
		// The owner can do nothing more with it.
		assert_noop!(
			Registry::deregister_device(RuntimeOrigin::signed(ALICE), device(1)),
			Error::<Test>::DeviceNotLive
		);
		assert_noop!(
			Registry::withdraw_bond(RuntimeOrigin::signed(ALICE), device(1)),
			Error::<Test>::DeviceNotDeregistering
		);
	});
}
