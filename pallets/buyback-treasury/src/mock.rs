//! A small runtime for the pallet's tests: System, Balances, two pallet-assets instances (a
//! stablecoin and the DEX's liquidity tokens), the real pallet-asset-conversion DEX, the
//! pallet, and doubles of the device registry and the epoch clock.

use crate::{self as pallet_buyback_treasury, *};
use codec::Encode;
use depin_primitives::{
	ClassInfo, DeviceClassId, DeviceId, DeviceRegistry, DeviceStatus, EpochClock, EpochIndex,
	Location, OnBurned, OnEpochClosed, ProofKind,
};
use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	storage::unhashed,
	traits::{
		tokens::{
			fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
			imbalance::ResolveAssetTo,
		},
		AsEnsureOriginWithArg, ConstU128, ConstU32, Hooks,
	},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned, EnsureSignedBy};
use pallet_asset_conversion::{AccountIdConverter, Ascending, Chain, WithFirstAsset};
use sp_runtime::{
	traits::AccountIdConversion, BuildStorage, DispatchError, DispatchResult, Perbill, Permill,
};

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
	pub type Assets = pallet_assets<Instance1>;
	#[runtime::pallet_index(3)]
	pub type PoolAssets = pallet_assets<Instance2>;
	#[runtime::pallet_index(4)]
	pub type Dex = pallet_asset_conversion;
	#[runtime::pallet_index(5)]
	pub type Treasury = pallet_buyback_treasury;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

pub const ED: Balance = 10;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<ED>;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config<pallet_assets::Instance1> for Test {
	type Balance = Balance;
	type AssetId = AssetId;
	type AssetIdParameter = AssetId;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Freezer = ();
	type Holder = ();
}

ord_parameter_types! {
	pub const DexAccount: AccountId =
		AccountIdConversion::<AccountId>::into_account_truncating(&DexPalletId::get());
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config<pallet_assets::Instance2> for Test {
	type Balance = Balance;
	type AssetId = u32;
	type AssetIdParameter = u32;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSignedBy<DexAccount, AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = ConstU128<0>;
	type AssetAccountDeposit = ConstU128<0>;
	type MetadataDepositBase = ConstU128<0>;
	type MetadataDepositPerByte = ConstU128<0>;
	type Freezer = ();
	type Holder = ();
}

parameter_types! {
	pub const DexPalletId: PalletId = PalletId(*b"py/ascon");
	pub const Native: NativeOrWithId<AssetId> = NativeOrWithId::Native;
	pub const LpFee: Permill = Permill::from_perthousand(3);
	pub const MaxSwapFee: Permill = Permill::from_percent(10);
	pub const TreasuryPalletId: PalletId = PalletId(*b"depin/tr");
	pub const MaxSlippage: Perbill = Perbill::from_percent(20);
}

pub type NativeAndAssets =
	UnionOf<Balances, Assets, NativeFromLeft, NativeOrWithId<AssetId>, AccountId>;

impl pallet_asset_conversion::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type HigherPrecisionBalance = sp_core::U256;
	type AssetKind = NativeOrWithId<AssetId>;
	type Assets = NativeAndAssets;
	type PoolId = (Self::AssetKind, Self::AssetKind);
	type PoolLocator = Chain<
		WithFirstAsset<
			Native,
			AccountId,
			NativeOrWithId<AssetId>,
			AccountIdConverter<DexPalletId, Self::PoolId>,
		>,
		Ascending<
			AccountId,
			NativeOrWithId<AssetId>,
			AccountIdConverter<DexPalletId, Self::PoolId>,
		>,
	>;
	type PoolAssetId = u32;
	type PoolAssets = PoolAssets;
	type LPFee = LpFee;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MaxSwapFee = MaxSwapFee;
	type PoolSetupFee = ConstU128<100>;
	type PoolSetupFeeAsset = Native;
	type PoolSetupFeeTarget = ResolveAssetTo<DexAccount, Self::Assets>;
	type LiquidityWithdrawalFee = ();
	type MintMinLiquidity = ConstU128<100>;
	type MaxSwapPathLength = ConstU32<3>;
	type PalletId = DexPalletId;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_asset_conversion::NativeOrWithIdFactory<AssetId>;
}

fn key(prefix: &[u8], rest: impl Encode) -> alloc::vec::Vec<u8> {
	(b"mock", prefix, rest).encode()
}

/// Class 0 and 1 exist.
pub const SENSOR: DeviceClassId = 0;
/// A registered device.
pub fn device() -> DeviceId {
	DeviceId::from_raw([7; 32])
}

/// Registry double: classes 0 and 1, one device.
pub struct MockRegistry;

impl DeviceRegistry<AccountId, Balance> for MockRegistry {
	fn owner(device: &DeviceId) -> Option<AccountId> {
		(*device == self::device()).then_some(ALICE)
	}
	fn class(device: &DeviceId) -> Option<DeviceClassId> {
		(*device == self::device()).then_some(SENSOR)
	}
	fn status(device: &DeviceId) -> Option<DeviceStatus> {
		(*device == self::device()).then_some(DeviceStatus::Active)
	}
	fn location(_: &DeviceId) -> Option<Location> {
		None
	}
	fn class_info(class: DeviceClassId) -> Option<ClassInfo> {
		(class < 2).then_some(ClassInfo {
			proof_kind: ProofKind::AttestedTelemetry,
			reward_weight: 1,
			max_units_per_epoch: 1,
		})
	}
	fn class_ids() -> alloc::vec::Vec<DeviceClassId> {
		alloc::vec![0, 1]
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

/// Clock double: the current epoch in unhashed storage.
pub struct MockClock;

impl EpochClock<BlockNumber> for MockClock {
	fn current_epoch() -> EpochIndex {
		unhashed::get(&key(b"epoch", ())).unwrap_or(0)
	}
	fn epoch_start(_: EpochIndex) -> Option<BlockNumber> {
		None
	}
}

/// Emission double: sums what it was told was burned.
pub struct MockEmission;

impl MockEmission {
	pub fn burned() -> Balance {
		unhashed::get(&key(b"burned", ())).unwrap_or(0)
	}
}

impl OnBurned<Balance> for MockEmission {
	fn on_burned(amount: Balance) {
		unhashed::put(&key(b"burned", ()), &(Self::burned() + amount));
	}
}

/// Pools through the DEX's own calls.
pub type MockDexSetup = AssetConversionPools<Test>;

/// Creates a pool of `asset` like the genesis ones.
pub fn create_pool(asset: AssetId) -> DispatchResult {
	MockDexSetup::create_pool(&ALICE, asset, POOL_NATIVE, POOL_USD)
}

/// `who` pays `amount` of `asset` for the sensor class, without a memo.
pub fn pay(
	who: AccountId,
	asset: Option<AssetId>,
	amount: Balance,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Treasury::pay_for_service(
		RuntimeOrigin::signed(who),
		asset,
		amount,
		Served::Class(SENSOR),
		alloc::vec![],
	)
}

impl Config for Test {
	type Currency = Balances;
	type AssetId = AssetId;
	type Assets = Assets;
	type AssetKind = NativeOrWithId<AssetId>;
	type AssetKindOf = NativeOrAsset;
	type Dex = Dex;
	type DexSetup = MockDexSetup;
	type Registry = MockRegistry;
	type Clock = MockClock;
	type OnBurned = MockEmission;
	type AdminOrigin = EnsureRoot<AccountId>;
	type GrantOrigin = EnsureRoot<AccountId>;
	type PalletId = TreasuryPalletId;
	type MaxAssets = ConstU32<2>;
	type MaxMemoLen = ConstU32<16>;
	type MaxSlippage = MaxSlippage;
	type ReportRetention = ConstU32<4>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
	type WeightInfo = ();
}

#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<AccountId, AssetId> for MockBenchmarkHelper {
	fn create_asset(i: u32, owner: &AccountId) -> AssetId {
		let id = 100 + i;
		pallet_assets::Pallet::<Test, pallet_assets::Instance1>::force_create(
			RuntimeOrigin::root(),
			id,
			*owner,
			true,
			1,
		)
		.expect("a new asset");
		id
	}
	fn served() -> Served {
		Served::Device(device())
	}
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// The stablecoin.
pub const USD: AssetId = 1;
/// A second asset, with a pool but not accepted by default.
pub const EUR: AssetId = 2;
/// An asset without a pool.
pub const NOPOOL: AssetId = 3;
/// One native token: 12 decimals.
pub const DPN: Balance = 1_000_000_000_000;
/// One stablecoin unit: 6 decimals.
pub const USD_UNIT: Balance = 1_000_000;
/// Native endowment of every account.
pub const ENDOWMENT: Balance = 1_000_000 * DPN;
/// Stablecoin endowment of every account.
pub const USD_ENDOWMENT: Balance = 1_000_000 * USD_UNIT;
/// The pool: 10 000 tokens against 10 000 USD, one token per dollar.
pub const POOL_NATIVE: Balance = 10_000 * DPN;
pub const POOL_USD: Balance = 10_000 * USD_UNIT;

pub fn usd_config() -> AssetConfigOf<Test> {
	AssetConfig {
		unit: USD_UNIT,
		buy_back_cap: 100 * USD_UNIT,
		grant_cap: 50 * USD_UNIT,
		accepts_payments: true,
	}
}

pub fn default_params() -> ParamsOf<Test> {
	TreasuryParams {
		burn_share: Perbill::from_percent(80),
		fee_share: Perbill::from_percent(50),
		max_slippage: Perbill::from_percent(3),
		native_grant_cap: 100 * DPN,
	}
}

pub fn pot() -> AccountId {
	Treasury::account_id()
}

pub fn free(who: AccountId) -> Balance {
	pallet_balances::Pallet::<Test>::free_balance(who)
}

pub fn usd(who: AccountId) -> Balance {
	pallet_assets::Pallet::<Test, pallet_assets::Instance1>::balance(USD, who)
}

pub fn issuance() -> Balance {
	pallet_balances::Pallet::<Test>::total_issuance()
}

pub fn events() -> alloc::vec::Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Treasury(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The next block: the treasury samples prices as its hook does.
pub fn next_block() {
	let n = System::block_number() + 1;
	System::set_block_number(n);
	Treasury::on_initialize(n);
}

/// Runs `blocks` blocks.
pub fn run_blocks(blocks: u32) {
	for _ in 0..blocks {
		next_block();
	}
}

/// Ends the open epoch as the runtime does: in the first block of the next epoch the epoch
/// clock closes it (before the treasury samples the new epoch's first price).
pub fn close() -> EpochIndex {
	let e = MockClock::current_epoch();
	unhashed::put(&key(b"epoch", ()), &(e + 1));
	let n = System::block_number() + 1;
	System::set_block_number(n);
	<Treasury as OnEpochClosed>::on_epoch_closed(e);
	Treasury::on_initialize(n);
	e
}

/// The books balance the pot exactly (no outside transfers in these tests).
pub fn assert_books_exact() {
	for key in [None, Some(USD), Some(EUR)] {
		assert_eq!(Treasury::held(key), Treasury::booked(key), "books of {key:?}");
	}
}

pub struct ExtBuilder {
	params: ParamsOf<Test>,
	assets: alloc::vec::Vec<(AssetId, AssetConfigOf<Test>)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { params: default_params(), assets: alloc::vec![(USD, usd_config())] }
	}
}

impl ExtBuilder {
	pub fn params(mut self, f: impl FnOnce(&mut ParamsOf<Test>)) -> Self {
		f(&mut self.params);
		self
	}
	pub fn no_assets(mut self) -> Self {
		self.assets.clear();
		self
	}
	pub fn build(self) -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: alloc::vec![(ALICE, ENDOWMENT), (BOB, ENDOWMENT), (CHARLIE, ENDOWMENT)],
			..Default::default()
		}
		.assimilate_storage(&mut t)
		.unwrap();
		pallet_assets::GenesisConfig::<Test, pallet_assets::Instance1> {
			assets: alloc::vec![
				(USD, ALICE, true, 1),
				(EUR, ALICE, true, 1),
				(NOPOOL, ALICE, true, 1)
			],
			metadata: alloc::vec![],
			accounts: [USD, EUR, NOPOOL]
				.into_iter()
				.flat_map(|a| [(a, ALICE, USD_ENDOWMENT), (a, BOB, USD_ENDOWMENT)])
				.collect(),
			next_asset_id: None,
			reserves: alloc::vec![],
		}
		.assimilate_storage(&mut t)
		.unwrap();
		let pools =
			alloc::vec![(ALICE, USD, POOL_NATIVE, POOL_USD), (ALICE, EUR, POOL_NATIVE, POOL_USD)];
		pallet_buyback_treasury::GenesisConfig::<Test> {
			params: Some(self.params),
			pools,
			assets: self.assets,
		}
		.assimilate_storage(&mut t)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Treasury::do_try_state().expect("invariants hold after the test");
		})
	}
}

#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().no_assets().build()
}
