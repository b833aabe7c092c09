//! Makers: application, approval, attestation, revocation with lazy suspension.

use crate::{mock::*, *};
use depin_primitives::{DeviceRegistry, DeviceStatus};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_core::Pair;

fn name(s: &str) -> Name {
	s.as_bytes().to_vec().try_into().unwrap()
}

/// Registers hotspot `seed` for `owner` with `maker`'s attestation signed by key `key_seed`.
fn try_hotspot(
	owner: AccountId,
	seed: u8,
	maker: MakerId,
	key_seed: u8,
) -> sp_runtime::DispatchResult {
	try_register(
		owner,
		seed,
		HOTSPOT,
		proof(seed, owner),
		Some(attest(maker, key_seed, seed, HOTSPOT)),
		Some(berlin()),
	)
}

fn register_hotspot(owner: AccountId, seed: u8, maker: MakerId, key_seed: u8) {
	assert_ok!(try_hotspot(owner, seed, maker, key_seed));
}

fn status(seed: u8) -> Option<DeviceStatus> {
	<Registry as DeviceRegistry<AccountId, Balance>>::status(&device(seed))
}

#[test]
fn apply_holds_the_bond_and_approval_enables_attestation() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Registry::apply_as_maker(
			RuntimeOrigin::signed(CHARLIE),
			maker_pair(1).public(),
			name("Acme")
		));
		assert_eq!(
			last_event(),
			Event::MakerApplied {
				maker: 0,
				account: CHARLIE,
				key: maker_pair(1).public(),
				bond: MAKER_BOND
			}
		);
		assert_eq!(maker_bond_held(CHARLIE), MAKER_BOND);
		assert_eq!(Makers::<Test>::get(0).unwrap().status, MakerStatus::Pending);

		// Pending makers cannot attest yet.
		assert_noop!(
			try_register(
				ALICE,
				1,
				HOTSPOT,
				proof(1, ALICE),
				Some(attest(0, 1, 1, HOTSPOT)),
				Some(berlin())
			),
			Error::<Test>::MakerNotApproved
		);

		assert_ok!(Registry::approve_maker(RuntimeOrigin::root(), 0));
		assert_eq!(last_event(), Event::MakerApproved { maker: 0 });
		assert_eq!(Makers::<Test>::get(0).unwrap().status, MakerStatus::Approved);
		register_hotspot(ALICE, 1, 0, 1);
		assert_eq!(status(1), Some(DeviceStatus::Active));
	});
}

#[test]
fn maker_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::apply_as_maker(
				RuntimeOrigin::signed(CHARLIE),
				maker_pair(1).public(),
				name("")
			),
			Error::<Test>::EmptyName
		);
		assert_noop!(
			Registry::apply_as_maker(
				RuntimeOrigin::signed(POOR),
				maker_pair(1).public(),
				name("Poor")
			),
			Error::<Test>::MakerBondNotAffordable
		);
		assert_noop!(
			Registry::approve_maker(RuntimeOrigin::root(), 0),
			Error::<Test>::MakerNotFound
		);
		assert_noop!(
			Registry::revoke_maker(RuntimeOrigin::root(), 0, false),
			Error::<Test>::MakerNotFound
		);
		let id = approved_maker(CHARLIE, 1);
		assert_noop!(
			Registry::approve_maker(RuntimeOrigin::root(), id),
			Error::<Test>::MakerNotPending
		);
		assert_noop!(
			Registry::approve_maker(RuntimeOrigin::signed(CHARLIE), id),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Registry::revoke_maker(RuntimeOrigin::signed(CHARLIE), id, false),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Registry::revoke_maker(RuntimeOrigin::root(), id, false));
		assert_noop!(
			Registry::revoke_maker(RuntimeOrigin::root(), id, true),
			Error::<Test>::MakerAlreadyRevoked
		);
		assert_noop!(
			Registry::approve_maker(RuntimeOrigin::root(), id),
			Error::<Test>::MakerNotPending
		);
	});
}

#[test]
fn the_maker_limit_holds() {
	ExtBuilder::default().build_and_execute(|| {
		// MaxMakers is 3 in the mock.
		for (account, seed) in [(ALICE, 1), (BOB, 2), (CHARLIE, 3)] {
			assert_ok!(Registry::apply_as_maker(
				RuntimeOrigin::signed(account),
				maker_pair(seed).public(),
				name("m")
			));
		}
		assert_noop!(
			Registry::apply_as_maker(
				RuntimeOrigin::signed(ALICE),
				maker_pair(4).public(),
				name("m")
			),
			Error::<Test>::TooManyMakers
		);
		// Rejecting an application frees its place.
		assert_ok!(Registry::revoke_maker(RuntimeOrigin::root(), 1, false));
		assert!(Makers::<Test>::get(1).is_none());
		assert_ok!(Registry::apply_as_maker(
			RuntimeOrigin::signed(ALICE),
			maker_pair(4).public(),
			name("m")
		));
		assert_eq!(NextMakerId::<Test>::get(), 4);
	});
}

#[test]
fn a_class_that_needs_a_maker_refuses_devices_without_a_valid_attestation() {
	ExtBuilder::default().build_and_execute(|| {
		let id = approved_maker(CHARLIE, 1);
		let hotspot = |attestation| {
			try_register(ALICE, 1, HOTSPOT, proof(1, ALICE), attestation, Some(berlin()))
		};
		let cases = [
			(None, Error::<Test>::MakerAttestationRequired),
			// Signed by another key than the maker's.
			(Some(attest(id, 9, 1, HOTSPOT)), Error::<Test>::InvalidMakerAttestation),
			// The maker attested another device.
			(Some(attest(id, 1, 2, HOTSPOT)), Error::<Test>::InvalidMakerAttestation),
			// The maker attested the device for another class.
			(Some(attest(id, 1, 1, SENSOR)), Error::<Test>::InvalidMakerAttestation),
			(Some(attest(42, 1, 1, HOTSPOT)), Error::<Test>::MakerNotFound),
		];
		for (attestation, error) in cases {
			assert_noop!(hotspot(attestation), error);
		}
		// An attestation is checked even where the class does not need one.
		assert_noop!(
			try_register(ALICE, 1, SENSOR, proof(1, ALICE), Some(attest(id, 9, 1, SENSOR)), None),
			Error::<Test>::InvalidMakerAttestation
		);
	});
}

#[test]
fn revoking_a_maker_suspends_its_devices_without_touching_them() {
	ExtBuilder::default().build_and_execute(|| {
		let id = approved_maker(CHARLIE, 1);
		register_hotspot(ALICE, 1, id, 1);
		register_hotspot(BOB, 2, id, 1);
		register_sensor(ALICE, 3);
		let before = Devices::<Test>::get(device(1)).unwrap();

		assert_ok!(Registry::revoke_maker(RuntimeOrigin::root(), id, false));
		assert_eq!(
			last_event(),
			Event::MakerRevoked { maker: id, slashed: 0, released: MAKER_BOND }
		);
		assert_eq!(maker_bond_held(CHARLIE), 0);
		assert_eq!(Balances::balance(&CHARLIE), ENDOWMENT);
		let m = Makers::<Test>::get(id).unwrap();
		assert_eq!((m.status, m.bond), (MakerStatus::Revoked, 0));

		// Stored records are untouched; what others read is suspended.
		assert_eq!(Devices::<Test>::get(device(1)).unwrap(), before);
		assert_eq!(status(1), Some(DeviceStatus::Suspended));
		assert_eq!(status(2), Some(DeviceStatus::Suspended));
		assert!(!<Registry as DeviceRegistry<AccountId, Balance>>::is_active(&device(1)));
		assert_eq!(Registry::device_view(&device(2)).unwrap().status, DeviceStatus::Suspended);
		// A device of another maker (here: none) is not affected.
		assert_eq!(status(3), Some(DeviceStatus::Active));

		// The revoked maker attests no more.
		assert_noop!(
			try_register(
				ALICE,
				4,
				HOTSPOT,
				proof(4, ALICE),
				Some(attest(id, 1, 4, HOTSPOT)),
				Some(berlin())
			),
			Error::<Test>::MakerNotApproved
		);

		// Governance vouches for one device: it is detached from the maker and active again.
		assert_ok!(Registry::reinstate_device(RuntimeOrigin::root(), device(1)));
		assert_eq!(last_event(), Event::DeviceReinstated { device: device(1) });
		assert_eq!(Devices::<Test>::get(device(1)).unwrap().maker, None);
		assert_eq!(status(1), Some(DeviceStatus::Active));
		assert_eq!(status(2), Some(DeviceStatus::Suspended));
	});
}

#[test]
fn a_slashed_maker_bond_goes_to_the_slash_destination() {
	ExtBuilder::default().build_and_execute(|| {
		let id = approved_maker(CHARLIE, 1);
		let pot = Balances::balance(&SLASH_POT);
		assert_ok!(Registry::revoke_maker(RuntimeOrigin::root(), id, true));
		assert_eq!(
			last_event(),
			Event::MakerRevoked { maker: id, slashed: MAKER_BOND, released: 0 }
		);
		assert_eq!(Balances::balance(&SLASH_POT), pot + MAKER_BOND);
		assert_eq!(Balances::total_balance(&CHARLIE), ENDOWMENT - MAKER_BOND);
	});
}

#[test]
fn rejecting_an_application_returns_the_bond_and_forgets_it() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Registry::apply_as_maker(
			RuntimeOrigin::signed(CHARLIE),
			maker_pair(1).public(),
			name("Acme")
		));
		assert_ok!(Registry::revoke_maker(RuntimeOrigin::root(), 0, false));
		assert!(Makers::<Test>::get(0).is_none());
		assert_eq!(Makers::<Test>::count(), 0);
		assert_eq!(maker_bond_held(CHARLIE), 0);
		assert_eq!(Balances::balance(&CHARLIE), ENDOWMENT);
	});
}

#[test]
fn a_leaked_maker_key_registers_no_more_than_the_cap_and_revocation_stops_them_all() {
	ExtBuilder::default().build_and_execute(|| {
		let id = approved_maker(CHARLIE, 1);
		// Whoever holds the leaked maker key attests any device key it likes, under any
		// accounts: at most `maker_device_cap` (3 here) get registered.
		register_hotspot(ALICE, 1, id, 1);
		register_hotspot(BOB, 2, id, 1);
		register_hotspot(ALICE, 3, id, 1);
		assert_eq!(Makers::<Test>::get(id).unwrap().attested, MAKER_DEVICE_CAP);
		let free = Balances::balance(&BOB);
		let devices = Devices::<Test>::count();
		assert_noop!(try_hotspot(BOB, 4, id, 1), Error::<Test>::MakerDeviceCapReached);
		assert_eq!((Balances::balance(&BOB), Devices::<Test>::count()), (free, devices));
		// The cap counts attestations, not devices alive: one that leaves frees no place.
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(ALICE), device(3)));
		assert_noop!(try_hotspot(BOB, 4, id, 1), Error::<Test>::MakerDeviceCapReached);

		// Governance revokes the maker, slashing its bond: every device it attested stops
		// reporting at once (read as suspended, nothing iterated), whoever owns it.
		assert_ok!(Registry::revoke_maker(RuntimeOrigin::root(), id, true));
		assert_eq!(Balances::total_balance(&CHARLIE), ENDOWMENT - MAKER_BOND);
		for seed in [1, 2] {
			assert_eq!(status(seed), Some(DeviceStatus::Suspended));
			let (status, _) =
				<Registry as DeviceRegistry<AccountId, Balance>>::reporting(&device(seed))
					.expect("still registered");
			assert!(!status.can_report(), "a device of a revoked maker earns nothing");
		}
	});
}

#[test]
fn the_maker_device_cap_is_a_governance_parameter() {
	ExtBuilder::default().build_and_execute(|| {
		let id = approved_maker(CHARLIE, 1);
		register_hotspot(ALICE, 1, id, 1);
		let ok = Params::<Test>::get();
		assert_noop!(
			Registry::set_params(
				RuntimeOrigin::root(),
				RegistryParams { maker_device_cap: 0, ..ok.clone() }
			),
			Error::<Test>::MakerDeviceCapOutOfBounds
		);
		// Lowered to what the maker attested already: it attests no more.
		assert_ok!(Registry::set_params(
			RuntimeOrigin::root(),
			RegistryParams { maker_device_cap: 1, ..ok.clone() }
		));
		assert_noop!(try_hotspot(BOB, 2, id, 1), Error::<Test>::MakerDeviceCapReached);
		// Raised: it attests again; the devices it attested before are untouched.
		assert_ok!(Registry::set_params(
			RuntimeOrigin::root(),
			RegistryParams { maker_device_cap: 2, ..ok }
		));
		register_hotspot(BOB, 2, id, 1);
		assert_eq!(Makers::<Test>::get(id).unwrap().attested, 2);
		assert_eq!(status(1), Some(DeviceStatus::Active));
	});
}
