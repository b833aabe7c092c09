//! A small runtime for the registry's tests: System, Balances and the registry.

use crate::{self as pallet_device_registry, *};
use depin_primitives::{DeviceClassId, DeviceId, OnDeviceRemoved, ProofKind};
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{tokens::imbalance::ResolveTo, ConstU128, ConstU32, ConstU64, Hooks},
};
use frame_system::EnsureRoot;
use sp_core::{sr25519, Pair};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::BuildStorage;

pub type AccountId = u64;
pub type Balance = u128;
pub type BlockNumber = u64;
type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeHoldReason,
		RuntimeFreezeReason,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type Registry = pallet_device_registry;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<ED>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

pub const ED: Balance = 1;
/// The account that receives slashed bonds.
pub const SLASH_POT: AccountId = 999;
/// Bond of the default classes.
pub const BOND: Balance = 100;
/// Fee burned for a location change in the default parameters.
pub const LOCATION_FEE: Balance = 5;
/// Blocks between location changes in the default parameters.
pub const LOCATION_INTERVAL: BlockNumber = 10;
/// Unbonding period in the default parameters.
pub const UNBONDING: BlockNumber = 20;
/// Maker bond in the default parameters.
pub const MAKER_BOND: Balance = 500;
/// Most devices one maker may attest in the mock.
pub const MAKER_DEVICE_CAP: u32 = 3;
/// Accounts endowed by default.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// An account with less than one bond.
pub const POOR: AccountId = 4;
pub const ENDOWMENT: Balance = 10_000;

parameter_types! {
	pub const SlashPot: AccountId = SLASH_POT;
}

/// Keeps the devices the pallet reported removed, and their owners.
pub struct RecordRemoved;
impl OnDeviceRemoved<AccountId> for RecordRemoved {
	fn on_device_removed(device: &DeviceId, owner: &AccountId) {
		let mut all: Vec<(DeviceId, AccountId)> = unhashed::get_or_default(b"mock-removed");
		all.push((*device, *owner));
		unhashed::put(b"mock-removed", &all);
	}
	fn weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::from_parts(1_000, 0)
	}
}

/// The devices reported removed, in order.
pub fn removed_devices() -> Vec<(DeviceId, AccountId)> {
	unhashed::get_or_default(b"mock-removed")
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AdminOrigin = EnsureRoot<AccountId>;
	type OnSlash = ResolveTo<SlashPot, Balances>;
	type OnDeviceRemoved = RecordRemoved;
	type MaxDevicesPerOwner = ConstU32<4>;
	type MaxClasses = ConstU32<4>;
	type MaxMakers = ConstU32<3>;
	type MaxProofValidity = ConstU64<100>;
	type MinClassBond = ConstU128<10>;
	type MaxClassBond = ConstU128<1_000>;
	type MaxRewardWeight = ConstU32<1_000>;
	type MaxUnitsPerEpoch = ConstU64<1_000_000>;
	type MaxLocationFee = ConstU128<50>;
	type MaxLocationInterval = ConstU64<1_000>;
	type MinUnbondingPeriod = ConstU64<5>;
	type MaxUnbondingPeriod = ConstU64<1_000>;
	type MinMakerBond = ConstU128<100>;
	type MaxMakerBond = ConstU128<5_000>;
	type WeightInfo = ();
}

/// Class 0: telemetry, no maker, no location.
pub const SENSOR: DeviceClassId = 0;
/// Class 1: coverage, maker and location required.
pub const HOTSPOT: DeviceClassId = 1;

pub fn class(
	name: &str,
	kind: ProofKind,
	requires_maker: bool,
	requires_location: bool,
) -> DeviceClass<Balance> {
	DeviceClass {
		name: name.as_bytes().to_vec().try_into().expect("short name"),
		proof_kind: kind,
		bond: BOND,
		reward_weight: 10,
		max_units_per_epoch: 1_000,
		requires_maker,
		requires_location,
	}
}

pub fn default_params() -> RegistryParams<Balance, BlockNumber> {
	RegistryParams {
		location_interval: LOCATION_INTERVAL,
		location_fee: LOCATION_FEE,
		unbonding_period: UNBONDING,
		maker_bond: MAKER_BOND,
		maker_device_cap: MAKER_DEVICE_CAP,
	}
}

/// A device key pair from a small seed.
pub fn device_pair(seed: u8) -> sr25519::Pair {
	sr25519::Pair::from_seed(&[seed; 32])
}

/// The device id of [`device_pair`].
pub fn device(seed: u8) -> DeviceId {
	device_pair(seed).public()
}

/// A maker key pair from a small seed (kept apart from device seeds).
pub fn maker_pair(seed: u8) -> sr25519::Pair {
	sr25519::Pair::from_seed(&[seed.wrapping_add(128); 32])
}

/// A valid possession proof of device `seed` for `owner`, valid for 10 blocks from now.
pub fn proof(seed: u8, owner: AccountId) -> PossessionProof<BlockNumber> {
	let valid_until = System::block_number() + 10;
	proof_until(seed, owner, valid_until)
}

/// A possession proof with a chosen expiry.
pub fn proof_until(
	seed: u8,
	owner: AccountId,
	valid_until: BlockNumber,
) -> PossessionProof<BlockNumber> {
	let payload = possession_payload(&owner, &Registry::genesis_hash(), &valid_until);
	PossessionProof { valid_until, signature: device_pair(seed).sign(&payload) }
}

/// A maker attestation of device `seed` in `class` by maker `maker` with key seed `key_seed`.
pub fn attest(maker: MakerId, key_seed: u8, seed: u8, class: DeviceClassId) -> MakerAttestation {
	let payload = attestation_payload(&device(seed), class, &Registry::genesis_hash());
	MakerAttestation { maker, signature: maker_pair(key_seed).sign(&payload) }
}

pub fn berlin() -> depin_primitives::Location {
	depin_primitives::Location { lat: 52_520_008, lon: 13_404_954 }
}

pub fn paris() -> depin_primitives::Location {
	depin_primitives::Location { lat: 48_856_613, lon: 2_352_222 }
}

/// Calls `register_device` for device `seed` with empty metadata.
pub fn try_register(
	owner: AccountId,
	seed: u8,
	class: DeviceClassId,
	proof: PossessionProof<BlockNumber>,
	attestation: Option<MakerAttestation>,
	location: Option<depin_primitives::Location>,
) -> sp_runtime::DispatchResult {
	Registry::register_device(
		RuntimeOrigin::signed(owner),
		device(seed),
		class,
		proof,
		attestation,
		location,
		Default::default(),
	)
}

/// Registers device `seed` in the sensor class for `owner`.
pub fn register_sensor(owner: AccountId, seed: u8) {
	frame_support::assert_ok!(try_register(owner, seed, SENSOR, proof(seed, owner), None, None));
}

/// Applies as maker with key seed `key_seed` from `account` and approves it; returns its id.
pub fn approved_maker(account: AccountId, key_seed: u8) -> MakerId {
	let id = NextMakerId::<Test>::get();
	frame_support::assert_ok!(Registry::apply_as_maker(
		RuntimeOrigin::signed(account),
		maker_pair(key_seed).public(),
		b"Acme".to_vec().try_into().expect("short name"),
	));
	frame_support::assert_ok!(Registry::approve_maker(RuntimeOrigin::root(), id));
	id
}

/// What `who` holds as device bonds.
pub fn device_bond_held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&HoldReason::DeviceBond.into(), &who)
}

/// What `who` holds as maker bonds.
pub fn maker_bond_held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&HoldReason::MakerBond.into(), &who)
}

/// The events of this pallet emitted so far, oldest first.
pub fn registry_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Registry(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The last event of this pallet.
pub fn last_event() -> Event<Test> {
	registry_events().pop().expect("an event of the registry")
}

/// Moves to block `n`, running the registry's hooks on the way.
pub fn run_to_block(n: BlockNumber) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Registry::on_initialize(next);
	}
}

pub struct ExtBuilder {
	balances: Vec<(AccountId, Balance)>,
	classes: Vec<DeviceClass<Balance>>,
	params: RegistryParams<Balance, BlockNumber>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self {
			balances: vec![
				(ALICE, ENDOWMENT),
				(BOB, ENDOWMENT),
				(CHARLIE, ENDOWMENT),
				(POOR, BOND / 2),
				(SLASH_POT, ED),
			],
			classes: vec![
				class("sensor", ProofKind::AttestedTelemetry, false, false),
				class("hotspot", ProofKind::WitnessedCoverage, true, true),
			],
			params: default_params(),
		}
	}
}

impl ExtBuilder {
	pub fn no_classes(mut self) -> Self {
		self.classes.clear();
		self
	}

	pub fn params(mut self, params: RegistryParams<Balance, BlockNumber>) -> Self {
		self.params = params;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage =
			frame_system::GenesisConfig::<Test>::default().build_storage().expect("system genesis");
		pallet_balances::GenesisConfig::<Test> { balances: self.balances, ..Default::default() }
			.assimilate_storage(&mut storage)
			.expect("balances genesis");
		pallet_device_registry::GenesisConfig::<Test> {
			params: self.params,
			classes: self.classes,
		}
		.assimilate_storage(&mut storage)
		.expect("registry genesis");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks the registry's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Registry::do_try_state().expect("registry invariants hold");
		})
	}
}

/// Externalities for the benchmark test suite.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}
