//! The invariants: random call sequences keep them, and broken states are caught.

use crate::{mock::*, *};
use depin_primitives::DeviceStatus;
use frame_support::traits::fungible::MutateHold;
use proptest::prelude::*;
use sp_core::Pair;

#[derive(Clone, Debug)]
enum Op {
	Register { owner: AccountId, seed: u8, with_location: bool },
	RegisterHotspot { owner: AccountId, seed: u8 },
	Deregister { owner: AccountId, seed: u8 },
	Withdraw { owner: AccountId, seed: u8 },
	SetLocation { owner: AccountId, seed: u8 },
	Offer { owner: AccountId, seed: u8, to: AccountId },
	Accept { who: AccountId, seed: u8 },
	Cancel { owner: AccountId, seed: u8 },
	Suspend { seed: u8 },
	Reinstate { seed: u8 },
	Retire { seed: u8 },
	Slash { seed: u8, amount: Balance },
	ApplyMaker { account: AccountId, key: u8 },
	ApproveMaker { id: MakerId },
	RevokeMaker { id: MakerId, slash: bool },
	RaiseBond { bond: Balance },
	Advance { blocks: u64 },
}

fn account() -> impl Strategy<Value = AccountId> {
	prop_oneof![Just(ALICE), Just(BOB), Just(CHARLIE), Just(POOR)]
}

fn seed() -> impl Strategy<Value = u8> {
	1u8..8
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		4 => (account(), seed(), any::<bool>())
			.prop_map(|(owner, seed, with_location)| Op::Register { owner, seed, with_location }),
		2 => (account(), seed()).prop_map(|(owner, seed)| Op::RegisterHotspot { owner, seed }),
		2 => (account(), seed()).prop_map(|(owner, seed)| Op::Deregister { owner, seed }),
		2 => (account(), seed()).prop_map(|(owner, seed)| Op::Withdraw { owner, seed }),
		1 => (account(), seed()).prop_map(|(owner, seed)| Op::SetLocation { owner, seed }),
		2 => (account(), seed(), account()).prop_map(|(owner, seed, to)| Op::Offer { owner, seed, to }),
		2 => (account(), seed()).prop_map(|(who, seed)| Op::Accept { who, seed }),
		1 => (account(), seed()).prop_map(|(owner, seed)| Op::Cancel { owner, seed }),
		1 => seed().prop_map(|seed| Op::Suspend { seed }),
		1 => seed().prop_map(|seed| Op::Reinstate { seed }),
		1 => seed().prop_map(|seed| Op::Retire { seed }),
		1 => (seed(), 0u128..150).prop_map(|(seed, amount)| Op::Slash { seed, amount }),
		1 => (account(), 1u8..4).prop_map(|(account, key)| Op::ApplyMaker { account, key }),
		1 => (0u32..4).prop_map(|id| Op::ApproveMaker { id }),
		1 => (0u32..4, any::<bool>()).prop_map(|(id, slash)| Op::RevokeMaker { id, slash }),
		1 => (10u128..1_000).prop_map(|bond| Op::RaiseBond { bond }),
		2 => (1u64..30).prop_map(|blocks| Op::Advance { blocks }),
	]
}

fn apply(op: Op) {
	use depin_primitives::DeviceRegistry;
	let o = RuntimeOrigin::signed;
	// Results are ignored on purpose: many random calls fail, and a failed call must leave the
	// invariants intact just as a successful one does.
	let _ = match op {
		Op::Register { owner, seed, with_location } => Registry::register_device(
			o(owner),
			device(seed),
			SENSOR,
			proof(seed, owner),
			None,
			with_location.then(berlin),
			Default::default(),
		),
		Op::RegisterHotspot { owner, seed } => {
			let maker = (0..NextMakerId::<Test>::get()).find(|m| {
				Makers::<Test>::get(m).is_some_and(|m| m.status == MakerStatus::Approved)
			});
			let attestation = maker.map(|m| {
				let key = Makers::<Test>::get(m).unwrap().key;
				let key_seed = (1u8..4).find(|s| maker_pair(*s).public() == key).unwrap();
				attest(m, key_seed, seed, HOTSPOT)
			});
			Registry::register_device(
				o(owner),
				device(seed),
				HOTSPOT,
				proof(seed, owner),
				attestation,
				Some(paris()),
				Default::default(),
			)
		},
		Op::Deregister { owner, seed } => Registry::deregister_device(o(owner), device(seed)),
		Op::Withdraw { owner, seed } => Registry::withdraw_bond(o(owner), device(seed)),
		Op::SetLocation { owner, seed } => Registry::set_location(o(owner), device(seed), berlin()),
		Op::Offer { owner, seed, to } => Registry::offer_transfer(o(owner), device(seed), to),
		Op::Accept { who, seed } => Registry::accept_transfer(o(who), device(seed)),
		Op::Cancel { owner, seed } => Registry::cancel_transfer(o(owner), device(seed)),
		Op::Suspend { seed } => Registry::suspend_device(RuntimeOrigin::root(), device(seed)),
		Op::Reinstate { seed } => Registry::reinstate_device(RuntimeOrigin::root(), device(seed)),
		Op::Retire { seed } => Registry::retire_device(RuntimeOrigin::root(), device(seed)),
		Op::Slash { seed, amount } => {
			<Registry as DeviceRegistry<AccountId, Balance>>::slash(&device(seed), amount)
				.map(|_| ())
		},
		Op::ApplyMaker { account, key } => Registry::apply_as_maker(
			o(account),
			maker_pair(key).public(),
			b"m".to_vec().try_into().unwrap(),
		),
		Op::ApproveMaker { id } => Registry::approve_maker(RuntimeOrigin::root(), id),
		Op::RevokeMaker { id, slash } => Registry::revoke_maker(RuntimeOrigin::root(), id, slash),
		Op::RaiseBond { bond } => {
			let mut c = Classes::<Test>::get(SENSOR).unwrap();
			c.bond = bond;
			Registry::update_class(RuntimeOrigin::root(), SENSOR, c)
		},
		Op::Advance { blocks } => {
			run_to_block(System::block_number() + blocks);
			Ok(())
		},
	};
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]

	#[test]
	fn random_call_sequences_keep_the_invariants(ops in proptest::collection::vec(op(), 1..60)) {
		ExtBuilder::default().build_and_execute(|| {
			for op in ops {
				// Each call runs in its own storage layer, as a dispatched extrinsic does.
				let _ = frame_support::storage::with_storage_layer(|| {
					apply(op);
					Ok::<(), sp_runtime::DispatchError>(())
				});
				Registry::do_try_state().expect("invariants hold after every call");
			}
		});
	}
}

#[test]
fn a_bond_held_behind_the_registry_is_caught() {
	ExtBuilder::default().build().execute_with(|| {
		register_sensor(ALICE, 1);
		assert!(Registry::do_try_state().is_ok());
		Balances::hold(&HoldReason::DeviceBond.into(), &ALICE, 1).unwrap();
		assert_eq!(
			Registry::do_try_state(),
			Err("held device bond differs from the recorded bonds".into())
		);
	});
}

#[test]
fn a_device_missing_from_its_index_is_caught() {
	ExtBuilder::default().build().execute_with(|| {
		register_sensor(ALICE, 1);
		OwnerDevices::<Test>::remove(ALICE);
		assert_eq!(
			Registry::do_try_state(),
			Err("device not exactly once in its owner's index".into())
		);
	});
}

#[test]
fn an_index_naming_another_owner_is_caught() {
	ExtBuilder::default().build().execute_with(|| {
		register_sensor(ALICE, 1);
		register_sensor(BOB, 2);
		OwnerDevices::<Test>::mutate(BOB, |l| l.try_push(device(1)).unwrap());
		assert_eq!(
			Registry::do_try_state(),
			Err("owner index names another owner's device".into())
		);
	});
}

#[test]
fn a_wrong_counter_is_caught() {
	ExtBuilder::default().build().execute_with(|| {
		register_sensor(ALICE, 1);
		// Writing around the counted map leaves its counter behind.
		let record = Devices::<Test>::get(device(1)).unwrap();
		let mut other = record.clone();
		other.bond = 0;
		other.status = DeviceStatus::Retired;
		frame_support::storage::unhashed::put(&Devices::<Test>::hashed_key_for(device(2)), &other);
		assert_eq!(Registry::do_try_state(), Err("device counter differs from the devices".into()));
	});
}

#[test]
fn a_retired_device_with_a_bond_is_caught() {
	ExtBuilder::default().build().execute_with(|| {
		register_sensor(ALICE, 1);
		assert!(Registry::do_try_state().is_ok());
		Devices::<Test>::mutate(device(1), |d| d.as_mut().unwrap().status = DeviceStatus::Retired);
		assert_eq!(Registry::do_try_state(), Err("retired device records a bond".into()));
	});
}

#[test]
fn a_maker_bond_out_of_step_is_caught() {
	ExtBuilder::default().build().execute_with(|| {
		approved_maker(CHARLIE, 1);
		Makers::<Test>::mutate(0, |m| m.as_mut().unwrap().bond = 1);
		assert_eq!(
			Registry::do_try_state(),
			Err("held maker bond differs from the recorded bonds".into())
		);
	});
}

#[test]
fn pages_of_an_owners_devices() {
	ExtBuilder::default().build_and_execute(|| {
		for seed in 1..=4 {
			register_sensor(ALICE, seed);
		}
		assert_eq!(Registry::devices_of(&ALICE, 0, 3), vec![device(1), device(2), device(3)]);
		assert_eq!(Registry::devices_of(&ALICE, 1, 3), vec![device(4)]);
		assert!(Registry::devices_of(&ALICE, 2, 3).is_empty());
		assert!(Registry::devices_of(&ALICE, 0, 0).is_empty());
		assert!(Registry::devices_of(&BOB, 0, 10).is_empty());
		assert_eq!(
			Registry::devices_of(&ALICE, u32::MAX, u32::MAX),
			Vec::<depin_primitives::DeviceId>::new()
		);
		let ids: Vec<_> = Registry::classes().into_iter().map(|(id, _)| id).collect();
		assert_eq!(ids, vec![SENSOR, HOTSPOT]);
		approved_maker(CHARLIE, 1);
		approved_maker(BOB, 2);
		approved_maker(ALICE, 3);
		let ids: Vec<_> = Registry::makers().into_iter().map(|(id, _)| id).collect();
		assert_eq!(ids, vec![0, 1, 2], "in id order");
	});
}
