//! The logic behind the calls and the hook.

use crate::{
	pallet::*,
	tally::{self, Outcome},
	types::*,
	weights::WeightInfo,
};
use codec::Encode;
use core::marker::PhantomData;
use depin_primitives::VotingPowerBoost;
use frame_support::{
	dispatch::GetDispatchInfo,
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{BalancedHold, Inspect, MutateFreeze, MutateHold},
		schedule::{v3::Named as ScheduleNamed, DispatchTime},
		tokens::Precision,
		Bounded, Contains, OnUnbalanced, QueryPreimage, StorePreimage,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Dispatchable, Saturating, Zero},
	ArithmeticError, DispatchError, DispatchResult, Permill,
};

/// Accepts the origin of an approved proposal on one of `Tracks`; yields the track.
///
/// The runtime makes the DePIN pallets' admin origins from it, e.g. the treasury's grants
/// accept `EnsureTrack<GrantsTrack>`.
pub struct EnsureTrack<Tracks>(PhantomData<Tracks>);

impl<O, Tracks> EnsureOrigin<O> for EnsureTrack<Tracks>
where
	O: Into<Result<Origin, O>> + From<Origin>,
	Tracks: Contains<Track>,
{
	type Success = Track;

	fn try_origin(o: O) -> Result<Track, O> {
		match o.into() {
			Ok(Origin::Track(track)) if Tracks::contains(&track) => Ok(track),
			Ok(other) => Err(O::from(other)),
			Err(o) => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		Track::ALL
			.into_iter()
			.find(|t| Tracks::contains(t))
			.map(|t| O::from(Origin::Track(t)))
			.ok_or(())
	}
}

/// The name of the scheduler task that enacts `index`.
pub(crate) fn task_name(index: ProposalIndex) -> [u8; 32] {
	(b"depin/dao/enact", index).using_encoded(sp_io::hashing::blake2_256)
}

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The DAO's parameters, or the defaults before governance set them.
	pub fn params() -> ParamsOf<T> {
		Params::<T>::get().unwrap_or(DaoParams {
			lock_period: T::MinVotingPeriod::get(),
			max_boost: Permill::zero(),
		})
	}

	/// Checks a track's settings against the runtime's bounds.
	pub fn check_track(info: &TrackInfoOf<T>) -> DispatchResult {
		ensure!(
			info.voting_period >= T::MinVotingPeriod::get() &&
				info.voting_period <= T::MaxVotingPeriod::get() &&
				info.enactment_delay <= T::MaxEnactmentDelay::get() &&
				// A majority at least: otherwise a proposal and its opposite could both pass.
				info.approval >= sp_runtime::Perbill::from_percent(50),
			Error::<T>::InvalidTrack
		);
		Ok(())
	}

	/// Checks the DAO's parameters against the runtime's bounds.
	pub fn check_params(params: &ParamsOf<T>) -> DispatchResult {
		ensure!(
			params.lock_period <= T::MaxLockPeriod::get() && params.max_boost <= T::MaxBoost::get(),
			Error::<T>::InvalidParams
		);
		Ok(())
	}

	/// The contributor boost `who` gets now: its activity × the largest boost.
	pub fn boost_of(who: &T::AccountId) -> Permill {
		let max = Self::params().max_boost.min(T::MaxBoost::get());
		T::Boost::boost(who) * max
	}

	/// The power of `voter`'s own lock now.
	pub(crate) fn own_power(
		who: &T::AccountId,
		voter: &VoterOf<T>,
	) -> Result<Power<BalanceOf<T>>, DispatchError> {
		if voter.locked.is_zero() {
			return Ok(Power::default());
		}
		Ok(tally::power_of(voter.locked, voter.conviction, Self::boost_of(who))?)
	}

	/// The end of a lock that backs a vote ending at `ends` with `conviction`.
	fn lock_end(ends: BlockNumberFor<T>, conviction: Conviction) -> BlockNumberFor<T> {
		let period = Self::params().lock_period;
		ends.saturating_add(period.saturating_mul(conviction.lock_periods().into()))
	}

	fn save_voter(who: &T::AccountId, voter: VoterOf<T>) {
		if voter.is_empty() {
			Voters::<T>::remove(who);
		} else {
			Voters::<T>::insert(who, voter);
		}
	}

	pub(crate) fn do_lock(
		who: &T::AccountId,
		amount: BalanceOf<T>,
		conviction: Conviction,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroLock);
		let mut voter = Voters::<T>::get(who).unwrap_or_default();
		let bound = Self::now() < voter.locked_until || voter.delegating.is_some();
		ensure!(
			!bound || (amount >= voter.locked && conviction >= voter.conviction),
			Error::<T>::CannotReduceLock
		);
		ensure!(amount <= T::Currency::balance(who), Error::<T>::InsufficientBalance);
		T::Currency::set_freeze(&FreezeReason::DaoLock.into(), who, amount)?;
		voter.locked = amount;
		voter.conviction = conviction;
		if let Some(delegation) = voter.delegating.as_mut() {
			// Refresh the power lent: the representative's next votes count the new lock.
			let fresh = tally::power_of(amount, conviction, Self::boost_of(who))?;
			let mut rep = Voters::<T>::get(&delegation.to).unwrap_or_default();
			rep.delegated =
				tally::add_power(&tally::sub_power(&rep.delegated, &delegation.power)?, &fresh)?;
			delegation.power = fresh;
			Voters::<T>::insert(&delegation.to, rep);
		}
		Voters::<T>::insert(who, voter);
		Ok(())
	}

	pub(crate) fn do_unlock(who: &T::AccountId) -> Result<BalanceOf<T>, DispatchError> {
		let mut voter = Voters::<T>::get(who).ok_or(Error::<T>::NotLocked)?;
		ensure!(!voter.locked.is_zero(), Error::<T>::NotLocked);
		ensure!(voter.delegating.is_none(), Error::<T>::Delegating);
		ensure!(Self::now() >= voter.locked_until, Error::<T>::StillLocked);
		T::Currency::thaw(&FreezeReason::DaoLock.into(), who)?;
		let amount = core::mem::take(&mut voter.locked);
		voter.conviction = Conviction::None;
		Self::save_voter(who, voter);
		Ok(amount)
	}

	pub(crate) fn do_delegate(
		who: &T::AccountId,
		to: &T::AccountId,
	) -> Result<Power<BalanceOf<T>>, DispatchError> {
		ensure!(who != to, Error::<T>::SelfDelegation);
		let mut voter = Voters::<T>::get(who).ok_or(Error::<T>::NotLocked)?;
		ensure!(!voter.locked.is_zero(), Error::<T>::NotLocked);
		ensure!(voter.delegating.is_none(), Error::<T>::AlreadyDelegating);
		ensure!(voter.delegators == 0, Error::<T>::HasDelegators);
		// Its direct votes would count twice if the representative voted on the same proposals.
		ensure!(voter.voted_until <= Self::now(), Error::<T>::VotesStillOpen);
		let mut rep = Voters::<T>::get(to).unwrap_or_default();
		ensure!(rep.delegating.is_none(), Error::<T>::TargetDelegates);

		let power = Self::own_power(who, &voter)?;
		rep.delegated = tally::add_power(&rep.delegated, &power)?;
		rep.delegators = rep.delegators.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		voter.delegating = Some(Delegation { to: to.clone(), power });
		Voters::<T>::insert(to, rep);
		Voters::<T>::insert(who, voter);
		Ok(power)
	}

	pub(crate) fn do_undelegate(who: &T::AccountId) -> Result<T::AccountId, DispatchError> {
		let mut voter = Voters::<T>::get(who).ok_or(Error::<T>::NotDelegating)?;
		let delegation = voter.delegating.take().ok_or(Error::<T>::NotDelegating)?;
		let mut rep = Voters::<T>::get(&delegation.to).unwrap_or_default();
		rep.delegated = tally::sub_power(&rep.delegated, &delegation.power)?;
		rep.delegators = rep.delegators.checked_sub(1).ok_or(ArithmeticError::Underflow)?;
		if rep.voted_until > Self::now() {
			// The representative's open votes count this power until they end: keep the tokens
			// locked that long (plus this account's conviction), and keep the account from
			// voting on those proposals itself or through another representative.
			voter.voted_until = voter.voted_until.max(rep.voted_until);
			voter.locked_until =
				voter.locked_until.max(Self::lock_end(rep.voted_until, voter.conviction));
			voter.votes_from = NextProposal::<T>::get();
		}
		Self::save_voter(&delegation.to, rep);
		Self::save_voter(who, voter);
		Ok(delegation.to)
	}

	/// Checks a proposal's call and returns its encoded length and declared weight.
	pub(crate) fn check_call(call: &BoundedCallOf<T>) -> Result<(u32, Weight), DispatchError> {
		let len = match call {
			Bounded::Inline(data) => data.len() as u32,
			Bounded::Lookup { hash, len } => {
				ensure!(*len <= T::MaxCallLen::get(), Error::<T>::CallTooLarge);
				ensure!(T::Preimages::len(hash) == Some(*len), Error::<T>::PreimageMissing);
				*len
			},
			// Legacy references carry no length to bound.
			Bounded::Legacy { .. } => return Err(Error::<T>::PreimageMissing.into()),
		};
		let (decoded, _) =
			T::Preimages::peek::<CallOf<T>>(call).map_err(|_| Error::<T>::CallUndecodable)?;
		let weight = decoded.get_dispatch_info().total_weight();
		ensure!(weight.all_lte(T::MaxCallWeight::get()), Error::<T>::CallTooHeavy);
		Ok((len, weight))
	}

	pub(crate) fn do_propose(
		who: T::AccountId,
		track: Track,
		call: BoundedCallOf<T>,
	) -> DispatchResult {
		let rules = Tracks::<T>::get(track).ok_or(Error::<T>::TrackClosed)?;
		let live = LiveCount::<T>::get();
		ensure!(live < T::MaxLive::get(), Error::<T>::TooManyProposals);
		let (_, call_weight) = Self::check_call(&call)?;

		if !rules.deposit.is_zero() {
			T::Currency::hold(&HoldReason::ProposalDeposit.into(), &who, rules.deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
		}
		let index = NextProposal::<T>::get();
		let now = Self::now();
		let voting_ends = now.saturating_add(rules.voting_period);
		Ending::<T>::try_mutate(voting_ends, |ending| ending.try_push(index))
			.map_err(|_| Error::<T>::TooManyProposals)?;
		// Keep a looked-up call's preimage until the proposal is done with it.
		T::Preimages::hold(&call);
		let call_hash = call.hash();
		Proposals::<T>::insert(
			index,
			Proposal {
				track,
				proposer: who.clone(),
				deposit: rules.deposit,
				call,
				call_weight,
				submitted: now,
				voting_ends,
				rules,
				tally: Tally::default(),
				status: ProposalStatus::Voting,
			},
		);
		NextProposal::<T>::put(index.checked_add(1).ok_or(ArithmeticError::Overflow)?);
		LiveCount::<T>::put(live.saturating_add(1));
		Self::deposit_event(Event::Submitted {
			index,
			track,
			proposer: who,
			deposit: rules.deposit,
			voting_ends,
			call_hash,
		});
		Ok(())
	}

	pub(crate) fn do_vote(who: T::AccountId, index: ProposalIndex, aye: bool) -> DispatchResult {
		let mut proposal = Proposals::<T>::get(index).ok_or(Error::<T>::UnknownProposal)?;
		ensure!(
			proposal.status.is_voting() && Self::now() < proposal.voting_ends,
			Error::<T>::VotingClosed
		);
		let mut voter = Voters::<T>::get(&who).unwrap_or_default();
		ensure!(voter.delegating.is_none(), Error::<T>::Delegating);
		ensure!(index >= voter.votes_from, Error::<T>::PowerCountedByDelegate);

		let power = tally::add_power(&Self::own_power(&who, &voter)?, &voter.delegated)?;
		let record = VoteRecord {
			aye,
			power: tally::counted(&power, proposal.rules.quadratic),
			tokens: power.tokens,
		};
		ensure!(!record.power.is_zero(), Error::<T>::NoVotingPower);
		if let Some(old) = Votes::<T>::get(index, &who) {
			tally::remove_vote(&mut proposal.tally, &old)?;
		}
		tally::add_vote(&mut proposal.tally, &record)?;

		voter.voted_until = voter.voted_until.max(proposal.voting_ends);
		voter.locked_until =
			voter.locked_until.max(Self::lock_end(proposal.voting_ends, voter.conviction));
		Voters::<T>::insert(&who, voter);
		Votes::<T>::insert(index, &who, record);
		Proposals::<T>::insert(index, proposal);
		Self::deposit_event(Event::Voted {
			index,
			who,
			aye,
			power: record.power,
			tokens: record.tokens,
		});
		Ok(())
	}

	pub(crate) fn do_remove_vote(who: &T::AccountId, index: ProposalIndex) -> DispatchResult {
		let vote = Votes::<T>::take(index, who).ok_or(Error::<T>::NotVoted)?;
		if let Some(mut proposal) = Proposals::<T>::get(index) {
			if proposal.status.is_voting() {
				tally::remove_vote(&mut proposal.tally, &vote)?;
				Proposals::<T>::insert(index, proposal);
			}
		}
		Ok(())
	}

	fn return_deposit(index: ProposalIndex, proposal: &mut ProposalOf<T>) {
		let amount = core::mem::take(&mut proposal.deposit);
		if amount.is_zero() {
			return;
		}
		let released = T::Currency::release(
			&HoldReason::ProposalDeposit.into(),
			&proposal.proposer,
			amount,
			Precision::BestEffort,
		)
		.unwrap_or_default();
		Self::deposit_event(Event::DepositReturned {
			index,
			who: proposal.proposer.clone(),
			amount: released,
		});
	}

	fn end_voting(index: ProposalIndex, proposal: &ProposalOf<T>) {
		Ending::<T>::mutate(proposal.voting_ends, |ending| ending.retain(|i| *i != index));
		LiveCount::<T>::mutate(|n| *n = n.saturating_sub(1));
	}

	pub(crate) fn do_cancel(index: ProposalIndex, slash: bool) -> DispatchResult {
		let mut proposal = Proposals::<T>::get(index).ok_or(Error::<T>::UnknownProposal)?;
		match proposal.status {
			ProposalStatus::Voting => Self::end_voting(index, &proposal),
			ProposalStatus::Approved { .. } => {
				// Not dispatched yet (it would be `Enacted`); the task may already be gone if
				// the scheduler could not keep it, which leaves nothing to cancel.
				let _ = T::Scheduler::cancel_named(task_name(index));
			},
			_ => return Err(Error::<T>::NotCancellable.into()),
		}
		T::Preimages::drop(&proposal.call);
		if slash {
			let amount = core::mem::take(&mut proposal.deposit);
			let (credit, _missing) = <T::Currency as BalancedHold<_>>::slash(
				&HoldReason::ProposalDeposit.into(),
				&proposal.proposer,
				amount,
			);
			let slashed = frame_support::traits::Imbalance::peek(&credit);
			T::OnSlash::on_unbalanced(credit);
			proposal.status = ProposalStatus::Killed;
			Self::deposit_event(Event::Killed { index, slashed });
		} else {
			Self::return_deposit(index, &mut proposal);
			proposal.status = ProposalStatus::Cancelled;
			Self::deposit_event(Event::Cancelled { index });
		}
		Proposals::<T>::insert(index, proposal);
		Ok(())
	}

	/// Decides every proposal whose voting ends at `now`. Returns the weight used.
	pub(crate) fn decide_ending(now: BlockNumberFor<T>) -> Weight {
		let ending = Ending::<T>::take(now);
		if ending.is_empty() {
			return T::WeightInfo::on_initialize(0);
		}
		let count = ending.len() as u32;
		for index in ending {
			Self::decide(index, now);
		}
		T::WeightInfo::on_initialize(count)
	}

	fn decide(index: ProposalIndex, now: BlockNumberFor<T>) {
		let Some(mut proposal) = Proposals::<T>::get(index) else { return };
		if !proposal.status.is_voting() {
			return;
		}
		LiveCount::<T>::mutate(|n| *n = n.saturating_sub(1));
		let needed = tally::quorum_needed(proposal.rules.quorum, T::Currency::active_issuance());
		let tally = proposal.tally;
		match tally::outcome(&tally, needed, proposal.rules.approval) {
			Outcome::Approved => {
				let enact_at = Self::schedule_enactment(index, &proposal, now);
				match enact_at {
					Ok(enact_at) => {
						proposal.status = ProposalStatus::Approved { enact_at };
						Self::deposit_event(Event::Approved { index, tally, enact_at });
					},
					Err(e) => {
						// The agendas were full: the proposal passed but cannot be enacted.
						T::Preimages::drop(&proposal.call);
						proposal.status = ProposalStatus::Enacted { ok: false };
						Self::deposit_event(Event::Approved { index, tally, enact_at: now });
						Self::deposit_event(Event::Enacted { index, result: Err(e) });
					},
				}
			},
			Outcome::Rejected => {
				T::Preimages::drop(&proposal.call);
				proposal.status = ProposalStatus::Rejected;
				Self::deposit_event(Event::Rejected { index, tally });
			},
			Outcome::Expired => {
				T::Preimages::drop(&proposal.call);
				proposal.status = ProposalStatus::Expired;
				Self::deposit_event(Event::Expired { index, tally, needed });
			},
		}
		Self::return_deposit(index, &mut proposal);
		Proposals::<T>::insert(index, proposal);
	}

	/// Schedules `enact` for an approved proposal after its track's delay; if that block's
	/// agenda is full, tries the next few.
	fn schedule_enactment(
		index: ProposalIndex,
		proposal: &ProposalOf<T>,
		now: BlockNumberFor<T>,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		let call_len = proposal.call.len().unwrap_or(0);
		let enact: CallOf<T> =
			Call::<T>::enact { index, call_len, call_weight: proposal.call_weight }.into();
		let bounded = T::Preimages::bound(enact)?;
		let delay = proposal.rules.enactment_delay.max(1u32.into());
		let mut last = Err(DispatchError::Exhausted);
		for extra in 0u32..4 {
			let at = now.saturating_add(delay).saturating_add(extra.into());
			last = T::Scheduler::schedule_named(
				task_name(index),
				DispatchTime::At(at),
				None,
				// Default priority: after the block's mandatory work, like other scheduled calls.
				128,
				Origin::Track(proposal.track).into(),
				bounded.clone(),
			)
			.map(|_| at);
			if last.is_ok() {
				break;
			}
		}
		last
	}

	/// Dispatches an approved proposal's call; returns the weight the call used.
	pub(crate) fn do_enact(index: ProposalIndex, track: Track) -> Result<Weight, DispatchError> {
		let mut proposal = Proposals::<T>::get(index).ok_or(Error::<T>::UnknownProposal)?;
		ensure!(
			proposal.track == track
				&& matches!(proposal.status, ProposalStatus::Approved { enact_at } if enact_at <= Self::now()),
			Error::<T>::NotEnactable
		);
		let (result, used) = match T::Preimages::realize::<CallOf<T>>(&proposal.call) {
			Ok((call, _)) => {
				let origin: T::RuntimeOrigin = if track == Track::Upgrade {
					frame_system::RawOrigin::Root.into()
				} else {
					Origin::Track(track).into()
				};
				let declared = call.get_dispatch_info().total_weight();
				match call.dispatch(origin) {
					Ok(post) => (Ok(()), post.calc_actual_weight(&declared_info(declared))),
					Err(e) => {
						(Err(e.error), e.post_info.calc_actual_weight(&declared_info(declared)))
					},
				}
			},
			Err(e) => (Err(e), Weight::zero()),
		};
		proposal.status = ProposalStatus::Enacted { ok: result.is_ok() };
		Proposals::<T>::insert(index, proposal);
		Self::deposit_event(Event::Enacted { index, result });
		Ok(used)
	}

	/// A proposal with its tally and whether it would pass now, for the runtime API.
	pub fn proposal_view(
		index: ProposalIndex,
	) -> Option<ProposalView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let p = Proposals::<T>::get(index)?;
		let quorum_needed = tally::quorum_needed(p.rules.quorum, T::Currency::active_issuance());
		let passing =
			tally::outcome(&p.tally, quorum_needed, p.rules.approval) == Outcome::Approved;
		let hash = p.call.hash();
		Some(ProposalView {
			track: p.track,
			proposer: p.proposer,
			deposit: p.deposit,
			call_hash: sp_core::H256::from_slice(hash.as_ref()),
			submitted: p.submitted,
			voting_ends: p.voting_ends,
			quadratic: p.rules.quadratic,
			tally: p.tally,
			quorum_needed,
			passing,
			status: p.status,
		})
	}

	/// An account's lock and power now, for the runtime API.
	pub fn voting_power(who: &T::AccountId) -> VotingPowerView<BalanceOf<T>, BlockNumberFor<T>> {
		let voter = Voters::<T>::get(who).unwrap_or_default();
		VotingPowerView {
			locked: voter.locked,
			conviction: voter.conviction,
			locked_until: voter.locked_until,
			boost: Self::boost_of(who),
			own: Self::own_power(who, &voter).unwrap_or_default(),
			delegated: voter.delegated,
			delegating: voter.delegating.is_some(),
		}
	}

	/// The proposals being voted on, for the runtime API: read from the decision queues (at
	/// most `MaxLive` entries), not from every proposal ever made.
	pub fn live_proposals() -> alloc::vec::Vec<ProposalIndex> {
		let mut live: alloc::vec::Vec<_> = Ending::<T>::iter_values().flatten().collect();
		live.sort_unstable();
		live
	}

	/// Checks the DAO's invariants: frozen balances equal recorded locks, delegated power
	/// equals the delegations that point at each account, each open tally equals the votes
	/// counted, held deposits equal the deposits recorded, and the live count and the ending
	/// queues match the proposals being voted on.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::{InspectFreeze, InspectHold};
		let reason: T::RuntimeFreezeReason = FreezeReason::DaoLock.into();
		let mut lent: BTreeMap<T::AccountId, (Power<BalanceOf<T>>, u32)> = BTreeMap::new();
		for (who, voter) in Voters::<T>::iter() {
			ensure!(!voter.is_empty(), "an empty voter record is kept");
			ensure!(
				T::Currency::balance_frozen(&reason, &who) == voter.locked,
				"frozen balance differs from the recorded lock"
			);
			if let Some(d) = &voter.delegating {
				ensure!(!voter.locked.is_zero(), "a delegation without a lock");
				let entry = lent.entry(d.to.clone()).or_default();
				entry.0 = tally::add_power(&entry.0, &d.power).map_err(|_| "overflow")?;
				entry.1 += 1;
			}
		}
		for (who, voter) in Voters::<T>::iter() {
			let (power, count) = lent.remove(&who).unwrap_or_default();
			ensure!(voter.delegated == power, "delegated power differs from the delegations");
			ensure!(voter.delegators == count, "delegator count differs from the delegations");
		}
		ensure!(lent.is_empty(), "a delegation points at an account without a record");

		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut live = 0u32;
		for (index, p) in Proposals::<T>::iter() {
			if !p.deposit.is_zero() {
				ensure!(p.status.is_voting(), "a deposit held after voting ended");
				let e = held.entry(p.proposer.clone()).or_default();
				*e = e.saturating_add(p.deposit);
			}
			if p.status.is_voting() {
				live += 1;
				ensure!(
					Ending::<T>::get(p.voting_ends).contains(&index),
					"a proposal being voted on is not queued for its decision"
				);
				let mut sum = Tally::<BalanceOf<T>>::default();
				for (_, vote) in Votes::<T>::iter_prefix(index) {
					tally::add_vote(&mut sum, &vote).map_err(|_| "overflow")?;
				}
				ensure!(sum == p.tally, "a tally differs from the votes counted");
			}
		}
		let hold: T::RuntimeHoldReason = HoldReason::ProposalDeposit.into();
		for (who, amount) in held {
			ensure!(
				T::Currency::balance_on_hold(&hold, &who) == amount,
				"held deposits differ from the deposits recorded"
			);
		}
		ensure!(LiveCount::<T>::get() == live, "the live count differs from the proposals");
		let queued: usize = Ending::<T>::iter_values().map(|v| v.len()).sum();
		ensure!(queued as u32 == live, "the ending queues hold ended proposals");
		Ok(())
	}
}

fn declared_info(weight: Weight) -> frame_support::dispatch::DispatchInfo {
	frame_support::dispatch::DispatchInfo { call_weight: weight, ..Default::default() }
}
