#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

mod accrual;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod claims;
mod impls;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
#[cfg(test)]
mod mock;
pub mod runtime_api;
pub mod schedule;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

/// What the benchmarks need from the runtime: classes, devices and verified work.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes at least `count` device classes exist, each with a non-zero reward weight, and
	/// returns the ids of `count` of them.
	fn create_classes(count: u32) -> alloc::vec::Vec<depin_primitives::DeviceClassId>;
	/// Registers `device` in `class` for `owner` (funding `owner` as needed).
	fn register_device(
		owner: &AccountId,
		device: depin_primitives::DeviceId,
		class: depin_primitives::DeviceClassId,
	);
	/// Records `units` of verified work of `device` (of `class`) in `epoch` in the ledger, as
	/// the device's latest work, not yet handed on.
	fn credit_work(
		epoch: depin_primitives::EpochIndex,
		device: &depin_primitives::DeviceId,
		class: depin_primitives::DeviceClassId,
		units: depin_primitives::WorkUnits,
	);
	/// Makes the ledger see `epoch` as closed (the clock moved past it).
	fn close_ledger_epoch(epoch: depin_primitives::EpochIndex);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use depin_primitives::{
		DeviceClassId, DeviceId, DeviceRegistry, EpochClock, EpochIndex, RevenueSink, WorkLedger,
		WorkUnits,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{self, Inspect, MutateFreeze},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::Perbill;

	/// The balance type of the pallet's currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// The parameters as stored.
	pub type ParamsOf<T> =
		EmissionParams<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// A recipient as stored.
	pub type RecipientOf<T> = Recipient<<T as frame_system::Config>::AccountId>;
	/// A lock chunk as stored.
	pub type LockChunkOf<T> = LockChunk<BalanceOf<T>, BlockNumberFor<T>>;
	/// A device's accrued rewards.
	pub type AccrualOf<T> = Accrual<BalanceOf<T>>;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet freezes funds.
	#[pallet::composite_enum]
	pub enum FreezeReason {
		/// The locked share of claimed rewards, until its lock period has passed.
		RewardLock,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency, which the pallet mints and freezes.
		type Currency: fungible::Mutate<Self::AccountId>
			+ MutateFreeze<Self::AccountId, Id = Self::RuntimeFreezeReason>;

		/// The overarching freeze reason.
		type RuntimeFreezeReason: From<FreezeReason>;

		/// The device registry: owners and classes with their reward weights.
		type Registry: DeviceRegistry<Self::AccountId, BalanceOf<Self>>;

		/// The verified work of each device and class per epoch.
		type Ledger: WorkLedger;

		/// The epoch clock.
		type Clock: EpochClock<BlockNumberFor<Self>>;

		/// The treasury: receives its share of the emission and expired rewards.
		type Treasury: RevenueSink<Self::AccountId, BalanceOf<Self>>;

		/// Changes the parameters, resets the circuit breaker and spends the community pool:
		/// the DAO in the runtime.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Derives the reward pot (unclaimed operator rewards) and the community pool.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Most device classes an epoch close visits: the registry's class limit.
		#[pallet::constant]
		type MaxClasses: Get<u32>;

		/// The native value behind one unit of a receipt class's work: the ledger credits a
		/// receipt device the value of the take its customers' orders pay, in these units (the
		/// same value as physical work's `DemandUnit`).
		#[pallet::constant]
		type DemandUnit: Get<BalanceOf<Self>>;

		/// The most a receipt class's pool may be, as a share of the take behind its units
		/// (`units × DemandUnit`). Below 100%, so that an owner who buys service from its own
		/// device pays more take than the emission the purchase earns; the rest of the pool is
		/// not minted.
		#[pallet::constant]
		type DemandRewardCap: Get<Perbill>;

		/// Most a governance change may move the initial emission, the curve, the net
		/// emission cap and the breaker cap, relative to their old values (±).
		#[pallet::constant]
		type MaxParamStep: Get<Perbill>;

		/// Most percentage points a governance change may move a share (of the split, the
		/// time lock, the decay rate).
		#[pallet::constant]
		type MaxShareStep: Get<Perbill>;

		/// Epochs that must pass between two parameter changes.
		#[pallet::constant]
		type ChangeCooldown: Get<EpochIndex>;

		/// Longest circuit-breaker window, in epochs.
		#[pallet::constant]
		type MaxBreakerWindow: Get<u32>;

		/// Most separate lock chunks an account keeps; later claims merge into the last one.
		#[pallet::constant]
		type MaxLockChunks: Get<u32>;

		/// Longest time lock on claimed rewards, in blocks.
		#[pallet::constant]
		type MaxLockPeriod: Get<BlockNumberFor<Self>>;

		/// Epochs over which a contributor's activity (as governance reads it through
		/// `VotingPowerBoost`) fades from full to none after its last rewarded epoch.
		#[pallet::constant]
		type ActivityWindow: Get<EpochIndex>;

		/// Creates classes, devices and work for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;

		/// Weights of the calls and the epoch close, from the benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// The parameters the admin origin tunes.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, DefaultParams<T>>;

	/// Parameters before genesis sets them: emit nothing, all of it to operators.
	#[pallet::type_value]
	pub fn DefaultParams<T: Config>() -> ParamsOf<T> {
		EmissionParams {
			schedule: Schedule {
				initial: Zero::zero(),
				curve: Curve::Halving { interval: 1 },
				start: 0,
			},
			shares: BoundedVec::truncate_from(alloc::vec![(Recipient::Operators, Perbill::one())]),
			net_emission_cap: Zero::zero(),
			claim_window: 1,
			lock_share: Perbill::zero(),
			lock_period: Zero::zero(),
			breaker_cap: <BalanceOf<T> as sp_runtime::traits::Bounded>::max_value(),
			breaker_window: 1,
		}
	}

	/// The hard cap on the token's total issuance. Set in genesis; no call changes it.
	#[pallet::storage]
	pub type SupplyCap<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery, MaxBalance<T>>;

	/// No cap before genesis sets one.
	#[pallet::type_value]
	pub fn MaxBalance<T: Config>() -> BalanceOf<T> {
		<BalanceOf<T> as sp_runtime::traits::Bounded>::max_value()
	}

	/// The last epoch whose rewards were fixed.
	#[pallet::storage]
	pub type LastClosed<T: Config> = StorageValue<_, EpochIndex, OptionQuery>;

	/// The oldest epoch whose rewards can still be claimed; older ones have expired.
	#[pallet::storage]
	pub type OldestUnexpired<T: Config> = StorageValue<_, EpochIndex, ValueQuery>;

	/// What each epoch close did, until the epoch's rewards expire.
	#[pallet::storage]
	pub type Epochs<T: Config> =
		StorageMap<_, Twox64Concat, EpochIndex, EpochRewards<BalanceOf<T>>, OptionQuery>;

	/// Each class's reward pool and units per epoch, for classes that did work.
	#[pallet::storage]
	pub type ClassPools<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Twox64Concat,
		DeviceClassId,
		ClassPool<BalanceOf<T>>,
		OptionQuery,
	>;

	/// Each device's rewards credited from its closed epochs and not yet claimed: one record
	/// per device with something to claim, removed by the claim or with the device.
	#[pallet::storage]
	pub type Accrued<T: Config> =
		StorageMap<_, Blake2_128Concat, DeviceId, Accrual<BalanceOf<T>>, OptionQuery>;

	/// Time-locked parts of claimed rewards per account, frozen under `RewardLock`.
	#[pallet::storage]
	pub type Locks<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<LockChunkOf<T>, T::MaxLockChunks>,
		ValueQuery,
	>;

	/// What the treasury has burned in the open epoch (re-minted at its close, up to the net
	/// emission cap).
	#[pallet::storage]
	pub type BurnedThisEpoch<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Whether the circuit breaker has tripped: no minting until the admin origin resets it.
	#[pallet::storage]
	pub type BreakerTripped<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// What each of the last epochs minted, oldest first, within the breaker window.
	#[pallet::storage]
	pub type RecentMints<T: Config> =
		StorageValue<_, BoundedVec<(EpochIndex, BalanceOf<T>), T::MaxBreakerWindow>, ValueQuery>;

	/// The epoch of the last parameter change.
	#[pallet::storage]
	pub type LastParamsChange<T: Config> = StorageValue<_, EpochIndex, OptionQuery>;

	/// The latest epoch in which each account's devices earned rewards it has claimed: the
	/// contributor signal governance boosts voting power with. Removed when the account's last
	/// device leaves the registry.
	#[pallet::storage]
	pub type LastRewarded<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, EpochIndex, OptionQuery>;

	/// Running totals since genesis, for accounting: what went into the reward pot, and how it
	/// left (claims, expiry), and everything minted.
	#[pallet::storage]
	pub type Totals<T: Config> = StorageValue<_, RewardTotals<BalanceOf<T>>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The starting parameters; the pallet's defaults (no emission) if absent.
		pub params: Option<ParamsOf<T>>,
		/// The hard supply cap; none if absent.
		pub supply_cap: Option<BalanceOf<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let params = self.params.clone().unwrap_or_else(DefaultParams::<T>::get);
			Pallet::<T>::check_params(&params).expect("genesis reward-emission parameters invalid");
			Params::<T>::put(params);
			let cap = self.supply_cap.unwrap_or_else(MaxBalance::<T>::get);
			assert!(
				T::Currency::total_issuance() <= cap,
				"genesis balances exceed the reward-emission supply cap"
			);
			SupplyCap::<T>::put(cap);
			Pallet::<T>::seed_pots();
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An epoch's emission was minted and its class rewards fixed.
		EpochRewardsFixed {
			/// The closed epoch.
			epoch: EpochIndex,
			/// What the schedule gave it.
			scheduled: BalanceOf<T>,
			/// What was re-minted of the treasury's burns.
			reemitted: BalanceOf<T>,
			/// What was minted in all.
			minted: BalanceOf<T>,
			/// What was minted for the operators to claim.
			operators: BalanceOf<T>,
			/// What was not minted because no one earned it.
			unearned: BalanceOf<T>,
		},
		/// A class's reward pool for an epoch: its devices share it by units.
		ClassRewardFixed {
			/// The closed epoch.
			epoch: EpochIndex,
			/// The class.
			class: DeviceClassId,
			/// What the class's devices earned together.
			pool: BalanceOf<T>,
			/// The class's verified units.
			units: WorkUnits,
		},
		/// A recipient other than the operators received its share of an epoch's emission.
		EmissionPaid {
			/// The closed epoch.
			epoch: EpochIndex,
			/// Who received it.
			recipient: RecipientOf<T>,
			/// How much.
			amount: BalanceOf<T>,
		},
		/// The supply cap kept part of an epoch's emission from being minted.
		SupplyCapReached {
			/// The closed epoch.
			epoch: EpochIndex,
			/// What was not minted.
			capped: BalanceOf<T>,
		},
		/// The circuit breaker refused to mint an epoch's emission. Minting stays off until
		/// the admin origin resets the breaker.
		MintingRefused {
			/// The closed epoch.
			epoch: EpochIndex,
			/// What it would have minted.
			amount: BalanceOf<T>,
			/// What the window had minted already.
			window_minted: BalanceOf<T>,
			/// The breaker's cap.
			cap: BalanceOf<T>,
		},
		/// The admin origin reset the circuit breaker.
		BreakerReset,
		/// A device's work of a closed epoch earned it a reward, credited to what it has
		/// accrued: one event per device and epoch, for indexers of history.
		RewardCredited {
			/// The device.
			device: DeviceId,
			/// The closed epoch.
			epoch: EpochIndex,
			/// The class whose pool paid.
			class: DeviceClassId,
			/// The device's verified units in the epoch.
			units: WorkUnits,
			/// What they earned.
			amount: BalanceOf<T>,
		},
		/// A device's accrued rewards were paid to its owner.
		RewardsClaimed {
			/// The device.
			device: DeviceId,
			/// Who received the rewards: the device's owner.
			owner: T::AccountId,
			/// Who sent the claim; `None` when the device left the registry and its rewards
			/// were paid out with its bond.
			claimer: Option<T::AccountId>,
			/// The latest epoch whose rewards are included.
			through: EpochIndex,
			/// What was paid.
			amount: BalanceOf<T>,
			/// What of it is frozen until `until`.
			locked: BalanceOf<T>,
			/// When the locked part may be unlocked.
			until: BlockNumberFor<T>,
		},
		/// An epoch's uncredited rewards expired to the treasury (burned if there is none).
		RewardsExpired {
			/// The epoch.
			epoch: EpochIndex,
			/// What was left unclaimed.
			amount: BalanceOf<T>,
		},
		/// Time-locked rewards whose lock ended were unfrozen.
		RewardsUnlocked {
			/// The account.
			who: T::AccountId,
			/// How much was unfrozen.
			amount: BalanceOf<T>,
		},
		/// The admin origin changed the parameters; they apply from the next epoch close.
		ParamsChanged {
			/// The new parameters.
			params: ParamsOf<T>,
		},
		/// The admin origin spent from the community pool.
		CommunitySpent {
			/// Who received it.
			to: T::AccountId,
			/// How much.
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The device is not registered (or was retired and removed).
		UnknownDevice,
		/// Only the device's owner may call `claim`; anyone may use `claim_for`, which pays
		/// the owner.
		NotDeviceOwner,
		/// The device has nothing to claim: no closed epoch's reward is credited or creditable
		/// (work of the open epoch is paid once the epoch closes; rewards not credited within
		/// the claim window expired to the treasury).
		NothingToClaim,
		/// None of the account's locked rewards has reached the end of its lock.
		NothingToUnlock,
		/// The shares must sum to exactly 100% and name each recipient once.
		InvalidShares,
		/// The curve's kind and start epoch are fixed in genesis.
		CurveChanged,
		/// A halving interval must be at least one epoch.
		ZeroHalvingInterval,
		/// The initial emission may move by at most `MaxParamStep` per change.
		EmissionStepTooLarge,
		/// The halving interval may move by at most `MaxParamStep`, the decay rate by at most
		/// `MaxShareStep`, per change.
		CurveStepTooLarge,
		/// A share of the split may move by at most `MaxShareStep` per change.
		ShareStepTooLarge,
		/// The net emission cap may move by at most `MaxParamStep` of the larger of itself
		/// and the initial emission per change.
		NetEmissionStepTooLarge,
		/// The breaker cap must be positive and may move by at most `MaxParamStep` per
		/// change.
		BreakerCapOutOfBounds,
		/// The lock share may move by at most `MaxShareStep` per change.
		LockShareStepTooLarge,
		/// The claim window must be between one epoch and what the work ledger retains.
		ClaimWindowOutOfBounds,
		/// The breaker window must be between one epoch and `MaxBreakerWindow`.
		BreakerWindowOutOfBounds,
		/// The lock period may not exceed `MaxLockPeriod`.
		LockPeriodOutOfBounds,
		/// Parameters may change once per `ChangeCooldown` epochs.
		ChangeTooSoon,
		/// The circuit breaker has not tripped.
		BreakerNotTripped,
		/// The community pool holds less than that (above its existential deposit).
		InsufficientCommunityFunds,
		/// The amount must be positive.
		ZeroAmount,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxBreakerWindow::get() >= 1, "the breaker window must hold an epoch");
			assert!(T::MaxLockChunks::get() >= 1, "a claim must be able to lock");
			assert!(T::MaxClasses::get() >= 1, "the operators' share needs a class");
			assert!(
				T::DemandRewardCap::get() < Perbill::one(),
				"a receipt class must earn less than the take behind it"
			);
			assert!(
				schedule::shares_valid(&DefaultParams::<T>::get().shares),
				"the default shares must sum to 100%"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Pays `device`'s rewards to the caller, who must own it: what its closed epochs
		/// earned, after crediting its latest closed epoch if the work ledger had not handed it
		/// on yet. O(1), whatever the number of epochs. A share may be time-locked.
		///
		/// Errors: `UnknownDevice`, `NotDeviceOwner`, `NothingToClaim`.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::claim_weight())]
		pub fn claim(origin: OriginFor<T>, device: DeviceId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, device, true)
		}

		/// Like `claim`, by anyone (a keeper, a gateway): the rewards go to the device's
		/// owner, never to the caller.
		///
		/// Errors: `UnknownDevice`, `NothingToClaim`.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::claim_weight())]
		pub fn claim_for(origin: OriginFor<T>, device: DeviceId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, device, false)
		}

		/// Unfreezes `who`'s locked rewards whose lock has ended. Anyone may call it.
		///
		/// Errors: `NothingToUnlock`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::unlock(T::MaxLockChunks::get()))]
		pub fn unlock(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			let released = Self::release_locks(&who)?;
			ensure!(!released.is_zero(), Error::<T>::NothingToUnlock);
			Ok(())
		}

		/// Sets the parameters (admin origin). Each value moves at most one step from the old
		/// one; the supply cap, the curve's kind and its start never change. They apply from
		/// the next epoch close.
		///
		/// Errors: `ChangeTooSoon`, `InvalidShares`, `CurveChanged`, `ZeroHalvingInterval`,
		/// `EmissionStepTooLarge`, `CurveStepTooLarge`, `ShareStepTooLarge`,
		/// `NetEmissionStepTooLarge`, `BreakerCapOutOfBounds`, `LockShareStepTooLarge`,
		/// `ClaimWindowOutOfBounds`, `BreakerWindowOutOfBounds`, `LockPeriodOutOfBounds`.
		#[pallet::call_index(3)]
		pub fn set_params(origin: OriginFor<T>, params: ParamsOf<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_params(params)
		}

		/// Lets minting resume after the circuit breaker tripped (admin origin), and forgets
		/// the window's history.
		///
		/// Errors: `BreakerNotTripped`.
		#[pallet::call_index(4)]
		pub fn reset_breaker(origin: OriginFor<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(BreakerTripped::<T>::get(), Error::<T>::BreakerNotTripped);
			BreakerTripped::<T>::kill();
			RecentMints::<T>::kill();
			Self::deposit_event(Event::BreakerReset);
			Ok(())
		}

		/// Pays `amount` from the community pool to `to` (admin origin).
		///
		/// Errors: `ZeroAmount`, `InsufficientCommunityFunds`.
		#[pallet::call_index(5)]
		pub fn spend_community(
			origin: OriginFor<T>,
			to: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_spend_community(to, amount)
		}
	}
}
