//! Quality oracles: bonded, approved per class, posting scores for the next epoch that anyone
//! may dispute before it starts, and the admin origin's decisions of those disputes.
//!
//! A score only ever lowers what the chain verified (it lies between `min_score` and 100%)
//! and multiplies a device's units when its report is accepted, as challenge scores do, so
//! class sums stay exact and closing an epoch reads no score. A disputed score does not apply
//! while the dispute is open: an upheld dispute costs the oracle part of its bond, a rejected
//! one costs the disputer its bond.

use crate::{pallet::*, types::*};
use depin_primitives::{DeviceClassId, DeviceId, DeviceRegistry, EpochIndex};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Balanced, BalancedHold, InspectHold, MutateHold},
		tokens::Precision,
		Imbalance, OnUnbalanced,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	Permill,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_offer_oracle(who: T::AccountId, class: DeviceClassId) -> DispatchResult {
		ensure!(T::Registry::class_info(class).is_some(), Error::<T>::ClassNotFound);
		ensure!(!Oracles::<T>::contains_key(class, &who), Error::<T>::AlreadyOracle);
		let mut tally = OracleCount::<T>::get(class);
		ensure!(tally.seats < T::MaxOraclesPerClass::get(), Error::<T>::TooManyOracles);
		let bond = Params::<T>::get().quality.oracle_bond;
		let reason = HoldReason::OracleBond.into();
		ensure!(T::Currency::can_hold(&reason, &who, bond), Error::<T>::BondNotAffordable);
		T::Currency::hold(&reason, &who, bond)?;
		tally.seats += 1;
		OracleCount::<T>::insert(class, tally);
		Oracles::<T>::insert(
			class,
			&who,
			OracleSeat { bond, approved: false, last_scored: None, open_disputes: 0 },
		);
		Self::deposit_event(Event::OracleOffered { class, oracle: who, bond });
		Ok(())
	}

	pub(crate) fn do_approve_oracle(class: DeviceClassId, oracle: T::AccountId) -> DispatchResult {
		Oracles::<T>::try_mutate(class, &oracle, |seat| {
			let seat = seat.as_mut().ok_or(Error::<T>::NotOracle)?;
			ensure!(!seat.approved, Error::<T>::OracleAlreadyApproved);
			seat.approved = true;
			Ok::<_, DispatchError>(())
		})?;
		OracleCount::<T>::mutate(class, |tally| tally.approved += 1);
		Self::deposit_event(Event::OracleApproved { class, oracle });
		Ok(())
	}

	pub(crate) fn do_retire_oracle(class: DeviceClassId, oracle: T::AccountId) -> DispatchResult {
		let seat = Oracles::<T>::get(class, &oracle).ok_or(Error::<T>::NotOracle)?;
		let current = CurrentEpoch::<T>::get().index;
		ensure!(
			seat.open_disputes == 0 && seat.last_scored.is_none_or(|e| e < current),
			Error::<T>::OracleAccountable
		);
		let released = T::Currency::release(
			&HoldReason::OracleBond.into(),
			&oracle,
			seat.bond,
			Precision::BestEffort,
		)?;
		Oracles::<T>::remove(class, &oracle);
		let mut tally = OracleCount::<T>::get(class);
		tally.seats = tally.seats.saturating_sub(1);
		if seat.approved {
			tally.approved = tally.approved.saturating_sub(1);
		}
		if tally.seats == 0 {
			OracleCount::<T>::remove(class);
		} else {
			OracleCount::<T>::insert(class, tally);
		}
		Self::deposit_event(Event::OracleRetired { class, oracle, released });
		Ok(())
	}

	/// The first block of the next epoch, and the last in which scores for it may be posted.
	fn posting_deadline() -> (EpochIndex, BlockNumberFor<T>, BlockNumberFor<T>) {
		let epoch = CurrentEpoch::<T>::get();
		let next_start = epoch.start.saturating_add(epoch.length);
		let window = Params::<T>::get().quality.dispute_window;
		(epoch.index.saturating_add(1), next_start, next_start.saturating_sub(window))
	}

	pub(crate) fn do_post_scores(
		who: T::AccountId,
		class: DeviceClassId,
		epoch: EpochIndex,
		method: H256,
		scores: ScoresOf<T>,
	) -> DispatchResult {
		let mut seat = Oracles::<T>::get(class, &who).ok_or(Error::<T>::NotOracle)?;
		ensure!(seat.approved, Error::<T>::OracleNotApproved);
		let (next, _, last_block) = Self::posting_deadline();
		ensure!(epoch == next, Error::<T>::NotNextEpoch);
		ensure!(frame_system::Pallet::<T>::block_number() < last_block, Error::<T>::PostingClosed);
		ensure!(!scores.is_empty(), Error::<T>::NoScores);
		let min_score = Params::<T>::get().quality.min_score;
		// Everything is checked before anything is written: a post is taken whole or not at all.
		for (i, (device, score)) in scores.iter().enumerate() {
			let device_class = T::Registry::class(device).ok_or(Error::<T>::UnknownDevice)?;
			ensure!(device_class == class, Error::<T>::DeviceNotInClass);
			ensure!(*score >= min_score, Error::<T>::ScoreOutOfBounds);
			ensure!(!scores[..i].iter().any(|(d, _)| d == device), Error::<T>::DuplicateScore);
			if let Some(posted) = PostedScores::<T>::get(device).filter(|p| p.epoch == epoch) {
				ensure!(!posted.disputed && *score < posted.score, Error::<T>::AlreadyScored);
			}
		}
		for (device, score) in scores.iter() {
			PostedScores::<T>::insert(
				device,
				PostedScore { epoch, score: *score, oracle: who.clone(), disputed: false },
			);
		}
		seat.last_scored = Some(epoch);
		Oracles::<T>::insert(class, &who, seat);
		Self::deposit_event(Event::ScoresPosted { class, epoch, oracle: who, method, scores });
		Ok(())
	}

	pub(crate) fn do_dispute_score(who: T::AccountId, device: DeviceId) -> DispatchResult {
		let current = CurrentEpoch::<T>::get().index;
		let mut posted = PostedScores::<T>::get(device)
			.filter(|p| p.epoch >= current)
			.ok_or(Error::<T>::NoScore)?;
		ensure!(posted.epoch > current, Error::<T>::DisputeWindowClosed);
		ensure!(!posted.disputed, Error::<T>::AlreadyDisputed);
		ensure!(
			ScoreDisputes::<T>::count() < T::MaxOpenScoreDisputes::get(),
			Error::<T>::TooManyDisputes
		);
		// The score names its oracle; the device's class is the one it was scored in (a device
		// never changes class).
		let class = T::Registry::class(&device).ok_or(Error::<T>::UnknownDevice)?;
		let bond = Params::<T>::get().quality.dispute_bond;
		let reason = HoldReason::ScoreDisputeBond.into();
		ensure!(T::Currency::can_hold(&reason, &who, bond), Error::<T>::BondNotAffordable);
		T::Currency::hold(&reason, &who, bond)?;
		Oracles::<T>::mutate(class, &posted.oracle, |seat| {
			if let Some(seat) = seat {
				seat.open_disputes.saturating_inc();
			}
		});
		posted.disputed = true;
		PostedScores::<T>::insert(device, &posted);
		let id = NextScoreDisputeId::<T>::get();
		NextScoreDisputeId::<T>::put(id.wrapping_add(1));
		ScoreDisputes::<T>::insert(
			id,
			ScoreDispute {
				device,
				class,
				epoch: posted.epoch,
				oracle: posted.oracle.clone(),
				score: posted.score,
				disputer: who.clone(),
				bond,
			},
		);
		Self::deposit_event(Event::ScoreDisputed {
			id,
			device,
			epoch: posted.epoch,
			oracle: posted.oracle,
			disputer: who,
		});
		Ok(())
	}

	pub(crate) fn do_decide_dispute(id: ScoreDisputeId, upheld: bool) -> DispatchResult {
		let dispute = ScoreDisputes::<T>::take(id).ok_or(Error::<T>::DisputeNotFound)?;
		let params = Params::<T>::get();
		let mut seat = Oracles::<T>::get(dispute.class, &dispute.oracle);
		if let Some(seat) = seat.as_mut() {
			seat.open_disputes = seat.open_disputes.saturating_sub(1);
		}
		// The device's score entry, if it is still the disputed one.
		let posted = PostedScores::<T>::get(dispute.device)
			.filter(|p| p.epoch == dispute.epoch && p.oracle == dispute.oracle && p.disputed);
		let dispute_reason = HoldReason::ScoreDisputeBond.into();
		let (slashed, rewarded) = if upheld {
			T::Currency::release(
				&dispute_reason,
				&dispute.disputer,
				dispute.bond,
				Precision::BestEffort,
			)?;
			let (slashed, rewarded) = match seat.as_mut() {
				Some(seat) => {
					let (credit, _) = T::Currency::slash(
						&HoldReason::OracleBond.into(),
						&dispute.oracle,
						params.quality.oracle_slash * seat.bond,
					);
					let slashed = credit.peek();
					seat.bond = seat.bond.saturating_sub(slashed);
					let (reward, rest) = credit.split(params.prover_reward * slashed);
					let rewarded = reward.peek();
					// The disputer's account exists: it held a bond until just now.
					if let Err(unpaid) = T::Currency::resolve(&dispute.disputer, reward) {
						T::OnSlash::on_unbalanced(unpaid);
					}
					T::OnSlash::on_unbalanced(rest);
					(slashed, rewarded)
				},
				None => (Zero::zero(), Zero::zero()),
			};
			if posted.is_some() {
				PostedScores::<T>::remove(dispute.device);
			}
			(slashed, rewarded)
		} else {
			let (credit, _) = T::Currency::slash(&dispute_reason, &dispute.disputer, dispute.bond);
			let slashed = credit.peek();
			T::OnSlash::on_unbalanced(credit);
			// Decided before its epoch started: the score applies after all.
			if let Some(mut posted) = posted {
				if posted.epoch > CurrentEpoch::<T>::get().index {
					posted.disputed = false;
					PostedScores::<T>::insert(dispute.device, posted);
				}
			}
			(slashed, Zero::zero())
		};
		if let Some(seat) = seat {
			Oracles::<T>::insert(dispute.class, &dispute.oracle, seat);
		}
		Self::deposit_event(Event::ScoreDisputeDecided { id, upheld, slashed, rewarded });
		Ok(())
	}

	/// The oracle score that applies to `device`'s report of `epoch`: the posted one if it is
	/// for that epoch and not disputed, else 100%.
	pub(crate) fn oracle_score(device: &DeviceId, epoch: EpochIndex) -> Permill {
		PostedScores::<T>::get(device)
			.filter(|p| p.epoch == epoch && !p.disputed)
			.map_or(Permill::one(), |p| p.score)
	}

	/// The quality invariants: tallies match the seats, held oracle and dispute bonds match
	/// the records, every seat counts exactly its open disputes, a score that may still apply
	/// has an approved oracle, and no more disputes are open than the bound.
	#[cfg(any(feature = "try-runtime", test))]
	pub(crate) fn check_quality() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut tallies: BTreeMap<DeviceClassId, OracleTally> = BTreeMap::new();
		let mut disputes: BTreeMap<(DeviceClassId, T::AccountId), u32> = BTreeMap::new();
		for (class, who, seat) in Oracles::<T>::iter() {
			let b = bonds.entry(who.clone()).or_default();
			*b = b.saturating_add(seat.bond);
			let tally = tallies.entry(class).or_default();
			tally.seats += 1;
			tally.approved += u32::from(seat.approved);
			disputes.insert((class, who), seat.open_disputes);
		}
		for (class, tally) in OracleCount::<T>::iter() {
			ensure!(tallies.remove(&class) == Some(tally), "oracle tally differs from the seats");
			ensure!(tally.seats <= T::MaxOraclesPerClass::get(), "too many oracle seats");
		}
		ensure!(tallies.is_empty(), "oracle seats without a tally");
		for (who, amount) in bonds {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::OracleBond.into(), &who) == amount,
				"oracle bonds held differ from the seats"
			);
		}
		// A score that may still apply is backed by an approved oracle of the device's class.
		let current = CurrentEpoch::<T>::get().index;
		for (device, posted) in PostedScores::<T>::iter() {
			ensure!(posted.score <= Permill::one(), "score above 100%");
			if posted.epoch >= current {
				let class = T::Registry::class(&device).ok_or("score of an unknown device")?;
				let seat = Oracles::<T>::get(class, &posted.oracle);
				ensure!(seat.is_some_and(|s| s.approved), "live score without an approved oracle");
			}
		}
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for dispute in ScoreDisputes::<T>::iter_values() {
			let h = held.entry(dispute.disputer.clone()).or_default();
			*h = h.saturating_add(dispute.bond);
			let open = disputes
				.get_mut(&(dispute.class, dispute.oracle.clone()))
				.ok_or("a dispute names an oracle without a seat")?;
			ensure!(*open > 0, "a seat counts fewer disputes than are open");
			*open -= 1;
		}
		ensure!(disputes.values().all(|open| *open == 0), "a seat counts disputes not open");
		ensure!(
			ScoreDisputes::<T>::count() <= T::MaxOpenScoreDisputes::get(),
			"too many score disputes"
		);
		for (who, amount) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::ScoreDisputeBond.into(), &who) == amount,
				"dispute bonds held differ from the open disputes"
			);
		}
		Ok(())
	}
}
