#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(test)]
mod mock;
pub mod runtime_api;
pub mod tally;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use impls::EnsureTrack;
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::boxed::Box;
	use depin_primitives::VotingPowerBoost;
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::{
			fungible::{self, BalancedHold, Inspect, MutateFreeze, MutateHold},
			schedule::v3::Named as ScheduleNamed,
			Bounded, OnUnbalanced, QueryPreimage, StorePreimage,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{
		traits::{Dispatchable, StaticLookup},
		Permill,
	};

	/// A balance of the native token.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// Funds taken from a hold by a slash, on their way to [`Config::OnSlash`].
	pub type CreditOf<T> =
		fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;
	/// The runtime's call.
	pub type CallOf<T> = <T as Config>::RuntimeCall;
	/// A call as a proposal carries it: inline when small, otherwise by preimage hash.
	pub type BoundedCallOf<T> = Bounded<CallOf<T>, <T as frame_system::Config>::Hashing>;
	/// A track's settings in the runtime's types.
	pub type TrackInfoOf<T> = TrackInfo<BalanceOf<T>, BlockNumberFor<T>>;
	/// A proposal as stored.
	pub type ProposalOf<T> = Proposal<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		BoundedCallOf<T>,
		TrackInfoOf<T>,
	>;
	/// An account's record as stored.
	pub type VoterOf<T> =
		Voter<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// The DAO's parameters in the runtime's types.
	pub type ParamsOf<T> = DaoParams<BlockNumberFor<T>>;
	/// An account given by address (any `MultiAddress` form in apps).
	pub type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The origin an approved proposal is enacted with: the track that approved it. The upgrade
	/// track is enacted as root instead.
	#[pallet::origin]
	#[derive(
		Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
	)]
	pub enum Origin {
		/// Approved by a vote on this track.
		Track(Track),
	}

	/// Why the pallet freezes funds.
	#[pallet::composite_enum]
	pub enum FreezeReason {
		/// Tokens locked for voting power.
		DaoLock,
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A proposal's deposit, while it is voted on.
		ProposalDeposit,
	}

	#[pallet::config]
	pub trait Config:
		frame_system::Config<RuntimeEvent: From<Event<Self>>, RuntimeOrigin: From<Origin>>
	{
		/// The runtime's call, which proposals carry.
		type RuntimeCall: Parameter
			+ Dispatchable<RuntimeOrigin = Self::RuntimeOrigin, PostInfo = PostDispatchInfo>
			+ GetDispatchInfo
			+ From<Call<Self>>
			+ From<frame_system::Call<Self>>
			+ IsType<<Self as frame_system::Config>::RuntimeCall>;

		/// The runtime's origin caller, which the scheduler dispatches with.
		type PalletsOrigin: From<Origin>;

		/// The native currency: locked for votes, held for deposits.
		type Currency: fungible::Mutate<Self::AccountId>
			+ MutateFreeze<Self::AccountId, Id = Self::RuntimeFreezeReason>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ BalancedHold<Self::AccountId>;

		/// The overarching freeze reason.
		type RuntimeFreezeReason: From<FreezeReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Where calls too large to carry inline are stored: pallet-preimage.
		type Preimages: QueryPreimage<H = Self::Hashing> + StorePreimage;

		/// Enacts approved proposals at their block: pallet-scheduler.
		type Scheduler: ScheduleNamed<
			BlockNumberFor<Self>,
			CallOf<Self>,
			Self::PalletsOrigin,
			Hasher = Self::Hashing,
		>;

		/// How active an account is as a contributor (devices with verified work lately), from
		/// none to full; scaled by [`DaoParams::max_boost`].
		type Boost: VotingPowerBoost<Self::AccountId>;

		/// Receives the deposits of proposals killed as spam: the treasury in the runtime.
		type OnSlash: OnUnbalanced<CreditOf<Self>>;

		/// Changes tracks and the DAO's parameters.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Cancels (deposit returned) or kills (deposit slashed) a proposal.
		type CancelOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The origin of the enactment the DAO schedules: [`EnsureTrack`] for every track.
		type EnactOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = Track>;

		/// Most proposals voted on at once; bounds the decisions one block makes.
		#[pallet::constant]
		type MaxLive: Get<u32>;

		/// Longest encoded call a proposal may carry (a runtime upgrade needs the size of the
		/// runtime's code).
		#[pallet::constant]
		type MaxCallLen: Get<u32>;

		/// Heaviest call a proposal may carry: what the scheduler can dispatch in one block.
		#[pallet::constant]
		type MaxCallWeight: Get<Weight>;

		/// Shortest voting period a track may have.
		#[pallet::constant]
		type MinVotingPeriod: Get<BlockNumberFor<Self>>;

		/// Longest voting period a track may have.
		#[pallet::constant]
		type MaxVotingPeriod: Get<BlockNumberFor<Self>>;

		/// Longest enactment delay a track may have.
		#[pallet::constant]
		type MaxEnactmentDelay: Get<BlockNumberFor<Self>>;

		/// Longest lock period.
		#[pallet::constant]
		type MaxLockPeriod: Get<BlockNumberFor<Self>>;

		/// Largest contributor boost governance may set.
		#[pallet::constant]
		type MaxBoost: Get<Permill>;

		/// Weights of the calls and the hook, from the benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// The DAO's own tunable numbers: the lock period and the contributor boost.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, ParamsOf<T>, OptionQuery>;

	/// The settings of each open track. A track without settings takes no proposals.
	#[pallet::storage]
	pub type Tracks<T: Config> = StorageMap<_, Twox64Concat, Track, TrackInfoOf<T>, OptionQuery>;

	/// Every proposal, by index: the call, the deposit, the tally and where it is in its life.
	#[pallet::storage]
	pub type Proposals<T: Config> =
		StorageMap<_, Twox64Concat, ProposalIndex, ProposalOf<T>, OptionQuery>;

	/// The index the next proposal gets.
	#[pallet::storage]
	pub type NextProposal<T: Config> = StorageValue<_, ProposalIndex, ValueQuery>;

	/// How many proposals are being voted on.
	#[pallet::storage]
	pub type LiveCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The proposals whose voting ends at the start of a block, decided in that block's
	/// `on_initialize`.
	#[pallet::storage]
	pub type Ending<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<ProposalIndex, T::MaxLive>,
		ValueQuery,
	>;

	/// Each account's lock, conviction, delegation and the power delegated to it.
	#[pallet::storage]
	pub type Voters<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, VoterOf<T>, OptionQuery>;

	/// Each vote: proposal, voter → side, power and tokens counted. Removable by the voter
	/// once the proposal has ended.
	#[pallet::storage]
	pub type Votes<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ProposalIndex,
		Blake2_128Concat,
		T::AccountId,
		VoteRecord<BalanceOf<T>>,
		OptionQuery,
	>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The DAO's parameters; `None` keeps the lock period at the shortest voting period
		/// and no boost.
		pub params: Option<ParamsOf<T>>,
		/// The open tracks and their settings.
		pub tracks: alloc::vec::Vec<(Track, TrackInfoOf<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(params) = self.params {
				Pallet::<T>::check_params(&params).expect("genesis DAO parameters are in bounds");
				Params::<T>::put(params);
			}
			for (track, info) in &self.tracks {
				Pallet::<T>::check_track(info).expect("genesis tracks are in bounds");
				Tracks::<T>::insert(track, info);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Tokens were locked (or the lock raised) for voting power.
		Locked {
			/// The voter.
			who: T::AccountId,
			/// Tokens locked now in total.
			amount: BalanceOf<T>,
			/// The conviction of the lock.
			conviction: Conviction,
		},
		/// A lock was released; the tokens are free.
		Unlocked {
			/// The voter.
			who: T::AccountId,
			/// Tokens released.
			amount: BalanceOf<T>,
		},
		/// An account lent its voting power to a representative.
		Delegated {
			/// The delegating account.
			who: T::AccountId,
			/// The representative.
			to: T::AccountId,
			/// The power lent.
			power: Power<BalanceOf<T>>,
		},
		/// A delegation was revoked.
		Undelegated {
			/// The account that delegated.
			who: T::AccountId,
			/// Its former representative.
			from: T::AccountId,
		},
		/// A proposal was submitted and is open for votes.
		Submitted {
			/// The proposal.
			index: ProposalIndex,
			/// The track deciding it.
			track: Track,
			/// Who submitted it.
			proposer: T::AccountId,
			/// The deposit held.
			deposit: BalanceOf<T>,
			/// Voting closes at the start of this block.
			voting_ends: BlockNumberFor<T>,
			/// The hash of the call.
			call_hash: T::Hash,
		},
		/// A vote was cast or changed.
		Voted {
			/// The proposal.
			index: ProposalIndex,
			/// The voter.
			who: T::AccountId,
			/// For or against.
			aye: bool,
			/// The power counted (own and delegated).
			power: BalanceOf<T>,
			/// The tokens counted towards the quorum.
			tokens: BalanceOf<T>,
		},
		/// A vote was withdrawn (while voting) or its record cleared (after).
		VoteRemoved {
			/// The proposal.
			index: ProposalIndex,
			/// The voter.
			who: T::AccountId,
		},
		/// A proposal passed; its call is scheduled.
		Approved {
			/// The proposal.
			index: ProposalIndex,
			/// The final votes.
			tally: Tally<BalanceOf<T>>,
			/// The block of enactment.
			enact_at: BlockNumberFor<T>,
		},
		/// A proposal reached the quorum but not the approval threshold.
		Rejected {
			/// The proposal.
			index: ProposalIndex,
			/// The final votes.
			tally: Tally<BalanceOf<T>>,
		},
		/// A proposal ended below the quorum.
		Expired {
			/// The proposal.
			index: ProposalIndex,
			/// The final votes.
			tally: Tally<BalanceOf<T>>,
			/// The turnout it needed.
			needed: BalanceOf<T>,
		},
		/// A proposal was withdrawn by the cancel origin.
		Cancelled {
			/// The proposal.
			index: ProposalIndex,
		},
		/// A proposal was killed as spam; its deposit was slashed.
		Killed {
			/// The proposal.
			index: ProposalIndex,
			/// The deposit slashed.
			slashed: BalanceOf<T>,
		},
		/// A proposal's deposit was returned to its proposer.
		DepositReturned {
			/// The proposal.
			index: ProposalIndex,
			/// The proposer.
			who: T::AccountId,
			/// The deposit.
			amount: BalanceOf<T>,
		},
		/// An approved proposal's call was dispatched; `result` has its error if it failed.
		Enacted {
			/// The proposal.
			index: ProposalIndex,
			/// What the call returned.
			result: DispatchResult,
		},
		/// A track's settings were changed (`None`: the track was closed).
		TrackSet {
			/// The track.
			track: Track,
			/// Its new settings.
			info: Option<TrackInfoOf<T>>,
		},
		/// The DAO's parameters were changed.
		ParamsSet {
			/// The new parameters.
			params: ParamsOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No proposal has this index.
		UnknownProposal,
		/// Voting on this proposal is over (or it was cancelled).
		VotingClosed,
		/// This account has no vote on this proposal.
		NotVoted,
		/// This account has no voting power: lock tokens first (or be delegated to).
		NoVotingPower,
		/// This account delegates its power: undelegate first.
		Delegating,
		/// This account does not delegate.
		NotDelegating,
		/// This account already delegates: undelegate first.
		AlreadyDelegating,
		/// An account cannot delegate to itself.
		SelfDelegation,
		/// Others delegate to this account: a representative cannot pass power on.
		HasDelegators,
		/// The chosen representative delegates its own power: choose one who votes.
		TargetDelegates,
		/// Proposals this account voted on are still open: delegate after they end.
		VotesStillOpen,
		/// This proposal may count this account's power through its former representative;
		/// the account votes directly on later proposals.
		PowerCountedByDelegate,
		/// This account has no tokens locked.
		NotLocked,
		/// The lock cannot be released before the end of its lock period.
		StillLocked,
		/// A lock can only grow (amount and conviction) until its lock period ends.
		CannotReduceLock,
		/// A lock of zero: call `unlock` to release tokens.
		ZeroLock,
		/// The account's free balance is smaller than the lock.
		InsufficientBalance,
		/// The track takes no proposals (it has no settings).
		TrackClosed,
		/// As many proposals as the chain allows are being voted on; wait for one to end.
		TooManyProposals,
		/// The call is longer than the chain allows.
		CallTooLarge,
		/// The call is heavier than the chain can enact in one block.
		CallTooHeavy,
		/// The call's preimage has not been noted: note it with pallet-preimage first.
		PreimageMissing,
		/// The call's bytes do not decode as a call of this runtime.
		CallUndecodable,
		/// The proposer cannot cover the track's deposit.
		InsufficientDeposit,
		/// The proposal has ended: it can no longer be cancelled.
		NotCancellable,
		/// The proposal is not approved and due, or the origin is not its track.
		NotEnactable,
		/// A track setting is outside the runtime's bounds.
		InvalidTrack,
		/// A DAO parameter is outside the runtime's bounds.
		InvalidParams,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Decides the proposals whose voting ends now: at most [`Config::MaxLive`].
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::decide_ending(now)
		}

		fn integrity_test() {
			assert!(T::MaxLive::get() > 0, "MaxLive must allow at least one proposal");
			assert!(
				T::MinVotingPeriod::get() <= T::MaxVotingPeriod::get(),
				"MinVotingPeriod must not exceed MaxVotingPeriod"
			);
			assert!(
				T::MinVotingPeriod::get() > Zero::zero(),
				"a voting period of zero blocks leaves no time to vote"
			);
			assert!(T::MaxCallLen::get() >= 128, "MaxCallLen must fit an inline call");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Locks `amount` of your tokens with `conviction` for voting power (or raises your
		/// lock). Power = amount × conviction (0.1× for `None`, 1×–6× for `Locked1x`–`Locked6x`)
		/// × (1 + contributor boost). Voting keeps the lock until the proposals voted on end
		/// plus the conviction's lock periods. Calling it again with the same values refreshes
		/// the power you lent a representative.
		///
		/// Errors: `ZeroLock`, `InsufficientBalance`, `CannotReduceLock`.
		#[pallet::call_index(0)]
		pub fn lock(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
			conviction: Conviction,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_lock(&who, amount, conviction)?;
			Self::deposit_event(Event::Locked { who, amount, conviction });
			Ok(())
		}

		/// Releases your whole lock once its lock period has passed.
		///
		/// Errors: `NotLocked`, `Delegating`, `StillLocked`.
		#[pallet::call_index(1)]
		pub fn unlock(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let amount = Self::do_unlock(&who)?;
			Self::deposit_event(Event::Unlocked { who, amount });
			Ok(())
		}

		/// Lends your locked voting power to a representative, who votes with it on proposals
		/// until you undelegate. It counts in their votes cast from now on.
		///
		/// Errors: `SelfDelegation`, `NotLocked`, `AlreadyDelegating`, `HasDelegators`,
		/// `TargetDelegates`, `VotesStillOpen`.
		#[pallet::call_index(2)]
		pub fn delegate(origin: OriginFor<T>, to: AccountIdLookupOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let to = T::Lookup::lookup(to)?;
			let power = Self::do_delegate(&who, &to)?;
			Self::deposit_event(Event::Delegated { who, to, power });
			Ok(())
		}

		/// Takes your voting power back from your representative. Votes they already cast
		/// keep counting it until those proposals end, so your lock lasts at least as long.
		///
		/// Errors: `NotDelegating`.
		#[pallet::call_index(3)]
		pub fn undelegate(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let from = Self::do_undelegate(&who)?;
			Self::deposit_event(Event::Undelegated { who, from });
			Ok(())
		}

		/// Submits a proposal on `track`: `call` is enacted with the track's origin if the vote
		/// passes. Small calls go inline; larger ones are noted with pallet-preimage first and
		/// passed by hash and length. The track's deposit is held until voting ends.
		///
		/// Errors: `TrackClosed`, `TooManyProposals`, `CallTooLarge`, `PreimageMissing`,
		/// `CallUndecodable`, `CallTooHeavy`, `InsufficientDeposit`.
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::propose(call.len().unwrap_or(0)))]
		pub fn propose(
			origin: OriginFor<T>,
			track: Track,
			call: Box<BoundedCallOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose(who, track, *call)
		}

		/// Votes for (`aye: true`) or against a proposal with all your power (your lock's and
		/// what others delegated to you), or changes your vote while voting is open.
		///
		/// Errors: `UnknownProposal`, `VotingClosed`, `Delegating`, `PowerCountedByDelegate`,
		/// `NoVotingPower`.
		#[pallet::call_index(5)]
		pub fn vote(origin: OriginFor<T>, index: ProposalIndex, aye: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vote(who, index, aye)
		}

		/// Withdraws your vote while voting is open, or clears its record after the proposal
		/// ended. Your lock keeps the end it already had.
		///
		/// Errors: `NotVoted`.
		#[pallet::call_index(6)]
		pub fn remove_vote(origin: OriginFor<T>, index: ProposalIndex) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_vote(&who, index)?;
			Self::deposit_event(Event::VoteRemoved { index, who });
			Ok(())
		}

		/// Withdraws a proposal that is being voted on or waits for enactment; its deposit is
		/// returned.
		///
		/// Errors: `UnknownProposal`, `NotCancellable`.
		#[pallet::call_index(7)]
		pub fn cancel(origin: OriginFor<T>, index: ProposalIndex) -> DispatchResult {
			T::CancelOrigin::ensure_origin(origin)?;
			Self::do_cancel(index, false)
		}

		/// Kills a spam proposal: like `cancel`, but the deposit goes to the treasury.
		///
		/// Errors: `UnknownProposal`, `NotCancellable`.
		#[pallet::call_index(8)]
		pub fn kill(origin: OriginFor<T>, index: ProposalIndex) -> DispatchResult {
			T::CancelOrigin::ensure_origin(origin)?;
			Self::do_cancel(index, true)
		}

		/// Dispatches an approved proposal's call. Scheduled by the DAO itself at approval
		/// with the proposal's track as origin; nobody else can call it. A call that fails is
		/// recorded (`Enacted` with its error) and the proposal still ends.
		///
		/// Errors: `UnknownProposal`, `NotEnactable`.
		#[pallet::call_index(9)]
		#[pallet::weight(
			<T as Config>::WeightInfo::enact(*call_len).saturating_add(*call_weight)
		)]
		pub fn enact(
			origin: OriginFor<T>,
			index: ProposalIndex,
			call_len: u32,
			call_weight: Weight,
		) -> DispatchResultWithPostInfo {
			let track = T::EnactOrigin::ensure_origin(origin)?;
			let _ = call_weight;
			let used = Self::do_enact(index, track)?;
			Ok(Some(<T as Config>::WeightInfo::enact(call_len).saturating_add(used)).into())
		}

		/// Opens, changes or (with `None`) closes a track. Proposals already submitted keep the
		/// settings they were submitted under.
		///
		/// Errors: `InvalidTrack`.
		#[pallet::call_index(10)]
		pub fn set_track(
			origin: OriginFor<T>,
			track: Track,
			info: Option<TrackInfoOf<T>>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			if let Some(info) = &info {
				Self::check_track(info)?;
			}
			Tracks::<T>::set(track, info);
			Self::deposit_event(Event::TrackSet { track, info });
			Ok(())
		}

		/// Sets the lock period and the largest contributor boost.
		///
		/// Errors: `InvalidParams`.
		#[pallet::call_index(11)]
		pub fn set_params(origin: OriginFor<T>, params: ParamsOf<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::check_params(&params)?;
			Params::<T>::put(params);
			Self::deposit_event(Event::ParamsSet { params });
			Ok(())
		}
	}
}
