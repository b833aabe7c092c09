//! Reward emission: the token's emission curve, its split, and the bounds within which
//! governance may move them.
//!
//! A chain builder sets the curve, the supply cap and the split in [`production_params`] and
//! [`SUPPLY_CAP`] (and [`development_params`] for local chains), and the bounds of governance
//! in the `parameter_types!` below.

use frame_support::{parameter_types, traits::ConstU32, BoundedVec, PalletId};
use pallet_reward_emission::{Curve, EmissionParams, Recipient, Schedule};
use sp_runtime::Perbill;

use crate::{
	token::UNIT, AccountId, Balance, Balances, BlockNumber, DeviceRegistry, PhysicalWork, Runtime,
	RuntimeFreezeReason, DAYS,
};

/// The hard cap on the token's total issuance: one billion tokens.
pub const SUPPLY_CAP: Balance = 1_000_000_000 * UNIT;

parameter_types! {
	pub const EmissionPalletId: PalletId = PalletId(*b"depin/em");
	/// Governance moves the emission, the curve and the caps by at most 10% per change ...
	pub const MaxParamStep: Perbill = Perbill::from_percent(10);
	/// ... and a share of the split, the lock share or the decay rate by at most 5 points.
	pub const MaxShareStep: Perbill = Perbill::from_percent(5);
	pub const MaxLockPeriod: BlockNumber = 365 * DAYS;
	/// A receipt device's work is counted in millionths of a token of the take behind it ...
	pub const DemandUnit: Balance = UNIT / 1_000_000;
	/// ... and its class's pool is at most half of that take: buying service from oneself
	/// costs the take and earns back at most half of it.
	pub const DemandRewardCap: Perbill = Perbill::from_percent(50);
}

impl pallet_reward_emission::Config for Runtime {
	type Currency = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Registry = DeviceRegistry;
	type Ledger = PhysicalWork;
	type Clock = PhysicalWork;
	type Treasury = crate::BuybackTreasury;
	type AdminOrigin = super::dao::ParametersOrigin;
	type PalletId = EmissionPalletId;
	// The registry's class limit.
	type MaxClasses = ConstU32<32>;
	type DemandUnit = DemandUnit;
	type DemandRewardCap = DemandRewardCap;
	type MaxParamStep = MaxParamStep;
	type MaxShareStep = MaxShareStep;
	// One change a day (of hourly epochs), whatever the DAO's own pace.
	type ChangeCooldown = ConstU32<24>;
	// A day of hourly epochs.
	type MaxBreakerWindow = ConstU32<24>;
	type MaxLockChunks = ConstU32<16>;
	type MaxLockPeriod = MaxLockPeriod;
	// A day of epochs: an operator whose devices worked today votes with the full boost.
	type ActivityWindow = ConstU32<24>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::Helper;
	type WeightInfo = pallet_reward_emission::weights::SubstrateWeight<Runtime>;
}

/// 70% to device operators, 20% to the treasury, 10% to the community pool.
fn split() -> pallet_reward_emission::Shares<AccountId> {
	BoundedVec::truncate_from(alloc::vec![
		(Recipient::Operators, Perbill::from_percent(70)),
		(Recipient::Treasury, Perbill::from_percent(20)),
		(Recipient::Community, Perbill::from_percent(10)),
	])
}

/// Emission of a live network: 5 000 tokens per hourly epoch, halving every two years
/// (17 520 epochs), so that about 175 million tokens are ever emitted. Burns re-minted up to
/// 500 tokens per epoch. Rewards claimable for 30 days, 25% of each claim locked for 30 days.
/// The breaker stops minting above 3 days of initial emission within a day.
pub fn production_params() -> EmissionParams<AccountId, Balance, BlockNumber> {
	EmissionParams {
		schedule: Schedule {
			initial: 5_000 * UNIT,
			curve: Curve::Halving { interval: 2 * 365 * 24 },
			start: 0,
		},
		shares: split(),
		net_emission_cap: 500 * UNIT,
		claim_window: 720,
		lock_share: Perbill::from_percent(25),
		lock_period: 30 * DAYS,
		breaker_cap: 3 * 24 * 5_000 * UNIT,
		breaker_window: 24,
	}
}

/// Development and local chains: the same curve on one-minute epochs, no time lock, so that
/// a demo sees rewards at once.
pub fn development_params() -> EmissionParams<AccountId, Balance, BlockNumber> {
	EmissionParams { lock_share: Perbill::zero(), lock_period: 0, ..production_params() }
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use super::*;
	use depin_primitives::{DeviceClassId, DeviceId, EpochIndex, ProofKind, WorkUnits};
	use pallet_device_registry::DeviceClass;

	pub struct Helper;

	impl pallet_reward_emission::BenchmarkHelper<AccountId> for Helper {
		fn create_classes(count: u32) -> alloc::vec::Vec<DeviceClassId> {
			while pallet_device_registry::Classes::<Runtime>::count() < count {
				pallet_device_registry::Pallet::<Runtime>::create_class(
					frame_system::RawOrigin::Root.into(),
					DeviceClass {
						name: BoundedVec::truncate_from(b"benchmark".to_vec()),
						proof_kind: ProofKind::AttestedTelemetry,
						bond: UNIT,
						reward_weight: 1,
						max_units_per_epoch: 1_000_000,
						requires_maker: false,
						requires_location: false,
					},
				)
				.expect("a class can be created");
			}
			let mut ids: alloc::vec::Vec<_> =
				pallet_device_registry::Classes::<Runtime>::iter_keys().collect();
			ids.sort();
			ids.truncate(count as usize);
			ids
		}

		fn register_device(owner: &AccountId, device: DeviceId, class: DeviceClassId) {
			crate::configs::device_registry::benchmark_device(owner, device, class);
		}

		fn credit_work(
			epoch: EpochIndex,
			device: &DeviceId,
			class: DeviceClassId,
			units: WorkUnits,
		) {
			pallet_physical_work::Ledger::<Runtime>::insert(
				device,
				pallet_physical_work::DeviceWork {
					units,
					..pallet_physical_work::DeviceWork::empty(epoch, class)
				},
			);
			pallet_physical_work::ClassUnits::<Runtime>::mutate(epoch, class, |u| {
				*u = u.saturating_add(units)
			});
		}

		fn close_ledger_epoch(epoch: EpochIndex) {
			pallet_physical_work::CurrentEpoch::<Runtime>::mutate(|e| {
				e.index = e.index.max(epoch.saturating_add(1))
			});
		}
	}
}
