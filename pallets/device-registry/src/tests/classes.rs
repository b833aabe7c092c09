//! Device classes and parameters, managed by the admin origin within the runtime's bounds.

use crate::{mock::*, *};
use depin_primitives::{ClassInfo, DeviceRegistry, ProofKind};
use frame_support::{assert_noop, assert_ok};

#[test]
fn genesis_creates_classes_and_params() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Classes::<Test>::count(), 2);
		assert_eq!(NextClassId::<Test>::get(), 2);
		assert_eq!(Params::<Test>::get(), default_params());
		assert_eq!(
			<Registry as DeviceRegistry<AccountId, Balance>>::class_ids(),
			vec![SENSOR, HOTSPOT]
		);
		assert_eq!(
			<Registry as DeviceRegistry<AccountId, Balance>>::class_info(HOTSPOT),
			Some(ClassInfo {
				proof_kind: ProofKind::WitnessedCoverage,
				reward_weight: 10,
				max_units_per_epoch: 1_000
			})
		);
		assert_eq!(<Registry as DeviceRegistry<AccountId, Balance>>::class_info(9), None);
	});
}

#[test]
fn create_and_update_a_class() {
	ExtBuilder::default().no_classes().build_and_execute(|| {
		let gpu = class("gpu", ProofKind::CustomerReceipt, false, false);
		assert_noop!(
			Registry::create_class(RuntimeOrigin::signed(ALICE), gpu.clone()),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Registry::create_class(RuntimeOrigin::root(), gpu.clone()));
		assert_eq!(last_event(), Event::ClassCreated { class: 0, info: gpu.clone() });
		assert_eq!(Classes::<Test>::get(0), Some(gpu.clone()));

		let mut changed = gpu.clone();
		changed.bond = 1_000;
		changed.reward_weight = 0;
		changed.requires_location = true;
		assert_noop!(
			Registry::update_class(RuntimeOrigin::signed(ALICE), 0, changed.clone()),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Registry::update_class(RuntimeOrigin::root(), 0, changed.clone()));
		assert_eq!(last_event(), Event::ClassUpdated { class: 0, info: changed.clone() });
		assert_eq!(Classes::<Test>::get(0), Some(changed));
	});
}

#[test]
fn class_bounds_are_enforced() {
	ExtBuilder::default().build_and_execute(|| {
		let ok = class("x", ProofKind::AttestedTelemetry, false, false);
		let cases: Vec<(DeviceClass<Balance>, Error<Test>)> = vec![
			(DeviceClass { name: Default::default(), ..ok.clone() }, Error::<Test>::EmptyName),
			(DeviceClass { bond: 9, ..ok.clone() }, Error::<Test>::ClassBondOutOfBounds),
			(DeviceClass { bond: 1_001, ..ok.clone() }, Error::<Test>::ClassBondOutOfBounds),
			(
				DeviceClass { reward_weight: 1_001, ..ok.clone() },
				Error::<Test>::RewardWeightOutOfBounds,
			),
			(
				DeviceClass { max_units_per_epoch: 0, ..ok.clone() },
				Error::<Test>::MaxUnitsOutOfBounds,
			),
			(
				DeviceClass { max_units_per_epoch: 1_000_001, ..ok.clone() },
				Error::<Test>::MaxUnitsOutOfBounds,
			),
		];
		for (bad, error) in cases {
			let error: sp_runtime::DispatchError = error.into();
			assert_noop!(Registry::create_class(RuntimeOrigin::root(), bad.clone()), error);
			assert_noop!(Registry::update_class(RuntimeOrigin::root(), SENSOR, bad), error);
		}
		assert_noop!(
			Registry::update_class(RuntimeOrigin::root(), 9, ok.clone()),
			Error::<Test>::ClassNotFound
		);
		let coverage = DeviceClass { proof_kind: ProofKind::WitnessedCoverage, ..ok.clone() };
		assert_noop!(
			Registry::update_class(RuntimeOrigin::root(), SENSOR, coverage),
			Error::<Test>::ProofKindFixed
		);
		// MaxClasses is 4 in the mock; two exist from genesis.
		assert_ok!(Registry::create_class(RuntimeOrigin::root(), ok.clone()));
		assert_ok!(Registry::create_class(RuntimeOrigin::root(), ok.clone()));
		assert_noop!(
			Registry::create_class(RuntimeOrigin::root(), ok),
			Error::<Test>::TooManyClasses
		);
	});
}

#[test]
fn a_new_bond_applies_to_new_devices_only() {
	ExtBuilder::default().build_and_execute(|| {
		register_sensor(ALICE, 1);
		let mut sensor = Classes::<Test>::get(SENSOR).unwrap();
		sensor.bond = 300;
		assert_ok!(Registry::update_class(RuntimeOrigin::root(), SENSOR, sensor));
		register_sensor(ALICE, 2);
		assert_eq!(Devices::<Test>::get(device(1)).unwrap().bond, BOND);
		assert_eq!(Devices::<Test>::get(device(2)).unwrap().bond, 300);
	});
}

#[test]
fn params_are_set_within_bounds() {
	ExtBuilder::default().build_and_execute(|| {
		let ok = default_params();
		let cases = vec![
			(
				RegistryParams { location_fee: 51, ..ok.clone() },
				Error::<Test>::LocationFeeOutOfBounds,
			),
			(
				RegistryParams { location_interval: 1_001, ..ok.clone() },
				Error::<Test>::LocationIntervalOutOfBounds,
			),
			(
				RegistryParams { unbonding_period: 4, ..ok.clone() },
				Error::<Test>::UnbondingPeriodOutOfBounds,
			),
			(
				RegistryParams { unbonding_period: 1_001, ..ok.clone() },
				Error::<Test>::UnbondingPeriodOutOfBounds,
			),
			(RegistryParams { maker_bond: 99, ..ok.clone() }, Error::<Test>::MakerBondOutOfBounds),
			(
				RegistryParams { maker_bond: 5_001, ..ok.clone() },
				Error::<Test>::MakerBondOutOfBounds,
			),
		];
		for (bad, error) in cases {
			assert_noop!(Registry::set_params(RuntimeOrigin::root(), bad), error);
		}
		assert_noop!(
			Registry::set_params(RuntimeOrigin::signed(ALICE), ok.clone()),
			sp_runtime::DispatchError::BadOrigin
		);
		let new = RegistryParams {
			location_interval: 1_000,
			location_fee: 50,
			unbonding_period: 5,
			maker_bond: 5_000,
			maker_device_cap: 7,
		};
		assert_ok!(Registry::set_params(RuntimeOrigin::root(), new.clone()));
		assert_eq!(last_event(), Event::ParamsChanged { params: new.clone() });
		assert_eq!(Params::<Test>::get(), new);

		// The new unbonding period applies to the next deregistration.
		register_sensor(ALICE, 1);
		assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(ALICE), device(1)));
		assert_eq!(Devices::<Test>::get(device(1)).unwrap().unbonding_until, Some(1 + 5));
	});
}

#[test]
fn default_genesis_params_are_the_lowest_allowed() {
	ExtBuilder::default().params(Default::default()).build_and_execute(|| {
		let p = Params::<Test>::get();
		assert_eq!(p.unbonding_period, 5);
		assert_eq!(p.maker_bond, 100);
		assert_eq!(p.location_fee, 0);
	});
}

#[test]
#[should_panic(expected = "genesis registry parameters out of bounds")]
fn genesis_refuses_params_out_of_bounds() {
	let mut params = default_params();
	params.location_fee = 51;
	ExtBuilder::default().params(params).build();
}

#[test]
fn the_configuration_is_sound() {
	use frame_support::traits::Hooks;
	ExtBuilder::default().build_and_execute(|| {
		<Registry as Hooks<BlockNumber>>::integrity_test();
	});
}
