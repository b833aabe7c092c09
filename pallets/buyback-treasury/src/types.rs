//! The treasury's records: parameters, allowed assets, books and epoch reports.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{DeviceClassId, DeviceId, EpochIndex, RevenueSource};
use frame_support::{
	pallet_prelude::Get, BoundedVec, CloneNoBound, DebugNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{traits::Zero, Perbill};

/// What the admin origin tunes.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct TreasuryParams<Balance> {
	/// The share of customer revenue and of the fee share that is bought back and burned
	/// (stablecoins) or burned directly (native). The rest may be granted.
	pub burn_share: Perbill,
	/// The share of every transaction fee (and tip) that reaches the treasury; the rest of
	/// the fee is burned.
	pub fee_share: Perbill,
	/// How far below the reference price (the time-weighted average of the closed epoch) a
	/// buy-back may fill. A pool further from it makes the buy-back wait.
	pub max_slippage: Perbill,
	/// Most native tokens granted per epoch.
	pub native_grant_cap: Balance,
}

/// An asset the treasury accepts as payment and buys the native token back with.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct AssetConfig<Balance> {
	/// One whole unit of the asset in its smallest units (10^decimals). Prices are native
	/// tokens (smallest units) per one unit of the asset.
	pub unit: Balance,
	/// Most of the asset the treasury swaps for the native token per epoch.
	pub buy_back_cap: Balance,
	/// Most of the asset granted per epoch.
	pub grant_cap: Balance,
	/// Whether customers may pay with it. An asset being retired stops taking payments
	/// while the buy-back and grants spend what the treasury holds of it.
	pub accepts_payments: bool,
}

/// What a payment was for.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Served {
	/// Service from a device class as a whole (coverage, storage, compute of the network).
	Class(DeviceClassId),
	/// Service from one device.
	Device(DeviceId),
}

/// The treasury's holdings of one asset (`None`: the native token), as the books say.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Funds<Balance> {
	/// Waiting to be bought back (assets) or burned (native) at the next epoch close.
	pub queued: Balance,
	/// Available for grants.
	pub grantable: Balance,
}

/// Everything that ever moved through the treasury in one asset, since genesis.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Flows<Balance> {
	/// Paid in (revenue of every source; for the native token, also what buy-backs bought).
	pub received: Balance,
	/// Swapped away for the native token.
	pub swapped: Balance,
	/// Burned (native only).
	pub burned: Balance,
	/// Granted.
	pub granted: Balance,
	/// Bought back with other assets (native only; all of it burned).
	pub bought: Balance,
}

/// Native-token revenue of an epoch, by source.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct NativeRevenue<Balance> {
	/// Customers' payments for service.
	pub service: Balance,
	/// The treasury's share of transaction fees.
	pub fees: Balance,
	/// Slashed bonds.
	pub slashes: Balance,
	/// Rewards that expired unclaimed.
	pub expired_rewards: Balance,
	/// The treasury's share of the emission.
	pub emission: Balance,
}

impl<Balance: Copy + sp_runtime::Saturating + Zero> NativeRevenue<Balance> {
	/// Adds `amount` under `source`. Saturating: a report's running figure, never money.
	pub fn add(&mut self, source: RevenueSource, amount: Balance) {
		let slot = match source {
			RevenueSource::Service => &mut self.service,
			RevenueSource::Fees => &mut self.fees,
			RevenueSource::Slash => &mut self.slashes,
			RevenueSource::ExpiredRewards => &mut self.expired_rewards,
			RevenueSource::Emission => &mut self.emission,
		};
		*slot = slot.saturating_add(amount);
	}

	/// All native revenue of the epoch.
	pub fn total(&self) -> Balance {
		self.service
			.saturating_add(self.fees)
			.saturating_add(self.slashes)
			.saturating_add(self.expired_rewards)
			.saturating_add(self.emission)
	}
}

/// What happened to one asset in an epoch.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct AssetReport<AssetId, Balance> {
	/// The asset.
	pub asset: AssetId,
	/// Customers paid this much of it in the epoch.
	pub revenue: Balance,
	/// This much of it was swapped for the native token at the epoch's close.
	pub spent: Balance,
	/// The native tokens the swap bought (all burned).
	pub bought: Balance,
	/// The reference price: native smallest units per unit of the asset, averaged over the
	/// epoch's blocks. `None` if the pool gave no price in the epoch.
	pub reference_price: Option<Balance>,
	/// The price the buy-back paid: native smallest units bought per unit spent.
	pub average_price: Option<Balance>,
	/// What stays queued for a later close: beyond the cap, or beyond the slippage bound.
	pub deferred: Balance,
	/// The buy-back cap at the close.
	pub buy_back_cap: Balance,
	/// Granted of it in the epoch.
	pub granted: Balance,
}

impl<AssetId, Balance: Zero> AssetReport<AssetId, Balance> {
	/// An empty entry for `asset`.
	pub fn new(asset: AssetId) -> Self {
		Self {
			asset,
			revenue: Zero::zero(),
			spent: Zero::zero(),
			bought: Zero::zero(),
			reference_price: None,
			average_price: None,
			deferred: Zero::zero(),
			buy_back_cap: Zero::zero(),
			granted: Zero::zero(),
		}
	}
}

/// The public report of an epoch: what came in, what was spent, bought, burned and granted.
/// Revenue and grants accrue while the epoch is open; the buy-back and the burn are recorded
/// when it closes.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxAssets))]
pub struct EpochReport<AssetId, Balance, MaxAssets>
where
	AssetId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxAssets: Get<u32>,
{
	/// Native-token revenue by source.
	pub native: NativeRevenue<Balance>,
	/// Native tokens granted in the epoch.
	pub native_granted: Balance,
	/// Each asset paid, bought back or granted in the epoch.
	pub assets: BoundedVec<AssetReport<AssetId, Balance>, MaxAssets>,
	/// Native tokens bought back at the close (all burned).
	pub bought: Balance,
	/// Native tokens burned at the close: what was bought plus the burned share of native
	/// revenue.
	pub burned: Balance,
	/// Whether the epoch has closed and the figures are final.
	pub closed: bool,
}

impl<AssetId, Balance, MaxAssets> Default for EpochReport<AssetId, Balance, MaxAssets>
where
	AssetId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug + Zero,
	MaxAssets: Get<u32>,
{
	fn default() -> Self {
		Self {
			native: NativeRevenue {
				service: Zero::zero(),
				fees: Zero::zero(),
				slashes: Zero::zero(),
				expired_rewards: Zero::zero(),
				emission: Zero::zero(),
			},
			native_granted: Zero::zero(),
			assets: BoundedVec::new(),
			bought: Zero::zero(),
			burned: Zero::zero(),
			closed: false,
		}
	}
}

/// Price samples of one asset within an epoch: one per block, summed, for the time-weighted
/// average.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct PriceSamples<Balance> {
	/// The epoch sampled.
	pub epoch: EpochIndex,
	/// The sum of the samples (saturating: a sum this large would need prices near the
	/// largest balance for billions of blocks).
	pub sum: Balance,
	/// How many blocks were sampled.
	pub count: u32,
}

/// What was granted of one asset in an epoch, against its cap.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Granted<Balance> {
	/// The epoch.
	pub epoch: EpochIndex,
	/// Granted in it so far.
	pub amount: Balance,
	/// The cap that applied to the last grant.
	pub cap: Balance,
}

/// Totals since genesis, from the native token's flows.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct TreasuryTotals<Balance> {
	/// Native tokens burned.
	pub burned: Balance,
	/// Native tokens bought back (all of them burned).
	pub bought: Balance,
}

/// An epoch report as the runtime API returns it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct PublicReport<AssetId, Balance> {
	/// The epoch.
	pub epoch: EpochIndex,
	/// Native-token revenue by source.
	pub native: NativeRevenue<Balance>,
	/// Native tokens granted in the epoch.
	pub native_granted: Balance,
	/// Each asset paid, bought back or granted in the epoch.
	pub assets: alloc::vec::Vec<AssetReport<AssetId, Balance>>,
	/// Native tokens bought back at the close.
	pub bought: Balance,
	/// Native tokens burned at the close.
	pub burned: Balance,
	/// Whether the figures are final.
	pub closed: bool,
}

impl<AssetId, Balance, MaxAssets> EpochReport<AssetId, Balance, MaxAssets>
where
	AssetId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxAssets: Get<u32>,
{
	/// The report of `epoch` for readers.
	pub fn public(self, epoch: EpochIndex) -> PublicReport<AssetId, Balance> {
		PublicReport {
			epoch,
			native: self.native,
			native_granted: self.native_granted,
			assets: self.assets.into_inner(),
			bought: self.bought,
			burned: self.burned,
			closed: self.closed,
		}
	}
}
