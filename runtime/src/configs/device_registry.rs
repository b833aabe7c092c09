//! The device registry: bounds, and the classes and parameters a chain starts with.
//!
//! A chain builder changes the device classes of the network in [`genesis_classes`] and the
//! limits within which governance may move the parameters in the `parameter_types!` below.

use alloc::{vec, vec::Vec};
use depin_primitives::ProofKind;
use frame_support::{parameter_types, traits::ConstU32};
use pallet_device_registry::{DeviceClass, RegistryParams};

use crate::{
	token::UNIT, Balance, Balances, BlockNumber, Runtime, RuntimeHoldReason, DAYS, HOURS, MINUTES,
};

parameter_types! {
	/// A possession proof may be used up to a day after it was signed.
	pub const MaxProofValidity: BlockNumber = DAYS;
	pub const MinClassBond: Balance = UNIT;
	pub const MaxClassBond: Balance = 1_000_000 * UNIT;
	pub const MaxUnitsPerEpoch: u64 = 1_000_000_000_000;
	pub const MaxLocationFee: Balance = 1_000 * UNIT;
	pub const MaxLocationInterval: BlockNumber = 30 * DAYS;
	/// Ten blocks, so that development chains can show the whole lifecycle in a minute.
	pub const MinUnbondingPeriod: BlockNumber = 10;
	pub const MaxUnbondingPeriod: BlockNumber = 90 * DAYS;
	pub const MinMakerBond: Balance = 100 * UNIT;
	pub const MaxMakerBond: Balance = 10_000_000 * UNIT;
}

impl pallet_device_registry::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AdminOrigin = super::dao::DevicesOrigin;
	// Slashed bonds go to the treasury, where governance may grant them.
	type OnSlash = pallet_buyback_treasury::SlashRevenue<Runtime>;
	// A device that leaves takes its records with it: the ledger hands its closed work to
	// reward emission and the market first; emission then pays what the device accrued to its
	// owner, and the market ends the device's orders and drops its offers.
	type OnDeviceRemoved = (crate::PhysicalWork, crate::RewardEmission, crate::ServiceMarket);
	// 512 keys of 32 bytes: the index an operator's calls read is at most 16 KiB.
	type MaxDevicesPerOwner = ConstU32<512>;
	type MaxClasses = ConstU32<32>;
	type MaxMakers = ConstU32<256>;
	type MaxProofValidity = MaxProofValidity;
	type MinClassBond = MinClassBond;
	type MaxClassBond = MaxClassBond;
	type MaxRewardWeight = ConstU32<1_000_000>;
	type MaxUnitsPerEpoch = MaxUnitsPerEpoch;
	type MaxLocationFee = MaxLocationFee;
	type MaxLocationInterval = MaxLocationInterval;
	type MinUnbondingPeriod = MinUnbondingPeriod;
	type MaxUnbondingPeriod = MaxUnbondingPeriod;
	type MinMakerBond = MinMakerBond;
	type MaxMakerBond = MaxMakerBond;
	type WeightInfo = pallet_device_registry::weights::SubstrateWeight<Runtime>;
}

fn class(
	name: &str,
	proof_kind: ProofKind,
	bond: Balance,
	reward_weight: u32,
	max_units_per_epoch: u64,
	requires_maker: bool,
	requires_location: bool,
) -> DeviceClass<Balance> {
	DeviceClass {
		name: name.as_bytes().to_vec().try_into().expect("class names are short"),
		proof_kind,
		bond,
		reward_weight,
		max_units_per_epoch,
		requires_maker,
		requires_location,
	}
}

/// The device classes every preset starts with; ids follow this order.
///
/// | id | class | proof kind | bond | weight |
/// | --- | --- | --- | --- | --- |
/// | 0 | wireless hotspot (maker-attested, located) | witnessed coverage | 100 | 40 |
/// | 1 | storage node | challenge–response | 200 | 30 |
/// | 2 | GPU worker | customer receipt | 500 | 20 |
/// | 3 | environmental sensor (located; maker-attested except on development chains) | attested telemetry | 10 | 10 |
///
/// A telemetry device's units are what it says it measured: only hardware whose key a maker
/// vouches for can be trusted to say it, so the sensor class requires a maker attestation on
/// local and production chains. Development chains (`open_sensors`) keep it open, so that a key
/// from `depin device keygen` reports at once; nothing there is worth farming.
pub fn genesis_classes(open_sensors: bool) -> Vec<DeviceClass<Balance>> {
	vec![
		class("wireless hotspot", ProofKind::WitnessedCoverage, 100 * UNIT, 40, 10_000, true, true),
		class(
			"storage node",
			ProofKind::ChallengeResponse,
			200 * UNIT,
			30,
			1_000_000,
			false,
			false,
		),
		class("gpu worker", ProofKind::CustomerReceipt, 500 * UNIT, 20, 100_000, false, false),
		class("sensor", ProofKind::AttestedTelemetry, 10 * UNIT, 10, 1_000, !open_sensors, true),
	]
}

/// Parameters of a live network: a location change per hour for one token, four weeks of
/// unbonding, a maker bond of 10 000 tokens, and at most 10 000 devices per maker (a leaked
/// maker key registers no more before governance revokes it; the DAO raises the cap as makers
/// ship more).
pub fn production_params() -> RegistryParams<Balance, BlockNumber> {
	RegistryParams {
		location_interval: HOURS,
		location_fee: UNIT,
		unbonding_period: 28 * DAYS,
		maker_bond: 10_000 * UNIT,
		maker_device_cap: 10_000,
	}
}

/// Parameters of development and local chains: the same fees, but a location change per
/// minute and ten blocks of unbonding, so that a whole device lifecycle fits in a test.
pub fn development_params() -> RegistryParams<Balance, BlockNumber> {
	RegistryParams {
		location_interval: MINUTES,
		unbonding_period: MinUnbondingPeriod::get(),
		..production_params()
	}
}

/// Writes an active device of `class` for `owner` straight into the registry, for the
/// benchmarks of other pallets, which measure their own work, not registration.
#[cfg(feature = "runtime-benchmarks")]
pub fn benchmark_device(
	owner: &crate::AccountId,
	device: depin_primitives::DeviceId,
	class: depin_primitives::DeviceClassId,
) {
	pallet_device_registry::Devices::<Runtime>::insert(
		device,
		pallet_device_registry::Device {
			owner: owner.clone(),
			class,
			maker: None,
			status: depin_primitives::DeviceStatus::Active,
			bond: 0,
			location: None,
			location_changed_at: None,
			location_changes: 0,
			metadata: Default::default(),
			registered_at: 0,
			unbonding_until: None,
		},
	);
}
