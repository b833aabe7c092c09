//! The service market: how many offers and orders a device, an owner and a customer may
//! have, how long an order may run, and the bounds of the take rate the DAO sets.
//!
//! A chain builder sets the take in [`production_params`] and its bounds below.

use frame_support::{parameter_types, traits::ConstU32, PalletId};
use pallet_service_market::MarketParams;
use sp_runtime::Perbill;

use crate::{AssetId, DeviceRegistry, PhysicalWork, Runtime};

parameter_types! {
	pub const MarketPalletId: PalletId = PalletId(*b"depin/mk");
	/// The DAO may set the take between 1% and 30% of every settled payment.
	pub const MinTakeRate: Perbill = Perbill::from_percent(1);
	pub const MaxTakeRate: Perbill = Perbill::from_percent(30);
}

impl pallet_service_market::Config for Runtime {
	type AssetId = AssetId;
	type AssetKind = frame_support::traits::tokens::fungible::NativeOrWithId<AssetId>;
	type AssetKindOf = pallet_buyback_treasury::NativeOrAsset;
	type Funds = super::NativeAndAssets;
	type Registry = DeviceRegistry;
	type Ledger = PhysicalWork;
	type Clock = PhysicalWork;
	type Demand = crate::BuybackTreasury;
	type AdminOrigin = super::dao::ParametersOrigin;
	type PalletId = MarketPalletId;
	type MaxOffersPerDevice = ConstU32<4>;
	type MaxOffersPerOwner = ConstU32<1_024>;
	// What handing on a device's closed epoch visits, in one record.
	type MaxOrdersPerDevice = ConstU32<16>;
	type MaxOrdersPerCustomer = ConstU32<64>;
	// 90 days of hourly epochs.
	type MaxOrderEpochs = ConstU32<2_160>;
	// A week of hourly epochs.
	type MaxNoticeEpochs = ConstU32<168>;
	type MinTakeRate = MinTakeRate;
	type MaxTakeRate = MaxTakeRate;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::Helper;
	type WeightInfo = pallet_service_market::weights::SubstrateWeight<Runtime>;
}

/// A live network: 10% of every settled payment to the treasury, bought back and burned.
pub fn production_params() -> MarketParams {
	MarketParams { take_rate: Perbill::from_percent(10) }
}

/// Development chains: the same take.
pub fn development_params() -> MarketParams {
	production_params()
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use super::*;
	use crate::{configs::buyback_treasury::DEV_STABLECOIN, AccountId, Balance};
	use depin_primitives::{DeviceId, EpochIndex, WorkUnits};
	use frame_support::traits::{fungible::NativeOrWithId, fungibles::Mutate};

	/// The genesis sensor class.
	const SENSOR: u32 = 3;

	pub struct Helper;

	impl pallet_service_market::BenchmarkHelper<AccountId, AssetId, Balance> for Helper {
		fn register_device(owner: &AccountId, device: DeviceId) {
			crate::configs::device_registry::benchmark_device(owner, device, SENSOR);
		}

		fn asset() -> Option<AssetId> {
			// The development chain's dUSD: the treasury accepts it and genesis opened the
			// market's account in it.
			Some(DEV_STABLECOIN)
		}

		fn fund(who: &AccountId, asset: Option<AssetId>, amount: Balance) {
			let kind = asset.map_or(NativeOrWithId::Native, NativeOrWithId::WithId);
			super::super::NativeAndAssets::mint_into(kind, who, amount).expect("mintable");
			super::super::NativeAndAssets::mint_into(
				NativeOrWithId::Native,
				who,
				crate::token::UNIT,
			)
			.expect("mintable");
		}

		fn credit_work(epoch: EpochIndex, device: &DeviceId, units: WorkUnits) {
			pallet_physical_work::Ledger::<Runtime>::insert(
				device,
				pallet_physical_work::DeviceWork {
					units,
					..pallet_physical_work::DeviceWork::empty(epoch, SENSOR)
				},
			);
		}

		fn set_epoch(epoch: EpochIndex) {
			pallet_physical_work::CurrentEpoch::<Runtime>::mutate(|e| e.index = epoch);
		}
	}
}
