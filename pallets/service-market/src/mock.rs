//! A small runtime for the pallet's tests: System, Balances, pallet-assets (a stablecoin), the
//! pallet, and doubles of the device registry, the work ledger, the epoch clock and the
//! treasury, whose state the tests place directly.

use crate::{self as pallet_service_market, *};
use codec::Encode;
use depin_primitives::{
	ClassInfo, DemandSink, DeviceClassId, DeviceId, DeviceRegistry, DeviceStatus, EpochClock,
	EpochIndex, EpochWork, Location, OnDeviceRemoved, OnWorkClosed, ProofKind, WorkLedger,
	WorkUnits,
};
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{
		tokens::fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
		AsEnsureOriginWithArg, ConstU128, ConstU32,
	},
	weights::Weight,
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned};
use sp_runtime::{traits::Convert, BuildStorage, DispatchError, DispatchResult, Perbill};

pub type AccountId = u64;
pub type Balance = u128;
pub type BlockNumber = u64;
pub type AssetId = u32;
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
	pub type Assets = pallet_assets;
	#[runtime::pallet_index(3)]
	pub type Market = pallet_service_market;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

pub const ED: Balance = 10;
/// The stablecoin's minimum balance.
pub const USD_MIN: Balance = 5;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<ED>;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = Balance;
	type AssetId = AssetId;
	type AssetIdParameter = AssetId;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Freezer = ();
	type Holder = ();
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const TREASURY: AccountId = 100;
pub const ENDOWMENT: Balance = 1_000_000;
/// The stablecoin: accepted by the treasury double.
pub const USD: AssetId = 1;
/// An asset the treasury does not accept.
pub const OTHER: AssetId = 2;
/// A sensor class: at most `SENSOR_MAX` units a device and epoch.
pub const SENSOR: DeviceClassId = 0;
pub const SENSOR_MAX: WorkUnits = 1_000;
/// A storage class (challenge–response), with the same limit.
pub const STORAGE: DeviceClassId = 1;
/// A class proven by customer receipts.
pub const GPU: DeviceClassId = 2;
/// Longest order.
pub const MAX_EPOCHS: EpochIndex = 100;
/// Longest notice.
pub const MAX_NOTICE: EpochIndex = 10;
pub const MAX_ORDERS_PER_DEVICE: u32 = 4;
pub const MAX_ORDERS_PER_CUSTOMER: u32 = 6;
pub const MAX_OFFERS_PER_DEVICE: u32 = 2;
pub const MAX_OFFERS_PER_OWNER: u32 = 3;

parameter_types! {
	pub const MarketPalletId: PalletId = PalletId(*b"depin/mk");
	pub const MinTake: Perbill = Perbill::from_percent(5);
	pub const MaxTake: Perbill = Perbill::from_percent(50);
}

fn key(prefix: &[u8], rest: impl Encode) -> alloc::vec::Vec<u8> {
	(b"mock", prefix, rest).encode()
}

/// A device key from a number.
pub fn dev(n: u8) -> DeviceId {
	DeviceId::from_raw([n; 32])
}

/// Registry double: devices (owner, class, status) in unhashed storage; one sensor class.
pub struct MockRegistry;

impl MockRegistry {
	pub fn add_device(device: DeviceId, owner: AccountId) {
		Self::add_device_in(device, owner, SENSOR)
	}
	pub fn add_device_in(device: DeviceId, owner: AccountId, class: DeviceClassId) {
		unhashed::put(&key(b"device", device), &(owner, class, DeviceStatus::Active));
	}
	pub fn set_status(device: &DeviceId, status: DeviceStatus) {
		let (owner, class, _): (AccountId, DeviceClassId, DeviceStatus) =
			unhashed::get(&key(b"device", device)).expect("known device");
		unhashed::put(&key(b"device", device), &(owner, class, status));
	}
	pub fn set_owner(device: &DeviceId, owner: AccountId) {
		let (_, class, status): (AccountId, DeviceClassId, DeviceStatus) =
			unhashed::get(&key(b"device", device)).expect("known device");
		unhashed::put(&key(b"device", device), &(owner, class, status));
	}
	/// Removes the device as the real registry does on `withdraw_bond`: the ledger hands on
	/// its last closed epoch, then the market lets go of it.
	pub fn remove_device(device: &DeviceId) {
		let owner = Self::owner(device).expect("known device");
		MockLedger::settle(device);
		MockLedger::forget(device);
		unhashed::kill(&key(b"device", device));
		<Market as OnDeviceRemoved<AccountId>>::on_device_removed(device, &owner);
	}
	pub fn owner_of(device: &DeviceId) -> Option<AccountId> {
		Self::record(device).map(|d| d.0)
	}
	fn record(device: &DeviceId) -> Option<(AccountId, DeviceClassId, DeviceStatus)> {
		unhashed::get(&key(b"device", device))
	}
}

impl DeviceRegistry<AccountId, Balance> for MockRegistry {
	fn owner(device: &DeviceId) -> Option<AccountId> {
		Self::record(device).map(|d| d.0)
	}
	fn class(device: &DeviceId) -> Option<DeviceClassId> {
		Self::record(device).map(|d| d.1)
	}
	fn status(device: &DeviceId) -> Option<DeviceStatus> {
		Self::record(device).map(|d| d.2)
	}
	fn location(_: &DeviceId) -> Option<Location> {
		None
	}
	fn class_info(class: DeviceClassId) -> Option<ClassInfo> {
		let proof_kind = match class {
			SENSOR => ProofKind::AttestedTelemetry,
			STORAGE => ProofKind::ChallengeResponse,
			GPU => ProofKind::CustomerReceipt,
			_ => return None,
		};
		Some(ClassInfo { proof_kind, reward_weight: 1, max_units_per_epoch: SENSOR_MAX })
	}
	fn class_ids() -> alloc::vec::Vec<DeviceClassId> {
		alloc::vec![SENSOR, STORAGE, GPU]
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

/// Ledger double: each device's latest epoch (epoch, units, handed on), handed to the market
/// when the device is credited in a later epoch or settled, as the real ledger does.
pub struct MockLedger;

type MockWork = (EpochIndex, WorkUnits, bool);

impl MockLedger {
	/// Credits `units` to `device` in the current epoch.
	pub fn credit(device: &DeviceId, units: WorkUnits) {
		Self::credit_in(MockClock::current_epoch(), device, units)
	}
	/// Credits `units` to `device` in `epoch`.
	pub fn credit_in(epoch: EpochIndex, device: &DeviceId, units: WorkUnits) {
		let k = key(b"work", device);
		let held: Option<MockWork> = unhashed::get(&k);
		let old = match held {
			Some((e, u, _)) if e == epoch => u,
			Some((e, u, handed)) => {
				assert!(e < epoch, "the mock ledger is credited in epoch order");
				if !handed {
					Market::on_work_closed(device, EpochWork { epoch: e, class: SENSOR, units: u });
				}
				0
			},
			None => 0,
		};
		unhashed::put(&k, &(epoch, old + units, false));
	}
	fn forget(device: &DeviceId) {
		unhashed::kill(&key(b"work", device))
	}
}

impl WorkLedger for MockLedger {
	fn latest_work(device: &DeviceId) -> Option<EpochWork> {
		unhashed::get::<MockWork>(&key(b"work", device))
			.filter(|w| !w.2)
			.map(|(epoch, units, _)| EpochWork { epoch, class: SENSOR, units })
	}
	fn class_units(_: EpochIndex, _: DeviceClassId) -> WorkUnits {
		0
	}
	fn is_closed(epoch: EpochIndex) -> bool {
		epoch < MockClock::current_epoch()
	}
	fn retained_epochs() -> EpochIndex {
		10
	}
	fn settle(device: &DeviceId) -> Weight {
		let k = key(b"work", device);
		if let Some((epoch, units, false)) = unhashed::get::<MockWork>(&k) {
			if Self::is_closed(epoch) {
				unhashed::put(&k, &(epoch, units, true));
				Market::on_work_closed(device, EpochWork { epoch, class: SENSOR, units });
			}
		}
		Self::settle_weight()
	}
	fn settle_weight() -> Weight {
		Weight::from_parts(1_000, 0).saturating_add(<Market as OnWorkClosed>::weight())
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

/// Moves the clock one epoch on.
pub fn next_epoch() -> EpochIndex {
	let e = MockClock::current_epoch() + 1;
	MockClock::set(e);
	e
}

/// Treasury double: account `TREASURY`, accepting the native token and `USD`, recording the
/// demand it was told of.
pub struct MockTreasury;

impl MockTreasury {
	pub fn noted() -> alloc::vec::Vec<(Option<AssetId>, Balance)> {
		unhashed::get(&key(b"noted", ())).unwrap_or_default()
	}
	/// Stops accepting `asset`.
	pub fn refuse(asset: Option<AssetId>) {
		unhashed::put(&key(b"refused", asset), &true);
	}
	/// Everything noted in `asset`.
	pub fn demand(asset: Option<AssetId>) -> Balance {
		Self::noted().iter().filter(|(a, _)| *a == asset).map(|(_, v)| v).sum()
	}
}

impl DemandSink<AccountId, AssetId, Balance> for MockTreasury {
	fn account() -> Option<AccountId> {
		Some(TREASURY)
	}
	fn accepts(asset: Option<AssetId>) -> bool {
		(asset.is_none() || asset == Some(USD))
			&& !unhashed::get::<bool>(&key(b"refused", asset)).unwrap_or(false)
	}
	/// The stablecoin is worth two native units.
	fn native_value(asset: Option<AssetId>, amount: Balance) -> Balance {
		match asset {
			None => amount,
			Some(USD) => amount * 2,
			Some(_) => 0,
		}
	}
	fn note_demand(asset: Option<AssetId>, amount: Balance) {
		let mut all = Self::noted();
		all.push((asset, amount));
		unhashed::put(&key(b"noted", ()), &all);
	}
}

/// Names an asset the union's way.
pub struct Kind;

impl Convert<Option<AssetId>, NativeOrWithId<AssetId>> for Kind {
	fn convert(asset: Option<AssetId>) -> NativeOrWithId<AssetId> {
		asset.map_or(NativeOrWithId::Native, NativeOrWithId::WithId)
	}
}

pub type NativeAndAssets =
	UnionOf<Balances, Assets, NativeFromLeft, NativeOrWithId<AssetId>, AccountId>;

impl Config for Test {
	type AssetId = AssetId;
	type AssetKind = NativeOrWithId<AssetId>;
	type AssetKindOf = Kind;
	type Funds = NativeAndAssets;
	type Registry = MockRegistry;
	type Ledger = MockLedger;
	type Clock = MockClock;
	type Demand = MockTreasury;
	type AdminOrigin = EnsureRoot<AccountId>;
	type PalletId = MarketPalletId;
	type MaxOffersPerDevice = ConstU32<MAX_OFFERS_PER_DEVICE>;
	type MaxOffersPerOwner = ConstU32<MAX_OFFERS_PER_OWNER>;
	type MaxOrdersPerDevice = ConstU32<MAX_ORDERS_PER_DEVICE>;
	type MaxOrdersPerCustomer = ConstU32<MAX_ORDERS_PER_CUSTOMER>;
	type MaxOrderEpochs = ConstU32<MAX_EPOCHS>;
	type MaxNoticeEpochs = ConstU32<MAX_NOTICE>;
	type MinTakeRate = MinTake;
	type MaxTakeRate = MaxTake;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
	type WeightInfo = ();
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<AccountId, AssetId, Balance> for BenchHelper {
	fn register_device(owner: &AccountId, device: DeviceId) {
		MockRegistry::add_device(device, *owner);
	}
	fn asset() -> Option<AssetId> {
		Some(USD)
	}
	fn fund(who: &AccountId, asset: Option<AssetId>, amount: Balance) {
		use frame_support::traits::fungibles::Mutate;
		let _ = NativeAndAssets::mint_into(Kind::convert(asset), who, amount);
		let _ = NativeAndAssets::mint_into(NativeOrWithId::Native, who, ENDOWMENT);
	}
	fn credit_work(epoch: EpochIndex, device: &DeviceId, units: WorkUnits) {
		MockLedger::credit_in(epoch, device, units)
	}
	fn set_epoch(epoch: EpochIndex) {
		MockClock::set(epoch)
	}
}

/// Default terms: 2 native units a unit, up to 100 units a epoch, orders of 1 to 20 epochs,
/// 2 epochs' notice.
pub fn terms() -> TermsOf<Test> {
	Terms {
		asset: None,
		price_per_unit: 2,
		units_per_epoch: 100,
		min_epochs: 1,
		max_epochs: 20,
		notice_epochs: 2,
	}
}

/// The same terms in the stablecoin.
pub fn usd_terms() -> TermsOf<Test> {
	Terms { asset: Some(USD), price_per_unit: 3, ..terms() }
}

pub fn market_events() -> alloc::vec::Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Market(e) => Some(e),
			_ => None,
		})
		.collect()
}

pub fn last_event() -> Event<Test> {
	market_events().pop().expect("an event")
}

/// What `who` holds of `asset`.
pub fn held(asset: Option<AssetId>, who: AccountId) -> Balance {
	use frame_support::traits::fungibles::Inspect;
	NativeAndAssets::balance(Kind::convert(asset), &who)
}

pub struct ExtBuilder {
	take_rate: Perbill,
	escrow_usd: bool,
	treasury_usd: bool,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { take_rate: Perbill::from_percent(10), escrow_usd: true, treasury_usd: true }
	}
}

impl ExtBuilder {
	pub fn take_rate(mut self, rate: Perbill) -> Self {
		self.take_rate = rate;
		self
	}
	/// Leaves the escrow account without the stablecoin.
	pub fn escrow_usd_closed(mut self) -> Self {
		self.escrow_usd = false;
		self
	}
	/// Leaves the treasury without the stablecoin.
	pub fn treasury_usd_closed(mut self) -> Self {
		self.treasury_usd = false;
		self
	}
	pub fn build(self) -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		let people = [ALICE, BOB, CHARLIE, DAVE];
		let mut balances: alloc::vec::Vec<(AccountId, Balance)> =
			people.iter().map(|p| (*p, ENDOWMENT)).collect();
		balances.push((TREASURY, ED));
		pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
			.assimilate_storage(&mut t)
			.unwrap();
		let mut accounts: alloc::vec::Vec<(AssetId, AccountId, Balance)> =
			people.iter().flat_map(|p| [(USD, *p, ENDOWMENT), (OTHER, *p, ENDOWMENT)]).collect();
		if self.treasury_usd {
			accounts.push((USD, TREASURY, USD_MIN));
		}
		pallet_assets::GenesisConfig::<Test> {
			assets: alloc::vec![(USD, ALICE, true, USD_MIN), (OTHER, ALICE, true, 1)],
			metadata: alloc::vec![],
			accounts,
			next_asset_id: None,
			reserves: alloc::vec![],
		}
		.assimilate_storage(&mut t)
		.unwrap();
		pallet_service_market::GenesisConfig::<Test> {
			params: Some(MarketParams { take_rate: self.take_rate }),
			assets: if self.escrow_usd { alloc::vec![USD] } else { alloc::vec![] },
		}
		.assimilate_storage(&mut t)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| {
			System::set_block_number(1);
			MockRegistry::add_device(dev(1), ALICE);
			MockRegistry::add_device(dev(2), ALICE);
			MockRegistry::add_device(dev(3), BOB);
		});
		ext
	}
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Market::do_try_state().expect("invariants hold after the test");
		})
	}
}

#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}
