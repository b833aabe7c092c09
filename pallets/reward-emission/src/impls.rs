//! The logic behind the calls and the epoch close.

use crate::{pallet::*, schedule, types::*, weights::WeightInfo};
use alloc::vec::Vec;
use depin_primitives::{
	DeviceId, DeviceRegistry, EpochClock, EpochIndex, OnBurned, OnEpochClosed, ProofKind,
	RevenueSink, RevenueSource, VotingPowerBoost, WorkLedger,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
	},
};
use sp_runtime::{
	traits::{AccountIdConversion, CheckedAdd, CheckedSub, Saturating, Zero},
	ArithmeticError, DispatchError, DispatchResult, Permill,
};

/// A balance as the pure functions take it.
pub(crate) fn wide<B: TryInto<u128>>(b: B) -> Result<u128, DispatchError> {
	b.try_into().map_err(|_| ArithmeticError::Overflow.into())
}

/// A pure function's result as a balance.
pub(crate) fn narrow<T: Config>(v: u128) -> Result<BalanceOf<T>, DispatchError> {
	v.try_into().map_err(|_| ArithmeticError::Overflow.into())
}

/// `a + b`, or an overflow error.
pub(crate) fn add<B: CheckedAdd>(a: B, b: B) -> Result<B, DispatchError> {
	a.checked_add(&b).ok_or(ArithmeticError::Overflow.into())
}

/// `a - b`, or an underflow error.
pub(crate) fn sub<B: CheckedSub>(a: B, b: B) -> Result<B, DispatchError> {
	a.checked_sub(&b).ok_or(ArithmeticError::Underflow.into())
}

impl<T: Config> Pallet<T> {
	/// The reward pot: unclaimed operator rewards of unexpired epochs.
	pub fn reward_pot() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The community pool.
	pub fn community_pot() -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(b"community")
	}

	/// Gives both pots their existential deposit so that any amount can be paid into them.
	pub(crate) fn seed_pots() {
		let ed = T::Currency::minimum_balance();
		for pot in [Self::reward_pot(), Self::community_pot()] {
			if T::Currency::balance(&pot).is_zero() && !ed.is_zero() {
				// Minting the existential deposit into an empty account cannot fail unless
				// issuance overflows, which genesis balances would have done first.
				let _ = T::Currency::mint_into(&pot, ed);
			}
		}
	}

	/// Checks parameters on their own (genesis and every change).
	pub(crate) fn check_params(p: &ParamsOf<T>) -> DispatchResult {
		ensure!(schedule::shares_valid(&p.shares), Error::<T>::InvalidShares);
		if let Curve::Halving { interval } = p.schedule.curve {
			ensure!(interval >= 1, Error::<T>::ZeroHalvingInterval);
		}
		ensure!(
			p.claim_window >= 1 && p.claim_window <= T::Ledger::retained_epochs(),
			Error::<T>::ClaimWindowOutOfBounds
		);
		ensure!(
			p.breaker_window >= 1 && p.breaker_window <= T::MaxBreakerWindow::get(),
			Error::<T>::BreakerWindowOutOfBounds
		);
		ensure!(p.lock_period <= T::MaxLockPeriod::get(), Error::<T>::LockPeriodOutOfBounds);
		ensure!(!p.breaker_cap.is_zero(), Error::<T>::BreakerCapOutOfBounds);
		Ok(())
	}

	/// Checks that `new` moves each value at most one step from `old`.
	pub(crate) fn check_steps(old: &ParamsOf<T>, new: &ParamsOf<T>) -> DispatchResult {
		let step = T::MaxParamStep::get();
		let share_step = T::MaxShareStep::get();
		let (os, ns) = (&old.schedule, &new.schedule);
		ensure!(os.start == ns.start, Error::<T>::CurveChanged);
		match (os.curve, ns.curve) {
			(Curve::Halving { interval: a }, Curve::Halving { interval: b }) => ensure!(
				schedule::within_step(a as u128, b as u128, step, 0),
				Error::<T>::CurveStepTooLarge
			),
			(Curve::Decay { rate: a }, Curve::Decay { rate: b }) => ensure!(
				schedule::share_within_step(a, b, share_step),
				Error::<T>::CurveStepTooLarge
			),
			_ => return Err(Error::<T>::CurveChanged.into()),
		}
		let old_initial = wide(os.initial)?;
		ensure!(
			schedule::within_step(old_initial, wide(ns.initial)?, step, 0),
			Error::<T>::EmissionStepTooLarge
		);
		// Every recipient of either split: its share may move by one step (absent is 0%).
		let share_of = |shares: &Shares<T::AccountId>, r: &RecipientOf<T>| {
			shares.iter().find(|(x, _)| x == r).map(|(_, s)| *s).unwrap_or_default()
		};
		for (r, _) in old.shares.iter().chain(new.shares.iter()) {
			ensure!(
				schedule::share_within_step(
					share_of(&old.shares, r),
					share_of(&new.shares, r),
					share_step
				),
				Error::<T>::ShareStepTooLarge
			);
		}
		ensure!(
			schedule::within_step(
				wide(old.net_emission_cap)?,
				wide(new.net_emission_cap)?,
				step,
				old_initial
			),
			Error::<T>::NetEmissionStepTooLarge
		);
		ensure!(
			schedule::within_step(wide(old.breaker_cap)?, wide(new.breaker_cap)?, step, 0),
			Error::<T>::BreakerCapOutOfBounds
		);
		ensure!(
			schedule::share_within_step(old.lock_share, new.lock_share, share_step),
			Error::<T>::LockShareStepTooLarge
		);
		Ok(())
	}

	pub(crate) fn do_set_params(params: ParamsOf<T>) -> DispatchResult {
		let now = T::Clock::current_epoch();
		if let Some(last) = LastParamsChange::<T>::get() {
			ensure!(
				now >= last.saturating_add(T::ChangeCooldown::get()),
				Error::<T>::ChangeTooSoon
			);
		}
		Self::check_params(&params)?;
		Self::check_steps(&Params::<T>::get(), &params)?;
		Params::<T>::put(&params);
		LastParamsChange::<T>::put(now);
		Self::deposit_event(Event::ParamsChanged { params });
		Ok(())
	}

	/// Closes `epoch`: mints its emission, splits it and fixes the class pools, then expires
	/// the epochs whose claim window ended. Returns how many classes it visited.
	///
	/// Nothing here iterates over devices: the cost is O(classes).
	pub(crate) fn close_epoch(epoch: EpochIndex) -> u32 {
		if LastClosed::<T>::get().is_some_and(|last| epoch <= last) {
			// Told twice about one epoch: the first close stands.
			return 0;
		}
		let result = frame_support::storage::with_storage_layer(|| Self::do_close(epoch));
		let classes = match result {
			Ok(classes) => classes,
			Err(e) => {
				// Only an arithmetic overflow can fail a close; nothing was minted for the
				// epoch. Record it so that the epoch is not closed again.
				frame_support::defensive!("reward-emission: epoch close failed", e);
				Epochs::<T>::insert(epoch, EpochRewards::default());
				0
			},
		};
		LastClosed::<T>::put(epoch);
		Self::expire_due(epoch);
		classes
	}

	fn do_close(epoch: EpochIndex) -> Result<u32, DispatchError> {
		let params = Params::<T>::get();
		let schedule = Schedule {
			initial: wide(params.schedule.initial)?,
			curve: params.schedule.curve,
			start: params.schedule.start,
		};
		let scheduled = schedule::scheduled(&schedule, epoch);
		let burned = wide(BurnedThisEpoch::<T>::take())?;
		let (reemitted, target, capped) = schedule::mint_target(
			scheduled,
			burned,
			wide(params.net_emission_cap)?,
			wide(T::Currency::total_issuance())?,
			wide(SupplyCap::<T>::get())?,
		);
		let mut record = EpochRewards {
			scheduled: narrow::<T>(scheduled)?,
			reemitted: narrow::<T>(reemitted)?,
			capped: narrow::<T>(capped)?,
			..Default::default()
		};
		if capped > 0 {
			Self::deposit_event(Event::SupplyCapReached { epoch, capped: record.capped });
		}

		// The circuit breaker: what the window minted, plus this epoch, against the cap.
		let mut recent = RecentMints::<T>::get();
		let window_start = epoch.saturating_add(1).saturating_sub(params.breaker_window);
		recent.retain(|(e, _)| *e >= window_start);
		let mut window_minted = 0u128;
		for (_, m) in recent.iter() {
			window_minted = window_minted.saturating_add(wide(*m)?);
		}
		let breaker_cap = wide(params.breaker_cap)?;
		let target =
			if BreakerTripped::<T>::get() || window_minted.saturating_add(target) > breaker_cap {
				BreakerTripped::<T>::put(true);
				record.refused = narrow::<T>(target)?;
				Self::deposit_event(Event::MintingRefused {
					epoch,
					amount: record.refused,
					window_minted: narrow::<T>(window_minted)?,
					cap: params.breaker_cap,
				});
				0
			} else {
				target
			};

		let mut minted = 0u128;
		let mut classes_visited = 0u32;
		let mut operators = 0u128;
		for (recipient, amount) in schedule::split(target, &params.shares) {
			if amount == 0 {
				continue;
			}
			match recipient {
				Recipient::Operators => {
					let (pools_total, visited) = Self::fix_class_pools(epoch, amount)?;
					classes_visited = visited;
					operators = pools_total;
				},
				other => {
					let account = match &other {
						Recipient::Treasury => T::Treasury::account(),
						Recipient::Community => Some(Self::community_pot()),
						Recipient::Account(a) => Some(a.clone()),
						Recipient::Operators => None,
					};
					let Some(account) = account else { continue };
					let value = narrow::<T>(amount)?;
					// An account that cannot receive (below the existential deposit) leaves its
					// share unminted.
					if T::Currency::mint_into(&account, value).is_ok() {
						minted = minted.saturating_add(amount);
						if other == Recipient::Treasury {
							T::Treasury::note_revenue(RevenueSource::Emission, value);
						}
						Self::deposit_event(Event::EmissionPaid {
							epoch,
							recipient: other,
							amount: value,
						});
					}
				},
			}
		}
		if operators > 0 {
			T::Currency::mint_into(&Self::reward_pot(), narrow::<T>(operators)?)?;
			minted = add(minted, operators)?;
		}
		record.operators = narrow::<T>(operators)?;
		record.minted = narrow::<T>(minted)?;
		// target ≥ minted: the split never hands out more than `target`.
		record.unearned = narrow::<T>(sub(target, minted)?)?;

		if minted > 0 {
			if recent.is_full() {
				recent.remove(0);
			}
			// Cannot fail: a slot was freed above if needed.
			let _ = recent.try_push((epoch, record.minted));
		}
		RecentMints::<T>::put(recent);

		Totals::<T>::try_mutate(|t| -> DispatchResult {
			t.minted = add(t.minted, record.minted)?;
			t.to_pot = add(t.to_pot, record.operators)?;
			Ok(())
		})?;
		Epochs::<T>::insert(epoch, record);
		Self::deposit_event(Event::EpochRewardsFixed {
			epoch,
			scheduled: record.scheduled,
			reemitted: record.reemitted,
			minted: record.minted,
			operators: record.operators,
			unearned: record.unearned,
		});
		Ok(classes_visited)
	}

	/// Splits the operators' `amount` between the classes that did work in `epoch` and stores
	/// their pools. Returns the sum of the pools and how many classes were visited.
	fn fix_class_pools(epoch: EpochIndex, amount: u128) -> Result<(u128, u32), DispatchError> {
		let mut works = Vec::new();
		let mut demand_classes = Vec::new();
		for class in T::Registry::class_ids().into_iter().take(T::MaxClasses::get() as usize) {
			if let Some(info) = T::Registry::class_info(class) {
				works.push(schedule::ClassWork {
					class,
					weight: info.reward_weight,
					units: T::Ledger::class_units(epoch, class),
				});
				// Classes paid for demand: their units are the take's value (see physical
				// work's `DemandUnit`).
				if matches!(
					info.proof_kind,
					ProofKind::CustomerReceipt | ProofKind::ChallengeResponse
				) {
					demand_classes.push(class);
				}
			}
		}
		let demand_unit = wide(T::DemandUnit::get())?;
		let mut total = 0u128;
		for (class, pool) in schedule::class_pools(amount, &works) {
			let units = works.iter().find(|w| w.class == class).map(|w| w.units).unwrap_or(0);
			// A receipt or storage class earns at most a share of the take behind its units:
			// what it is not paid is not minted.
			let pool = match demand_classes.contains(&class) {
				true => {
					schedule::demand_capped(pool, units, demand_unit, T::DemandRewardCap::get())
				},
				false => pool,
			};
			if pool == 0 {
				continue;
			}
			let pool_value = narrow::<T>(pool)?;
			ClassPools::<T>::insert(epoch, class, ClassPool { pool: pool_value, units });
			total = add(total, pool)?;
			Self::deposit_event(Event::ClassRewardFixed { epoch, class, pool: pool_value, units });
		}
		Ok((total, works.len() as u32))
	}

	/// Expires the epochs whose claim window has ended with `closed`, at most
	/// `MAX_EXPIRED_PER_CLOSE` of them.
	fn expire_due(closed: EpochIndex) {
		let window = Params::<T>::get().claim_window;
		let mut oldest = OldestUnexpired::<T>::get();
		for _ in 0..MAX_EXPIRED_PER_CLOSE {
			if oldest.saturating_add(window) > closed {
				break;
			}
			Self::expire(oldest);
			oldest = oldest.saturating_add(1);
		}
		OldestUnexpired::<T>::put(oldest);
	}

	/// Sends what `epoch`'s devices left unclaimed to the treasury (burns it if there is no
	/// treasury) and forgets the epoch.
	fn expire(epoch: EpochIndex) {
		let _ = ClassPools::<T>::clear_prefix(epoch, T::MaxClasses::get(), None);
		let Some(record) = Epochs::<T>::take(epoch) else { return };
		let rest = record.operators.saturating_sub(record.credited).saturating_sub(record.expired);
		if rest.is_zero() {
			return;
		}
		let pot = Self::reward_pot();
		let moved = match T::Treasury::account() {
			Some(treasury) => T::Currency::transfer(&pot, &treasury, rest, Preservation::Preserve)
				.map(|_| T::Treasury::note_revenue(RevenueSource::ExpiredRewards, rest)),
			None => T::Currency::burn_from(
				&pot,
				rest,
				Preservation::Preserve,
				Precision::Exact,
				Fortitude::Polite,
			)
			.map(|_| ()),
		};
		if let Err(e) = moved {
			// The pot always holds what unexpired epochs owe (checked by `do_try_state`).
			frame_support::defensive!("reward-emission: expiry transfer failed", e);
			return;
		}
		Totals::<T>::mutate(|t| t.expired = t.expired.saturating_add(rest));
		Self::deposit_event(Event::RewardsExpired { epoch, amount: rest });
	}

	pub(crate) fn do_spend_community(to: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let pot = Self::community_pot();
		let spendable =
			T::Currency::reducible_balance(&pot, Preservation::Preserve, Fortitude::Polite);
		ensure!(amount <= spendable, Error::<T>::InsufficientCommunityFunds);
		T::Currency::transfer(&pot, &to, amount, Preservation::Preserve)?;
		Self::deposit_event(Event::CommunitySpent { to, amount });
		Ok(())
	}

	/// What each of `owner`'s devices can claim now (those with something pending) and the
	/// total. O(1) per device.
	pub fn pending_rewards_of(
		owner: &T::AccountId,
	) -> (Vec<(DeviceId, PendingRewards<BalanceOf<T>>)>, BalanceOf<T>) {
		let mut total: BalanceOf<T> = Zero::zero();
		let mut devices = Vec::new();
		for device in T::Registry::devices_of(owner) {
			let pending = Self::pending_rewards(&device);
			if !pending.amount.is_zero() {
				total = total.saturating_add(pending.amount);
				devices.push((device, pending));
			}
		}
		(devices, total)
	}

	/// What `device` can claim now: what it accrued, and what its latest closed epoch earned
	/// if the ledger has not handed it on yet.
	pub fn pending_rewards(device: &DeviceId) -> PendingRewards<BalanceOf<T>> {
		let credited = Accrued::<T>::get(device).map(|a| a.amount).unwrap_or_default();
		let mut pending = PendingRewards { amount: credited, credited, ..Default::default() };
		let latest = T::Ledger::latest_work(device).filter(|w| T::Ledger::is_closed(w.epoch));
		if let Some(work) = latest {
			let reward = Self::reward_for(&work);
			if !reward.is_zero() {
				pending.amount = pending.amount.saturating_add(reward);
				pending.unsettled = Some(work.epoch);
				pending.expires_at_close_of =
					Some(work.epoch.saturating_add(Params::<T>::get().claim_window));
			}
		}
		pending
	}

	/// What the schedule gives the next `count` epochs to close, before net emissions, the
	/// supply cap and the breaker.
	pub fn schedule_preview(count: u32) -> Vec<(EpochIndex, BalanceOf<T>)> {
		let params = Params::<T>::get();
		let Ok(initial) = wide(params.schedule.initial) else { return Vec::new() };
		let s = Schedule { initial, curve: params.schedule.curve, start: params.schedule.start };
		let first = LastClosed::<T>::get().map_or(0, |l| l.saturating_add(1));
		(0..count)
			.filter_map(|i| first.checked_add(i))
			.filter_map(|e| narrow::<T>(schedule::scheduled(&s, e)).ok().map(|v| (e, v)))
			.collect()
	}
}

impl<T: Config> OnEpochClosed for Pallet<T> {
	fn on_epoch_closed(epoch: depin_primitives::EpochIndex) -> Weight {
		let classes = Self::close_epoch(epoch);
		T::WeightInfo::close_epoch(classes.max(1))
	}
}

/// Governance's contributor signal: full for an account whose devices earned rewards in the
/// last closed epoch, fading linearly to none `ActivityWindow` epochs later. Read in O(1):
/// one storage read, whatever the number of devices the account owns. Rewards count once
/// they are claimed (by the owner or anyone, through `claim_for`).
impl<T: Config> VotingPowerBoost<T::AccountId> for Pallet<T> {
	fn boost(who: &T::AccountId) -> Permill {
		let window = T::ActivityWindow::get();
		let (Some(last), Some(closed)) = (LastRewarded::<T>::get(who), LastClosed::<T>::get())
		else {
			return Permill::zero();
		};
		let age = closed.saturating_sub(last);
		if window == 0 || age >= window {
			return Permill::zero();
		}
		Permill::from_rational(window - age, window)
	}
}

impl<T: Config> OnBurned<BalanceOf<T>> for Pallet<T> {
	fn on_burned(amount: BalanceOf<T>) {
		// Clamping is the intent: re-emission is limited by the net emission cap, far below
		// the largest balance.
		BurnedThisEpoch::<T>::mutate(|b| *b = b.saturating_add(amount));
	}
}
