//! Benchmarks: every call in its most expensive case (a lock that refreshes a delegation, a
//! vote that replaces an earlier one and counts delegated power, cancels that search a full
//! decision queue, calls carried by preimage of the longest length), and the hook deciding
//! the most proposals one block can end, each approved and scheduled.

use super::*;
use crate::pallet::Pallet as Dao;
use alloc::{boxed::Box, vec};
use codec::Encode;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	Bounded, EnsureOrigin, Get, Hooks, StorePreimage,
};
use frame_support::weights::Weight;
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::{traits::StaticLookup, Perbill, Permill, Saturating};

fn assert_last_event<T: Config>(event: impl Into<<T as frame_system::Config>::RuntimeEvent>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

/// A large amount in the native token's smallest units.
fn plenty<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().max(1u32.into()).saturating_mul(1_000_000_000u32.into())
}

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	T::Currency::set_balance(&who, plenty::<T>());
	who
}

/// Opens the parameters track with no quorum, so that one voter decides, and the shortest
/// voting period.
fn open_track<T: Config>() -> TrackInfoOf<T> {
	let info = TrackInfo {
		deposit: T::Currency::minimum_balance().saturating_mul(10u32.into()),
		voting_period: T::MinVotingPeriod::get(),
		quorum: Perbill::zero(),
		approval: Perbill::from_percent(50),
		enactment_delay: 1u32.into(),
		quadratic: false,
	};
	Tracks::<T>::insert(Track::Parameters, info);
	Params::<T>::put(DaoParams {
		lock_period: T::MinVotingPeriod::get().min(T::MaxLockPeriod::get()),
		max_boost: T::MaxBoost::get(),
	});
	info
}

/// A call whose encoding is `len` bytes long (at least a few), noted as a preimage.
fn noted_call<T: Config>(len: u32) -> BoundedCallOf<T> {
	let mut remark = vec![1u8; len as usize];
	loop {
		let call: CallOf<T> = frame_system::Call::<T>::remark { remark: remark.clone() }.into();
		let bytes = call.encode();
		if bytes.len() as u32 <= core::cmp::max(len, 8) || remark.is_empty() {
			let hash = T::Preimages::note(bytes.clone().into()).expect("the preimage is noted");
			return Bounded::Lookup { hash, len: bytes.len() as u32 };
		}
		remark.pop();
	}
}

/// Submits a proposal of `proposer` carrying a small call; returns its index.
fn submit<T: Config>(proposer: &T::AccountId) -> ProposalIndex {
	let index = NextProposal::<T>::get();
	let call: CallOf<T> = frame_system::Call::<T>::remark { remark: vec![] }.into();
	let bounded = T::Preimages::bound(call).expect("a small call goes inline");
	Dao::<T>::do_propose(proposer.clone(), Track::Parameters, bounded).expect("submitted");
	index
}

/// Fills the decision queue of the proposals ending with the next one up to one short of
/// the bound.
fn fill_queue<T: Config>() {
	let proposer = funded::<T>("proposer", 0);
	for _ in 1..T::MaxLive::get() {
		submit::<T>(&proposer);
	}
}

#[benchmarks(where <T as frame_system::Config>::RuntimeOrigin: From<Origin>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn lock() {
		open_track::<T>();
		let caller = funded::<T>("caller", 0);
		let rep = funded::<T>("rep", 0);
		Dao::<T>::do_lock(&caller, plenty::<T>() / 4u32.into(), Conviction::Locked1x).unwrap();
		Dao::<T>::do_delegate(&caller, &rep).unwrap();
		let amount = plenty::<T>() / 2u32.into();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), amount, Conviction::Locked6x);

		assert_eq!(Voters::<T>::get(&caller).unwrap().locked, amount);
		assert_last_event::<T>(Event::Locked {
			who: caller,
			amount,
			conviction: Conviction::Locked6x,
		});
	}

	#[benchmark]
	fn unlock() {
		open_track::<T>();
		let caller = funded::<T>("caller", 0);
		let amount = plenty::<T>() / 2u32.into();
		Dao::<T>::do_lock(&caller, amount, Conviction::Locked6x).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		assert!(Voters::<T>::get(&caller).is_none());
		assert_last_event::<T>(Event::Unlocked { who: caller, amount });
	}

	#[benchmark]
	fn delegate() {
		open_track::<T>();
		let caller = funded::<T>("caller", 0);
		let rep = funded::<T>("rep", 0);
		Dao::<T>::do_lock(&caller, plenty::<T>() / 2u32.into(), Conviction::Locked6x).unwrap();
		Dao::<T>::do_lock(&rep, plenty::<T>() / 2u32.into(), Conviction::Locked1x).unwrap();
		let lookup = T::Lookup::unlookup(rep.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), lookup);

		assert_eq!(Voters::<T>::get(&rep).unwrap().delegators, 1);
	}

	#[benchmark]
	fn undelegate() {
		open_track::<T>();
		let caller = funded::<T>("caller", 0);
		let rep = funded::<T>("rep", 0);
		Dao::<T>::do_lock(&caller, plenty::<T>() / 2u32.into(), Conviction::Locked6x).unwrap();
		Dao::<T>::do_delegate(&caller, &rep).unwrap();
		// The representative voted with the power: the caller's lock is extended.
		let index = submit::<T>(&rep);
		Dao::<T>::do_vote(rep.clone(), index, true).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		assert_eq!(Voters::<T>::get(&caller).unwrap().votes_from, index + 1);
		assert_last_event::<T>(Event::Undelegated { who: caller, from: rep });
	}

	#[benchmark]
	fn propose(l: Linear<8, { T::MaxCallLen::get() }>) {
		open_track::<T>();
		fill_queue::<T>();
		let caller = funded::<T>("caller", 0);
		let call = noted_call::<T>(l);
		let index = NextProposal::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), Track::Parameters, Box::new(call));

		assert!(Proposals::<T>::contains_key(index));
		assert_eq!(LiveCount::<T>::get(), T::MaxLive::get());
	}

	#[benchmark]
	fn vote() {
		open_track::<T>();
		let caller = funded::<T>("caller", 0);
		let delegator = funded::<T>("delegator", 0);
		Dao::<T>::do_lock(&caller, plenty::<T>() / 2u32.into(), Conviction::Locked6x).unwrap();
		Dao::<T>::do_lock(&delegator, plenty::<T>() / 2u32.into(), Conviction::Locked6x).unwrap();
		Dao::<T>::do_delegate(&delegator, &caller).unwrap();
		let index = submit::<T>(&caller);
		Dao::<T>::do_vote(caller.clone(), index, false).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), index, true);

		let tally = Proposals::<T>::get(index).unwrap().tally;
		assert!(tally.nays == 0u32.into() && tally.voters == 1);
	}

	#[benchmark]
	fn remove_vote() {
		open_track::<T>();
		let caller = funded::<T>("caller", 0);
		Dao::<T>::do_lock(&caller, plenty::<T>() / 2u32.into(), Conviction::Locked6x).unwrap();
		let index = submit::<T>(&caller);
		Dao::<T>::do_vote(caller.clone(), index, true).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), index);

		assert_last_event::<T>(Event::VoteRemoved { index, who: caller });
	}

	#[benchmark]
	fn cancel() -> Result<(), BenchmarkError> {
		open_track::<T>();
		fill_queue::<T>();
		let index = submit::<T>(&funded::<T>("caller", 0));
		let origin =
			T::CancelOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, index);

		assert_last_event::<T>(Event::Cancelled { index });
		Ok(())
	}

	#[benchmark]
	fn kill() -> Result<(), BenchmarkError> {
		let info = open_track::<T>();
		fill_queue::<T>();
		let index = submit::<T>(&funded::<T>("caller", 0));
		let origin =
			T::CancelOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, index);

		assert_last_event::<T>(Event::Killed { index, slashed: info.deposit });
		Ok(())
	}

	#[benchmark]
	fn enact(l: Linear<8, { T::MaxCallLen::get() }>) {
		open_track::<T>();
		let caller = funded::<T>("caller", 0);
		let call = noted_call::<T>(l);
		let call_len = call.len().unwrap_or(0);
		Dao::<T>::do_propose(caller, Track::Parameters, call).unwrap();
		let now = frame_system::Pallet::<T>::block_number();
		Proposals::<T>::mutate(0, |p| {
			let p = p.as_mut().unwrap();
			p.status = ProposalStatus::Approved { enact_at: now };
		});
		let origin: T::RuntimeOrigin = Origin::Track(Track::Parameters).into();

		#[extrinsic_call]
		_(origin, 0, call_len, Weight::zero());

		assert_last_event::<T>(Event::Enacted { index: 0, result: Ok(()) });
	}

	#[benchmark]
	fn set_track() -> Result<(), BenchmarkError> {
		let info = open_track::<T>();
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Track::Grants, Some(info));

		assert_eq!(Tracks::<T>::get(Track::Grants), Some(info));
		Ok(())
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let params = DaoParams { lock_period: T::MaxLockPeriod::get(), max_boost: Permill::zero() };
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);

		assert_last_event::<T>(Event::ParamsSet { params });
		Ok(())
	}

	/// The hook deciding `p` proposals of `p` proposers, each approved with a vote and
	/// scheduled, each deposit returned.
	#[benchmark]
	fn on_initialize(p: Linear<0, { T::MaxLive::get() }>) {
		let info = open_track::<T>();
		let voter = funded::<T>("voter", 0);
		Dao::<T>::do_lock(&voter, plenty::<T>() / 2u32.into(), Conviction::Locked1x).unwrap();
		for i in 0..p {
			let index = submit::<T>(&funded::<T>("proposer", i));
			Dao::<T>::do_vote(voter.clone(), index, true).unwrap();
		}
		let ends: BlockNumberFor<T> =
			frame_system::Pallet::<T>::block_number().saturating_add(info.voting_period);
		frame_system::Pallet::<T>::set_block_number(ends);

		#[block]
		{
			Dao::<T>::on_initialize(ends);
		}

		assert_eq!(LiveCount::<T>::get(), 0);
		if p > 0 {
			assert!(matches!(
				Proposals::<T>::get(p - 1).unwrap().status,
				ProposalStatus::Approved { .. }
			));
		}
	}

	impl_benchmark_test_suite!(Dao, crate::mock::new_bench_ext(), crate::mock::Test);
}
