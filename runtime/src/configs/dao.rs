//! Governance: the tracks, their settings in each preset, and which track may change what.
//!
//! The DAO is the admin of every DePIN pallet. Each track yields its own origin, and each
//! pallet accepts the tracks that fit its calls (and root: sudo on development chains, the
//! upgrade track on a live one):
//!
//! | pallet | calls | tracks |
//! |---|---|---|
//! | device registry | classes, makers, suspensions, parameters | devices, emergency |
//! | physical work | parameters, fraud decisions | parameters, emergency |
//! | reward emission | parameters, breaker, community pool | parameters, emergency |
//! | buy-back treasury | parameters, accepted assets | parameters, emergency |
//! | buy-back treasury | grants | grants |
//! | DAO | tracks, lock period, boost | root only (the upgrade track) |
//! | DAO | cancel or kill a proposal | emergency |
//!
//! A chain builder changes the tracks in [`production_tracks`] and the bounds below.

use alloc::{vec, vec::Vec};
use frame_support::{
	parameter_types,
	traits::{ConstU32, Contains, EitherOfDiverse, Everything},
	weights::Weight,
};
use frame_system::EnsureRoot;
use pallet_dao::{DaoParams, EnsureTrack, Track, TrackInfo};
use sp_runtime::{Perbill, Permill};

use crate::{
	configs::RuntimeBlockWeights, token::UNIT, AccountId, Balance, Balances, BlockNumber,
	OriginCaller, Preimage, RewardEmission, Runtime, RuntimeCall, RuntimeFreezeReason,
	RuntimeHoldReason, Scheduler, DAYS, HOURS,
};

/// Tracks whose origin a set of calls accepts.
macro_rules! tracks {
	($name:ident: $($track:ident),+) => {
		#[doc = concat!("The tracks: ", $(stringify!($track), " "),+)]
		pub struct $name;
		impl Contains<Track> for $name {
			fn contains(t: &Track) -> bool {
				matches!(t, $(Track::$track)|+)
			}
		}
	};
}

tracks!(DevicesTracks: Devices, Emergency);
tracks!(ParameterTracks: Parameters, Emergency);
tracks!(GrantTracks: Grants);
tracks!(EmergencyTracks: Emergency);

/// Root, or a proposal approved on one of `Tracks`.
pub type RootOrTracks<Tracks> = EitherOfDiverse<EnsureRoot<AccountId>, EnsureTrack<Tracks>>;
/// The admin of the device registry.
pub type DevicesOrigin = RootOrTracks<DevicesTracks>;
/// The admin of the parameters of physical work, emission and the treasury.
pub type ParametersOrigin = RootOrTracks<ParameterTracks>;
/// Who may grant from the treasury.
pub type GrantsOrigin = RootOrTracks<GrantTracks>;

parameter_types! {
	/// A proposal's call may use 60% of a block: the scheduler's 80% less the DAO's own work.
	pub MaxCallWeight: Weight = Perbill::from_percent(60) * RuntimeBlockWeights::get().max_block;
	/// A contributor's voting power may at most double.
	pub const MaxBoost: Permill = Permill::from_percent(100);
}

impl pallet_dao::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type Currency = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Preimages = Preimage;
	type Scheduler = Scheduler;
	// Contributors: accounts whose devices earned rewards lately.
	type Boost = RewardEmission;
	// Deposits of spam proposals go to the treasury, where they may be granted.
	type OnSlash = pallet_buyback_treasury::SlashRevenue<Runtime>;
	// Tracks are the constitution: only root changes them (the upgrade track on a live chain).
	type AdminOrigin = EnsureRoot<AccountId>;
	type CancelOrigin = RootOrTracks<EmergencyTracks>;
	type EnactOrigin = EnsureTrack<Everything>;
	// Sixteen proposals at once; the hook decides at most that many in one block.
	type MaxLive = ConstU32<16>;
	// The preimage pallet's limit: room for a runtime upgrade's code.
	type MaxCallLen = ConstU32<{ 4 * 1024 * 1024 }>;
	type MaxCallWeight = MaxCallWeight;
	// Five blocks is for development chains; live tracks vote for days.
	type MinVotingPeriod = ConstU32<5>;
	type MaxVotingPeriod = ConstU32<{ 28 * DAYS }>;
	type MaxEnactmentDelay = ConstU32<{ 28 * DAYS }>;
	type MaxLockPeriod = ConstU32<{ 28 * DAYS }>;
	type MaxBoost = MaxBoost;
	type WeightInfo = pallet_dao::weights::SubstrateWeight<Runtime>;
}

fn track(
	deposit: Balance,
	voting_period: BlockNumber,
	quorum: u32,
	approval: u32,
	enactment_delay: BlockNumber,
	quadratic: bool,
) -> TrackInfo<Balance, BlockNumber> {
	TrackInfo {
		deposit,
		voting_period,
		quorum: Perbill::from_percent(quorum),
		approval: Perbill::from_percent(approval),
		enactment_delay,
		quadratic,
	}
}

/// A live network's tracks: a week to vote on parameters, grants and devices, two on upgrades,
/// a day for emergencies (with a three-quarters majority). Grants count quadratic power, so
/// that many small holders outweigh one large one when money leaves the treasury.
pub fn production_tracks() -> Vec<(Track, TrackInfo<Balance, BlockNumber>)> {
	vec![
		(Track::Parameters, track(1_000 * UNIT, 7 * DAYS, 2, 50, DAYS, false)),
		(Track::Grants, track(500 * UNIT, 7 * DAYS, 1, 50, DAYS, true)),
		(Track::Devices, track(500 * UNIT, 3 * DAYS, 1, 50, DAYS, false)),
		(Track::Upgrade, track(5_000 * UNIT, 14 * DAYS, 5, 66, 2 * DAYS, false)),
		(Track::Emergency, track(5_000 * UNIT, DAYS, 5, 75, HOURS, false)),
	]
}

/// A live network's lock period (a week per conviction step) and boost (a fully active
/// contributor votes with 25% more).
pub fn production_params() -> DaoParams<BlockNumber> {
	DaoParams { lock_period: 7 * DAYS, max_boost: Permill::from_percent(25) }
}

/// Development chains: every track votes for ten blocks and enacts two blocks later, with a
/// 1% quorum, so that one endowed account decides alone.
pub fn dev_tracks() -> Vec<(Track, TrackInfo<Balance, BlockNumber>)> {
	vec![
		(Track::Parameters, track(10 * UNIT, 10, 1, 50, 2, false)),
		(Track::Grants, track(10 * UNIT, 10, 1, 50, 2, true)),
		(Track::Devices, track(10 * UNIT, 10, 1, 50, 2, false)),
		(Track::Upgrade, track(10 * UNIT, 10, 1, 66, 2, false)),
		(Track::Emergency, track(10 * UNIT, 5, 1, 75, 1, false)),
	]
}

/// Development chains: a ten-block lock period and a 50% boost.
pub fn dev_params() -> DaoParams<BlockNumber> {
	DaoParams { lock_period: 10, max_boost: Permill::from_percent(50) }
}
