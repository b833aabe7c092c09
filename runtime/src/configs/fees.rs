//! Transaction fees: how much a transaction costs and where the fee goes.
//!
//! fee = base fee + length fee + weight fee × multiplier (+ tip), where
//! - the weight fee maps [`ExtrinsicBaseWeight`] (an empty transaction) to [`BASE_FEE`]
//!   and scales linearly with weight;
//! - the length fee is [`TransactionByteFee`] per encoded byte;
//! - the multiplier rises when blocks are fuller than [`TargetBlockFullness`] and falls back
//!   when they are emptier, within [`MinimumMultiplier`] and [`MaximumMultiplier`], so that a
//!   flood of transactions gets more expensive the longer it lasts.
//!
//! The buy-back treasury takes its `fee_share` of every fee and tip; the rest is burned.

use frame_support::{
	parameter_types,
	traits::ConstU8,
	weights::{
		constants::ExtrinsicBaseWeight, WeightToFeeCoefficient, WeightToFeeCoefficients,
		WeightToFeePolynomial,
	},
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use smallvec::smallvec;
use sp_runtime::{traits::Bounded, FixedPointNumber, Perbill, Perquintill};

use crate::{
	token::{MICRO_UNIT, MILLI_UNIT},
	Balance, Balances, Runtime, RuntimeEvent,
};

/// What a transaction of [`ExtrinsicBaseWeight`] pays for its weight: a tenth of a milli-token.
pub const BASE_FEE: Balance = MILLI_UNIT / 10;

/// Maps weight to a fee, linearly: [`ExtrinsicBaseWeight`] costs [`BASE_FEE`].
pub struct WeightToFee;
impl WeightToFeePolynomial for WeightToFee {
	type Balance = Balance;
	fn polynomial() -> WeightToFeeCoefficients<Self::Balance> {
		let p = BASE_FEE;
		let q = Balance::from(ExtrinsicBaseWeight::get().ref_time());
		smallvec![WeightToFeeCoefficient {
			degree: 1,
			negative: false,
			coeff_frac: Perbill::from_rational(p % q, q),
			coeff_integer: p / q,
		}]
	}
}

parameter_types! {
	/// Fee per encoded byte of a transaction.
	pub const TransactionByteFee: Balance = MICRO_UNIT;
	/// Blocks are kept a quarter full on average; fuller blocks raise the fee multiplier.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the multiplier reacts. A block whose normal class is full (fullness 1 against
	/// the 25% target) raises it by about v × 0.75 = 2.25 × 10⁻⁵: an hour of full 6-second
	/// blocks (600) raises fees by about 1.4%, and they double after about 30 800 full blocks,
	/// some 51 hours.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(3, 100_000);
	/// The multiplier never falls below this, so that fees never become free.
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_rational(1, 10u128);
	/// No upper bound beyond the type's own.
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

/// The fee multiplier's update rule (see the module docs).
pub type SlowAdjustingFeeUpdate<R> = TargetedFeeAdjustment<
	R,
	TargetBlockFullness,
	AdjustmentVariable,
	MinimumMultiplier,
	MaximumMultiplier,
>;

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction =
		FungibleAdapter<Balances, pallet_buyback_treasury::FeeRevenue<Runtime>>;
	type WeightToFee = WeightToFee;
	type LengthToFee = frame_support::weights::ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = SlowAdjustingFeeUpdate<Self>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}
