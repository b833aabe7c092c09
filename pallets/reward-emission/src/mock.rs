//! A small runtime for the pallet's tests: System, Balances, the pallet, and doubles of the
//! device registry, the work ledger, the epoch clock and the treasury, whose state the tests
//! place directly.

use crate::{self as pallet_reward_emission, *};
use codec::Encode;
use depin_primitives::{
	ClassInfo, DeviceClassId, DeviceId, DeviceRegistry, DeviceStatus, EpochClock, EpochIndex,
	EpochWork, Location, OnEpochClosed, OnWorkClosed, ProofKind, RevenueSink, RevenueSource,
	WorkLedger, WorkUnits,
};
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{ConstU128, ConstU32, ConstU64},
	weights::Weight,
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, DispatchError, DispatchResult, Perbill};

/// Wide enough that the reward pot and the community pool (sub-accounts of one pallet id)
/// differ after truncation.
pub type AccountId = u128;
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
	pub type Emission = pallet_reward_emission;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<ED>;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = ConstU32<4>;
}

pub const ED: Balance = 2;
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const TREASURY: AccountId = 100;
pub const FOUNDATION: AccountId = 101;
pub const ENDOWMENT: Balance = 1_000_000;
/// Emission of epoch 0 in the default parameters.
pub const INITIAL: Balance = 1_000_000;
/// Halving interval in the default parameters.
pub const HALVING: EpochIndex = 100;
/// Epochs the ledger double keeps.
pub const RETAINED: EpochIndex = 10;
/// Default claim window.
pub const WINDOW: EpochIndex = 4;
/// Default lock period.
pub const LOCK_PERIOD: BlockNumber = 20;

/// Class 0: sensors, reward weight 1.
pub const SENSOR: DeviceClassId = 0;
/// Class 1: hotspots, reward weight 3.
pub const HOTSPOT: DeviceClassId = 1;
/// A class proven by customer receipts (added by the tests that need it): its units are the
/// value of the take behind them, one native unit each.
pub const GPU: DeviceClassId = 9;

parameter_types! {
	pub const EmissionPalletId: PalletId = PalletId(*b"depin/em");
}

fn key(prefix: &[u8], rest: impl Encode) -> alloc::vec::Vec<u8> {
	(b"mock", prefix, rest).encode()
}

/// Registry double: devices (owner, class) and classes (reward weight) in unhashed storage.
pub struct MockRegistry;

impl MockRegistry {
	pub fn add_class(class: DeviceClassId, weight: u32) {
		unhashed::put(&key(b"class", class), &weight);
		let mut ids: alloc::vec::Vec<DeviceClassId> =
			unhashed::get(&key(b"class-ids", ())).unwrap_or_default();
		if !ids.contains(&class) {
			ids.push(class);
			ids.sort();
		}
		unhashed::put(&key(b"class-ids", ()), &ids);
	}
	pub fn add_device(device: DeviceId, owner: AccountId, class: DeviceClassId) {
		unhashed::put(&key(b"device", device), &(owner, class));
		let mut owned: alloc::vec::Vec<DeviceId> =
			unhashed::get(&key(b"owned", owner)).unwrap_or_default();
		owned.push(device);
		unhashed::put(&key(b"owned", owner), &owned);
	}
	pub fn owner_of(device: &DeviceId) -> Option<AccountId> {
		<Self as DeviceRegistry<AccountId, Balance>>::owner(device)
	}
	pub fn remove_device(device: &DeviceId) {
		unhashed::kill(&key(b"device", device))
	}
	pub fn set_owner(device: &DeviceId, owner: AccountId) {
		let (_, class): (AccountId, DeviceClassId) =
			unhashed::get(&key(b"device", device)).expect("known device");
		unhashed::put(&key(b"device", device), &(owner, class));
	}
}

impl DeviceRegistry<AccountId, Balance> for MockRegistry {
	fn owner(device: &DeviceId) -> Option<AccountId> {
		unhashed::get::<(AccountId, DeviceClassId)>(&key(b"device", device)).map(|d| d.0)
	}
	fn class(device: &DeviceId) -> Option<DeviceClassId> {
		unhashed::get::<(AccountId, DeviceClassId)>(&key(b"device", device)).map(|d| d.1)
	}
	fn status(device: &DeviceId) -> Option<DeviceStatus> {
		Self::owner(device).map(|_| DeviceStatus::Active)
	}
	fn location(_: &DeviceId) -> Option<Location> {
		None
	}
	fn class_info(class: DeviceClassId) -> Option<ClassInfo> {
		unhashed::get::<u32>(&key(b"class", class)).map(|reward_weight| ClassInfo {
			proof_kind: match class {
				GPU => ProofKind::CustomerReceipt,
				_ => ProofKind::AttestedTelemetry,
			},
			reward_weight,
			max_units_per_epoch: u64::MAX,
		})
	}
	fn devices_of(owner: &AccountId) -> alloc::vec::Vec<DeviceId> {
		unhashed::get(&key(b"owned", owner)).unwrap_or_default()
	}
	fn class_ids() -> alloc::vec::Vec<DeviceClassId> {
		unhashed::get(&key(b"class-ids", ())).unwrap_or_default()
	}
	fn slash(_: &DeviceId, _: Balance) -> Result<Balance, DispatchError> {
		Ok(0)
	}
	fn slash_rewarding(
		_: &DeviceId,
		_: Balance,
		_: &AccountId,
		_: Perbill,
	) -> Result<(Balance, Balance), DispatchError> {
		Ok((0, 0))
	}
	fn suspend(_: &DeviceId) -> DispatchResult {
		Ok(())
	}
}

/// Ledger double: each device's latest epoch (epoch, class, units, settled), handed on to the
/// pallet when the device is credited in a later epoch or settled, as the real ledger does;
/// and units per (epoch, class). Epochs before the current one are closed.
pub struct MockLedger;

type MockWork = (EpochIndex, DeviceClassId, WorkUnits, bool);

impl MockLedger {
	/// Credits `units` to `device` (of its registered class) in `epoch`.
	pub fn credit(epoch: EpochIndex, device: &DeviceId, units: WorkUnits) {
		let class = MockRegistry::class(device).expect("registered device");
		Self::credit_as(epoch, device, class, units)
	}
	pub fn credit_as(epoch: EpochIndex, device: &DeviceId, class: DeviceClassId, units: WorkUnits) {
		let k = key(b"work", device);
		let held: Option<MockWork> = unhashed::get(&k);
		let (class, old) = match held {
			Some((e, c, u, _)) if e == epoch => (c, u),
			Some((e, c, u, settled)) => {
				assert!(e < epoch, "the mock ledger is credited in epoch order");
				if !settled && u > 0 {
					Emission::on_work_closed(device, EpochWork { epoch: e, class: c, units: u });
				}
				(class, 0)
			},
			None => (class, 0),
		};
		unhashed::put(&k, &(epoch, class, old + units, false));
		let ck = key(b"class-units", (epoch, class));
		unhashed::put(&ck, &(unhashed::get::<WorkUnits>(&ck).unwrap_or(0) + units));
	}
	/// The device's record, as the ledger holds it.
	pub fn record(device: &DeviceId) -> Option<MockWork> {
		unhashed::get(&key(b"work", device))
	}
	/// Forgets a device (the real ledger does so when the device leaves).
	pub fn remove(device: &DeviceId) {
		unhashed::kill(&key(b"work", device))
	}
}

impl WorkLedger for MockLedger {
	fn latest_work(device: &DeviceId) -> Option<EpochWork> {
		Self::record(device).filter(|w| !w.3).map(|(epoch, class, units, _)| EpochWork {
			epoch,
			class,
			units,
		})
	}
	fn class_units(epoch: EpochIndex, class: DeviceClassId) -> WorkUnits {
		unhashed::get(&key(b"class-units", (epoch, class))).unwrap_or(0)
	}
	fn is_closed(epoch: EpochIndex) -> bool {
		epoch < MockClock::current_epoch()
	}
	fn retained_epochs() -> EpochIndex {
		RETAINED
	}
	fn settle(device: &DeviceId) -> Weight {
		if let Some((epoch, class, units, false)) = Self::record(device) {
			if Self::is_closed(epoch) {
				unhashed::put(&key(b"work", device), &(epoch, class, units, true));
				if units > 0 {
					Emission::on_work_closed(device, EpochWork { epoch, class, units });
				}
				return Self::settle_weight();
			}
		}
		Weight::from_parts(1, 0)
	}
	fn settle_weight() -> Weight {
		Weight::from_parts(1_000, 0).saturating_add(<Emission as OnWorkClosed>::weight())
	}
}

/// Clock double: the current epoch in unhashed storage.
pub struct MockClock;

impl MockClock {
	/// Moves the clock to `epoch`.
	pub fn set(epoch: EpochIndex) {
		unhashed::put(&key(b"epoch", ()), &epoch);
	}
}

impl EpochClock<BlockNumber> for MockClock {
	fn current_epoch() -> EpochIndex {
		unhashed::get(&key(b"epoch", ())).unwrap_or(0)
	}
	fn epoch_start(_: EpochIndex) -> Option<BlockNumber> {
		None
	}
}

/// Treasury double: account `TREASURY`, recording what it was told.
pub struct MockTreasury;

impl MockTreasury {
	pub fn noted() -> alloc::vec::Vec<(RevenueSource, Balance)> {
		unhashed::get(&key(b"noted", ())).unwrap_or_default()
	}
	pub fn disable() {
		unhashed::put(&key(b"no-treasury", ()), &true);
	}
}

impl RevenueSink<AccountId, Balance> for MockTreasury {
	fn account() -> Option<AccountId> {
		if unhashed::get::<bool>(&key(b"no-treasury", ())).unwrap_or(false) {
			None
		} else {
			Some(TREASURY)
		}
	}
	fn note_revenue(source: RevenueSource, amount: Balance) {
		let mut all = Self::noted();
		all.push((source, amount));
		unhashed::put(&key(b"noted", ()), &all);
	}
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Registry = MockRegistry;
	type Ledger = MockLedger;
	type Clock = MockClock;
	type Treasury = MockTreasury;
	type AdminOrigin = EnsureRoot<AccountId>;
	type PalletId = EmissionPalletId;
	type MaxClasses = ConstU32<8>;
	type DemandUnit = ConstU128<1>;
	type DemandRewardCap = DemandRewardCap;
	type MaxParamStep = MaxParamStep;
	type MaxShareStep = MaxShareStep;
	type ChangeCooldown = ConstU32<2>;
	type MaxBreakerWindow = ConstU32<8>;
	type MaxLockChunks = ConstU32<3>;
	type MaxLockPeriod = ConstU64<1_000>;
	type ActivityWindow = ConstU32<4>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
	type WeightInfo = ();
}

parameter_types! {
	pub const DemandRewardCap: Perbill = Perbill::from_percent(50);
	pub const MaxParamStep: Perbill = Perbill::from_percent(10);
	pub const MaxShareStep: Perbill = Perbill::from_percent(5);
}

#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn create_classes(count: u32) -> alloc::vec::Vec<DeviceClassId> {
		(0..count).inspect(|c| MockRegistry::add_class(*c, 1)).collect()
	}
	fn register_device(owner: &AccountId, device: DeviceId, class: DeviceClassId) {
		// Without the owner index: the benchmarks register up to 100 000 devices.
		unhashed::put(&key(b"device", device), &(*owner, class));
	}
	fn credit_work(epoch: EpochIndex, device: &DeviceId, class: DeviceClassId, units: WorkUnits) {
		MockLedger::credit_as(epoch, device, class, units)
	}
	fn close_ledger_epoch(epoch: EpochIndex) {
		if MockClock::current_epoch() <= epoch {
			MockClock::set(epoch + 1);
		}
	}
}

/// 70% operators, 20% treasury, 10% community; halving every 100 epochs; a window of 4.
pub fn default_params() -> ParamsOf<Test> {
	EmissionParams {
		schedule: Schedule {
			initial: INITIAL,
			curve: Curve::Halving { interval: HALVING },
			start: 0,
		},
		shares: frame_support::BoundedVec::truncate_from(alloc::vec![
			(Recipient::Operators, Perbill::from_percent(70)),
			(Recipient::Treasury, Perbill::from_percent(20)),
			(Recipient::Community, Perbill::from_percent(10)),
		]),
		net_emission_cap: INITIAL / 10,
		claim_window: WINDOW,
		lock_share: Perbill::zero(),
		lock_period: LOCK_PERIOD,
		breaker_cap: 10 * INITIAL,
		breaker_window: 4,
	}
}

pub fn device(seed: u8) -> DeviceId {
	DeviceId::from_raw([seed; 32])
}

/// Registers device `seed` of `class` for `owner`.
pub fn add_device(seed: u8, owner: AccountId, class: DeviceClassId) -> DeviceId {
	let d = device(seed);
	MockRegistry::add_device(d, owner, class);
	d
}

/// Closes the current epoch as the epoch clock would, and opens the next one.
pub fn close() -> EpochIndex {
	let e = MockClock::current_epoch();
	System::set_block_number(System::block_number() + 10);
	<Emission as OnEpochClosed>::on_epoch_closed(e);
	unhashed::put(&key(b"epoch", ()), &(e + 1));
	e
}

pub fn emission_events() -> alloc::vec::Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Emission(e) => Some(e),
			_ => None,
		})
		.collect()
}

pub fn last_event() -> Event<Test> {
	emission_events().pop().expect("an event")
}

pub fn free(who: AccountId) -> Balance {
	pallet_balances::Pallet::<Test>::free_balance(who)
}

pub fn issuance() -> Balance {
	pallet_balances::Pallet::<Test>::total_issuance()
}

pub struct ExtBuilder {
	params: ParamsOf<Test>,
	supply_cap: Option<Balance>,
	balances: alloc::vec::Vec<(AccountId, Balance)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self {
			params: default_params(),
			supply_cap: Some(1_000_000_000),
			balances: alloc::vec![
				(ALICE, ENDOWMENT),
				(BOB, ENDOWMENT),
				(CHARLIE, ENDOWMENT),
				(TREASURY, ED)
			],
		}
	}
}

impl ExtBuilder {
	pub fn params(mut self, f: impl FnOnce(&mut ParamsOf<Test>)) -> Self {
		f(&mut self.params);
		self
	}
	pub fn supply_cap(mut self, cap: Balance) -> Self {
		self.supply_cap = Some(cap);
		self
	}
	pub fn build(self) -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> { balances: self.balances, ..Default::default() }
			.assimilate_storage(&mut t)
			.unwrap();
		pallet_reward_emission::GenesisConfig::<Test> {
			params: Some(self.params),
			supply_cap: self.supply_cap,
		}
		.assimilate_storage(&mut t)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| {
			System::set_block_number(1);
			MockRegistry::add_class(SENSOR, 1);
			MockRegistry::add_class(HOTSPOT, 3);
		});
		ext
	}
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Emission::do_try_state().expect("invariants hold after the test");
		})
	}
}

#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}
