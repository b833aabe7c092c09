//! The buy-back treasury: what share of revenue and fees is burned, how far a buy-back may
//! slip, how much may be granted, and the stablecoin of development chains.
//!
//! A chain builder sets the economics in [`production_params`] and the bounds below; a live
//! chain accepts an asset (a bridged stablecoin) through governance (`set_asset`) once its DEX
//! pool exists.

use frame_support::traits::tokens::fungible::NativeOrWithId;
use frame_support::{parameter_types, traits::ConstU32, PalletId};
use pallet_buyback_treasury::{AssetConfig, TreasuryParams};
use sp_runtime::Perbill;

use crate::{
	token::UNIT, AssetConversion, AssetId, Assets, Balance, Balances, DeviceRegistry, PhysicalWork,
	RewardEmission, Runtime,
};

parameter_types! {
	pub const TreasuryPalletId: PalletId = PalletId(*b"depin/tr");
	/// Governance may allow a buy-back to fill at most 10% below the reference price.
	pub const MaxSlippage: Perbill = Perbill::from_percent(10);
}

/// The development chains' stablecoin: "Dev USD" (dUSD), 6 decimals, asset id 1.
pub const DEV_STABLECOIN: AssetId = 1;
/// One dUSD in its smallest units.
pub const DEV_STABLECOIN_UNIT: Balance = 1_000_000;
/// The development pool: 100 000 tokens against 100 000 dUSD, one token per dollar.
pub const DEV_POOL_NATIVE: Balance = 100_000 * UNIT;
/// See [`DEV_POOL_NATIVE`].
pub const DEV_POOL_STABLECOIN: Balance = 100_000 * DEV_STABLECOIN_UNIT;
/// What each endowed development account holds of dUSD.
pub const DEV_STABLECOIN_ENDOWMENT: Balance = 1_000_000 * DEV_STABLECOIN_UNIT;

impl pallet_buyback_treasury::Config for Runtime {
	type Currency = Balances;
	type AssetId = AssetId;
	type Assets = Assets;
	type AssetKind = NativeOrWithId<AssetId>;
	type AssetKindOf = pallet_buyback_treasury::NativeOrAsset;
	type Dex = AssetConversion;
	// Pools are created through the DEX's own calls (genesis and benchmarks).
	type DexSetup = pallet_buyback_treasury::AssetConversionPools<Runtime>;
	type Registry = DeviceRegistry;
	type Clock = PhysicalWork;
	// Burns are re-minted by the emission up to its net emission cap.
	type OnBurned = RewardEmission;
	type AdminOrigin = super::dao::ParametersOrigin;
	type GrantOrigin = super::dao::GrantsOrigin;
	type PalletId = TreasuryPalletId;
	// Each accepted asset costs one price sample per block and one swap per epoch close.
	type MaxAssets = ConstU32<4>;
	type MaxMemoLen = ConstU32<64>;
	type MaxSlippage = MaxSlippage;
	// 30 days of hourly epochs.
	type ReportRetention = ConstU32<720>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::Helper;
	type WeightInfo = pallet_buyback_treasury::weights::SubstrateWeight<Runtime>;
}

/// A live network: 80% of customer revenue (and of the fee share) bought back and burned,
/// half of every fee to the treasury, buy-backs within 3% of the epoch's average price, at
/// most 10 000 tokens granted per epoch.
pub fn production_params() -> TreasuryParams<Balance> {
	TreasuryParams {
		burn_share: Perbill::from_percent(80),
		fee_share: Perbill::from_percent(50),
		max_slippage: Perbill::from_percent(3),
		native_grant_cap: 10_000 * UNIT,
	}
}

/// Development chains: the same economics.
pub fn development_params() -> TreasuryParams<Balance> {
	production_params()
}

/// How the development chains accept dUSD: up to 10 000 dUSD bought back and 1 000 granted
/// per epoch.
pub fn dev_stablecoin_config() -> AssetConfig<Balance> {
	AssetConfig {
		unit: DEV_STABLECOIN_UNIT,
		buy_back_cap: 10_000 * DEV_STABLECOIN_UNIT,
		grant_cap: 1_000 * DEV_STABLECOIN_UNIT,
		accepts_payments: true,
	}
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use super::*;
	use crate::AccountId;
	use depin_primitives::DeviceId;
	use pallet_buyback_treasury::Served;

	pub struct Helper;

	impl pallet_buyback_treasury::BenchmarkHelper<AccountId, AssetId> for Helper {
		fn create_asset(i: u32, owner: &AccountId) -> AssetId {
			let id = 1_000 + i;
			Assets::force_create(
				frame_system::RawOrigin::Root.into(),
				id.into(),
				sp_runtime::MultiAddress::Id(owner.clone()),
				true,
				1,
			)
			.expect("a new asset");
			id
		}

		fn served() -> Served {
			// A device written directly: the benchmarks measure payments, not registration.
			let device = DeviceId::from_raw([0xbe; 32]);
			let owner: AccountId = frame_benchmarking::account("owner", 0, 0);
			crate::configs::device_registry::benchmark_device(&owner, device, 0);
			Served::Device(device)
		}
	}
}
