//! Proof of physical work: the epoch clock's bounds, the pool policy for feeless device
//! reports, and the parameters a chain starts with.
//!
//! A chain builder sets the epoch length, challenge rate, witness rules and fraud economics in
//! [`production_params`] (and [`development_params`] for local chains), and the bounds within
//! which governance may move them in the `parameter_types!` below.

use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64, Randomness},
};
use pallet_physical_work::{CoverageRule, QualityRule, WorkParams};
use sp_runtime::{
	traits::{BlakeTwo256, Hash as _},
	Perbill, Permill,
};

use crate::{
	token::UNIT, Balance, Balances, BlockNumber, DeviceRegistry, Hash, Runtime, RuntimeHoldReason,
	Signature, System, DAYS, HOURS,
};

parameter_types! {
	/// Five blocks (30 s): short enough for development chains to show several epochs.
	pub const MinEpochLength: BlockNumber = 5;
	pub const MaxEpochLength: BlockNumber = 7 * DAYS;
}

/// Randomness for storage challenges from the parent block's hash.
///
/// On an Aura chain nothing better is available without a VRF: a block author could withhold
/// its block to re-roll the next epoch's draw once, at the price of its slot. Challenges only
/// pick which devices prove their data; a device cannot know in advance whether it is picked, so
/// it must keep all of it.
pub struct ParentHashRandomness;

impl Randomness<Hash, BlockNumber> for ParentHashRandomness {
	fn random(subject: &[u8]) -> (Hash, BlockNumber) {
		let parent = System::parent_hash();
		let known_since = System::block_number().saturating_sub(1);
		(BlakeTwo256::hash_of(&(subject, parent)), known_since)
	}
}

impl pallet_physical_work::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Registry = DeviceRegistry;
	type AdminOrigin = super::dao::ParametersOrigin;
	type Randomness = ParentHashRandomness;
	// Customers sign receipts with the same keys they sign transactions with.
	type CustomerSignature = Signature;
	// As each epoch closes, reward emission mints and fixes its rewards, then the treasury
	// buys back and burns (its burns are re-minted at the next close, up to the net cap).
	type OnEpochClosed = (crate::RewardEmission, crate::BuybackTreasury);
	// Each device's closed epoch is handed on once: reward emission credits its reward, the
	// service market allots its units to the device's orders.
	type OnWorkClosed = (crate::RewardEmission, crate::ServiceMarket);
	// Bonds of rejected fraud reports go to the treasury.
	type OnSlash = pallet_buyback_treasury::SlashRevenue<Runtime>;
	// Storage proofs earn for the data customers ordered kept.
	type StorageDemand = crate::ServiceMarket;
	// Receipts count against customers' funded orders; a receipt device is credited the
	// value of their take, in the unit reward emission caps its class's pool by.
	type ReceiptOrders = crate::ServiceMarket;
	type DemandUnit = super::reward_emission::DemandUnit;
	type MinEpochLength = MinEpochLength;
	type MaxEpochLength = MaxEpochLength;
	// A month of hourly epochs of class sums (one per class and epoch) and of fraud proofs;
	// reward emission's claim window fits in it.
	type RetainedEpochs = ConstU32<720>;
	type MaxChallengesPerEpoch = ConstU32<64>;
	// An epoch's class sums (at most the registry's 32 classes) go in one block.
	type PruneBatch = ConstU32<256>;
	// Signed transactions start at a fee-based priority of at least 1: feeless reports never
	// push them out of a block or of the pool.
	type ReportPriority = ConstU64<0>;
	type MaxOpenFraudReports = ConstU32<128>;
	// A full batch of telemetry reports weighs about a tenth of a block.
	type MaxReportsPerBatch = ConstU32<1000>;
	// A class's scoring is shared by a few bonded oracles, each posting up to 256 devices a
	// call (a post of 256 weighs about a hundredth of a block).
	type MaxOraclesPerClass = ConstU32<8>;
	type MaxScoresPerPost = ConstU32<256>;
	type MaxOpenScoreDisputes = ConstU32<128>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::Helper;
	type WeightInfo = pallet_physical_work::weights::SubstrateWeight<Runtime>;
}

/// Parameters of a live network: hourly epochs, 16 storage challenges per epoch answered
/// within 10 minutes, hotspot witnesses between 300 m and 50 km, maker-attested, cells of about
/// 1.1 km worth 250 units an epoch (about one full beacon and its witnesses), fraud that
/// costs, and quality oracles bonded at 1 000 tokens whose scores (10% to 100%) can be disputed
/// for 10 minutes before the epoch they apply to, for a 20-token bond.
pub fn production_params() -> WorkParams<Balance, BlockNumber> {
	WorkParams {
		epoch_length: HOURS,
		max_reading_age: HOURS,
		challenges_per_epoch: 16,
		response_window: HOURS / 6,
		miss_penalty: Permill::from_percent(20),
		score_recovery: Permill::from_percent(5),
		beacon_units: 10,
		witness_units: 4,
		max_witnesses: 14,
		min_witness_distance_m: 300,
		max_witness_distance_m: 50_000,
		equivocation_slash: 50 * UNIT,
		prover_reward: Perbill::from_percent(20),
		fraud_report_bond: 10 * UNIT,
		coverage: CoverageRule { cell_udeg: 10_000, cell_units: 250, witness_needs_maker: true },
		quality: QualityRule {
			oracle_bond: 1_000 * UNIT,
			dispute_bond: 20 * UNIT,
			dispute_window: HOURS / 6,
			min_score: Permill::from_percent(10),
			oracle_slash: Perbill::from_percent(20),
		},
	}
}

/// Parameters of development and local chains: one-minute epochs (ten blocks) so that tests
/// and demos see several epochs, challenges answered within the epoch, witnesses from 0 m
/// so that devices registered at one spot can witness each other, and scores disputable for
/// the last three blocks before their epoch.
pub fn development_params() -> WorkParams<Balance, BlockNumber> {
	let production = production_params();
	WorkParams {
		epoch_length: 10,
		max_reading_age: 10,
		response_window: 10,
		challenges_per_epoch: 4,
		min_witness_distance_m: 0,
		quality: QualityRule { dispute_window: 3, ..production.quality },
		..production
	}
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use super::*;
	use crate::AccountId;
	use depin_primitives::{DeviceId, Location, ProofKind};
	use sp_core::crypto::KeyTypeId;
	use sp_runtime::{traits::IdentifyAccount, MultiSigner};

	const CUSTOMER_KEYS: KeyTypeId = KeyTypeId(*b"cust");

	fn customer_key(index: u32) -> sp_core::sr25519::Public {
		let seed = alloc::format!("//customer{index}").into_bytes();
		sp_io::crypto::sr25519_generate(CUSTOMER_KEYS, Some(seed))
	}

	pub struct Helper;

	impl pallet_physical_work::BenchmarkHelper<AccountId, Signature> for Helper {
		fn register_device(
			owner: &AccountId,
			device: DeviceId,
			kind: ProofKind,
			location: Option<Location>,
		) {
			pallet_device_registry::Pallet::<Runtime>::register_for_benchmark(
				owner, device, kind, location,
			)
			.expect("a device registers for the benchmark");
		}
		fn customer(index: u32) -> AccountId {
			MultiSigner::from(customer_key(index)).into_account()
		}
		fn sign_as_customer(index: u32, payload: &[u8]) -> Signature {
			let key = customer_key(index);
			sp_io::crypto::sr25519_sign(CUSTOMER_KEYS, &key, payload)
				.expect("the customer key is in the keystore")
				.into()
		}
		fn order_for_receipts(
			owner: &AccountId,
			device: DeviceId,
			index: u32,
		) -> depin_primitives::OrderId {
			use frame_support::traits::fungible::Mutate;
			type Market = pallet_service_market::Pallet<Runtime>;
			let offer = match pallet_service_market::DeviceOffers::<Runtime>::get(device).first() {
				Some(offer) => *offer,
				None => {
					let terms = pallet_service_market::Terms {
						asset: None,
						price_per_unit: UNIT,
						units_per_epoch: pallet_physical_work::MAX_RECEIPTS.into(),
						min_epochs: 1,
						max_epochs: 10,
						notice_epochs: 0,
					};
					Market::offer(crate::RuntimeOrigin::signed(owner.clone()), device, terms)
						.expect("the owner offers its device");
					pallet_service_market::NextOfferId::<Runtime>::get() - 1
				},
			};
			let customer = Self::customer(index);
			Balances::set_balance(&customer, 1_000 * UNIT);
			let id = pallet_service_market::NextOrderId::<Runtime>::get();
			Market::order(crate::RuntimeOrigin::signed(customer), offer, 1, 1, None, UNIT)
				.expect("the customer orders");
			id
		}
	}
}
