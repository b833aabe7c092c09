//! The logic behind the calls, the price sampling, the epoch close and the revenue adapters.

use crate::{pallet::*, price, types::*, weights::WeightInfo};
use alloc::vec;
use depin_primitives::{DeviceRegistry, EpochClock, EpochIndex, OnBurned, RevenueSource};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate},
		fungibles,
		tokens::{Fortitude, Precision, Preservation},
	},
};
use pallet_asset_conversion::{QuotePrice, Swap};
use sp_runtime::{
	traits::{AccountIdConversion, Convert, Saturating, UniqueSaturatedInto, Zero},
	ArithmeticError, DispatchResult, SaturatedConversion,
};

fn to_u128<B: UniqueSaturatedInto<u128>>(b: B) -> u128 {
	b.unique_saturated_into()
}

impl<T: Config> Pallet<T> {
	/// The treasury pot.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Gives the pot its existential deposit at genesis, so that it lives from the start and
	/// can receive any amount. The deposit is not in the books.
	pub(crate) fn seed_pot() {
		let pot = Self::account_id();
		let ed = T::Currency::minimum_balance();
		if T::Currency::balance(&pot).is_zero() && !ed.is_zero() {
			// Minting the existential deposit into an empty account cannot fail unless
			// issuance overflows, which genesis balances would have done first.
			let _ = T::Currency::mint_into(&pot, ed);
		}
	}

	/// Checks parameters (genesis and every change).
	pub(crate) fn check_params(p: &ParamsOf<T>) -> DispatchResult {
		ensure!(p.max_slippage <= T::MaxSlippage::get(), Error::<T>::SlippageOutOfBounds);
		Ok(())
	}

	pub(crate) fn native() -> T::AssetKind {
		T::AssetKindOf::convert(None)
	}

	pub(crate) fn kind(asset: T::AssetId) -> T::AssetKind {
		T::AssetKindOf::convert(Some(asset))
	}

	/// The pool's spot price of one unit of `asset` in native smallest units (no fee, no
	/// price impact); `None` without a pool or liquidity.
	pub fn spot_price(asset: T::AssetId, unit: BalanceOf<T>) -> Option<BalanceOf<T>> {
		T::Dex::quote_price_exact_tokens_for_tokens(Self::kind(asset), Self::native(), unit, false)
	}

	/// The epoch's report so far, or a fresh one.
	fn report(epoch: EpochIndex) -> ReportOf<T> {
		Reports::<T>::get(epoch).unwrap_or_default()
	}

	/// The entry of `asset` in `report`, added if missing; `None` if the report is full.
	fn entry(
		report: &mut ReportOf<T>,
		asset: T::AssetId,
	) -> Option<&mut AssetReport<T::AssetId, BalanceOf<T>>> {
		let index = match report.assets.iter().position(|a| a.asset == asset) {
			Some(i) => i,
			None => {
				report.assets.try_push(AssetReport::new(asset)).ok()?;
				report.assets.len() - 1
			},
		};
		report.assets.get_mut(index)
	}

	/// Splits revenue that customers generated (payments, the fee share) into the burned
	/// share and the grantable rest.
	fn book_demand(key: AssetKeyOf<T>, amount: BalanceOf<T>, burn_share: sp_runtime::Perbill) {
		let (burn, rest) = price::split(to_u128(amount), burn_share);
		// Both parts are at most `amount`, so they convert back.
		let (burn, rest): (BalanceOf<T>, BalanceOf<T>) =
			(burn.saturated_into(), rest.saturated_into());
		Books::<T>::mutate(key, |f| {
			// Saturating: the books of an asset never exceed its total issuance.
			f.queued = f.queued.saturating_add(burn);
			f.grantable = f.grantable.saturating_add(rest);
		});
		Self::note_received(key, amount);
	}

	fn note_received(key: AssetKeyOf<T>, amount: BalanceOf<T>) {
		// Saturating: a running total for the record; the books above hold the money.
		AssetFlows::<T>::mutate(key, |f| f.received = f.received.saturating_add(amount));
	}

	/// `customer` pays `amount` of `asset` for `served`.
	pub(crate) fn do_pay(
		customer: &T::AccountId,
		asset: AssetKeyOf<T>,
		amount: BalanceOf<T>,
		served: Served,
		memo: &[u8],
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		if let Some(id) = asset {
			let config = AllowedAssets::<T>::get(id).ok_or(Error::<T>::AssetNotAllowed)?;
			ensure!(config.accepts_payments, Error::<T>::AssetNotAllowed);
		}
		match served {
			Served::Class(class) => {
				ensure!(T::Registry::class_info(class).is_some(), Error::<T>::UnknownClass)
			},
			Served::Device(device) => {
				ensure!(T::Registry::owner(&device).is_some(), Error::<T>::UnknownDevice)
			},
		}
		ensure!(memo.len() <= T::MaxMemoLen::get() as usize, Error::<T>::MemoTooLong);
		let pot = Self::account_id();
		let epoch = T::Clock::current_epoch();
		let mut report = Self::report(epoch);
		match asset {
			None => {
				// The customer keeps its existential deposit: a payment never reaps an
				// account (and its holds and freezes).
				let spendable = T::Currency::reducible_balance(
					customer,
					Preservation::Preserve,
					Fortitude::Polite,
				);
				ensure!(spendable >= amount, Error::<T>::CannotAfford);
				T::Currency::transfer(customer, &pot, amount, Preservation::Preserve)?;
				report.native.add(RevenueSource::Service, amount);
				Self::book_demand(None, amount, Params::<T>::get().burn_share);
			},
			Some(id) => {
				let spendable = <T::Assets as fungibles::Inspect<_>>::reducible_balance(
					id,
					customer,
					Preservation::Expendable,
					Fortitude::Polite,
				);
				ensure!(spendable >= amount, Error::<T>::CannotAfford);
				let entry = Self::entry(&mut report, id).ok_or(Error::<T>::TooManyAssets)?;
				entry.revenue = entry.revenue.saturating_add(amount);
				<T::Assets as fungibles::Mutate<_>>::transfer(
					id,
					customer,
					&pot,
					amount,
					Preservation::Expendable,
				)?;
				Self::book_demand(Some(id), amount, Params::<T>::get().burn_share);
			},
		}
		Reports::<T>::insert(epoch, report);
		Ok(())
	}

	/// Pays a grant out of the grantable funds, within the epoch's cap.
	pub(crate) fn do_grant(
		asset: AssetKeyOf<T>,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let cap = match asset {
			None => Params::<T>::get().native_grant_cap,
			Some(id) => AllowedAssets::<T>::get(id).ok_or(Error::<T>::AssetNotAllowed)?.grant_cap,
		};
		let mut books = Books::<T>::get(asset);
		ensure!(books.grantable >= amount, Error::<T>::InsufficientGrantFunds);
		let epoch = T::Clock::current_epoch();
		let mut granted = GrantedThisEpoch::<T>::get(asset);
		if granted.epoch != epoch {
			granted = Granted { epoch, amount: Zero::zero(), cap };
		}
		let after = granted.amount.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		ensure!(after <= cap, Error::<T>::GrantOverCap);
		let pot = Self::account_id();
		match asset {
			// The pot keeps its existential deposit, which is not in the books.
			None => T::Currency::transfer(&pot, to, amount, Preservation::Preserve)?,
			Some(id) => <T::Assets as fungibles::Mutate<_>>::transfer(
				id,
				&pot,
				to,
				amount,
				Preservation::Expendable,
			)?,
		};
		books.grantable -= amount;
		Books::<T>::insert(asset, books);
		GrantedThisEpoch::<T>::insert(asset, Granted { epoch, amount: after, cap });
		AssetFlows::<T>::mutate(asset, |f| f.granted = f.granted.saturating_add(amount));
		let mut report = Self::report(epoch);
		match asset {
			None => report.native_granted = report.native_granted.saturating_add(amount),
			Some(id) => {
				// A full report keeps the grant out of the report, never out of the books.
				if let Some(entry) = Self::entry(&mut report, id) {
					entry.granted = entry.granted.saturating_add(amount);
				}
			},
		}
		Reports::<T>::insert(epoch, report);
		Ok(())
	}

	/// Accepts, reconfigures or removes an asset.
	pub(crate) fn do_set_asset(
		asset: T::AssetId,
		config: Option<AssetConfigOf<T>>,
	) -> DispatchResult {
		match config {
			Some(config) => {
				ensure!(!config.unit.is_zero(), Error::<T>::ZeroUnit);
				ensure!(Self::spot_price(asset, config.unit).is_some(), Error::<T>::NoPool);
				if !AllowedAssets::<T>::contains_key(asset) {
					// Every asset of the open epoch's report, allowed or not, must still fit.
					let report = Self::report(T::Clock::current_epoch());
					let others = report
						.assets
						.iter()
						.filter(|a| a.asset != asset && !AllowedAssets::<T>::contains_key(a.asset))
						.count() as u32;
					ensure!(
						AllowedAssets::<T>::count().saturating_add(others) < T::MaxAssets::get(),
						Error::<T>::TooManyAssets
					);
				}
				AllowedAssets::<T>::insert(asset, config);
				Self::deposit_event(Event::AssetAllowed { asset, config });
			},
			None => {
				ensure!(AllowedAssets::<T>::contains_key(asset), Error::<T>::AssetNotAllowed);
				let books = Books::<T>::get(Some(asset));
				ensure!(
					books.queued.is_zero() && books.grantable.is_zero(),
					Error::<T>::AssetStillHeld
				);
				AllowedAssets::<T>::remove(asset);
				Prices::<T>::remove(asset);
				Books::<T>::remove(Some(asset));
				GrantedThisEpoch::<T>::remove(Some(asset));
				Self::deposit_event(Event::AssetRemoved { asset });
			},
		}
		Ok(())
	}

	/// Adds this block's spot price of every accepted asset to the epoch's samples. Returns
	/// how many assets it visited (at most `MaxAssets`).
	pub(crate) fn sample_prices() -> u32 {
		let epoch = T::Clock::current_epoch();
		let mut visited = 0;
		for (asset, config) in AllowedAssets::<T>::iter() {
			visited += 1;
			let spot = Self::spot_price(asset, config.unit);
			Prices::<T>::mutate(asset, |s| {
				if s.epoch != epoch {
					*s = PriceSamples { epoch, sum: Zero::zero(), count: 0 };
				}
				if let Some(p) = spot {
					// Saturating: see `PriceSamples::sum`.
					s.sum = s.sum.saturating_add(p);
					s.count = s.count.saturating_add(1);
				}
			});
		}
		visited
	}

	/// The time-weighted average price of `asset` over the samples of `epoch`, if any.
	pub fn average_price(asset: T::AssetId, epoch: EpochIndex) -> Option<BalanceOf<T>> {
		let s = Prices::<T>::get(asset);
		if s.epoch != epoch {
			return None;
		}
		price::twap(to_u128(s.sum), s.count).map(|p| p.saturated_into())
	}

	/// Swaps `amount` of `asset` (or the largest of its halves down to an eighth that meets
	/// the bound) for native tokens into the pot. Returns what was spent and bought, or the
	/// last quote and bound tried.
	fn buy_back(
		pot: &T::AccountId,
		asset: T::AssetId,
		amount: BalanceOf<T>,
		reference: Option<BalanceOf<T>>,
		unit: BalanceOf<T>,
		slippage: sp_runtime::Perbill,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), (Option<BalanceOf<T>>, BalanceOf<T>)> {
		let Some(reference) = reference else { return Err((None, Zero::zero())) };
		let mut last = (None, Zero::zero());
		for attempt in price::attempts(to_u128(amount)) {
			let Some(min) = price::min_out(attempt, to_u128(reference), to_u128(unit), slippage)
			else {
				continue;
			};
			let (attempt, min): (BalanceOf<T>, BalanceOf<T>) =
				(attempt.saturated_into(), min.saturated_into());
			let quoted = T::Dex::quote_price_exact_tokens_for_tokens(
				Self::kind(asset),
				Self::native(),
				attempt,
				true,
			);
			last = (quoted, min);
			if quoted.is_some_and(|q| q >= min && !q.is_zero()) {
				// The swap is atomic and fails rather than fill below `min`.
				return T::Dex::swap_exact_tokens_for_tokens(
					pot.clone(),
					vec![Self::kind(asset), Self::native()],
					attempt,
					Some(min),
					pot.clone(),
					false,
				)
				.map(|bought| (attempt, bought))
				.map_err(|_| last);
			}
		}
		Err(last)
	}

	/// Closes `epoch` for the treasury: settles the fee share, buys back each accepted asset
	/// within its cap and the slippage bound, burns what was bought and the burned share of
	/// native revenue, and finalises the report. Returns the weight used.
	pub(crate) fn do_close(epoch: EpochIndex) -> Weight {
		let params = Params::<T>::get();
		let pot = Self::account_id();
		let mut report = Self::report(epoch);

		let fees = PendingFees::<T>::take();
		if !fees.is_zero() {
			report.native.add(RevenueSource::Fees, fees);
			Self::book_demand(None, fees, params.burn_share);
		}

		let mut bought_total: BalanceOf<T> = Zero::zero();
		let mut visited = 0u32;
		for (asset, config) in AllowedAssets::<T>::iter() {
			visited += 1;
			let reference = Self::average_price(asset, epoch);
			Prices::<T>::insert(
				asset,
				PriceSamples { epoch: epoch.saturating_add(1), sum: Zero::zero(), count: 0 },
			);
			let mut books = Books::<T>::get(Some(asset));
			let amount = books.queued.min(config.buy_back_cap);
			let Some(entry) = Self::entry(&mut report, asset) else { continue };
			entry.reference_price = reference;
			entry.buy_back_cap = config.buy_back_cap;
			if amount.is_zero() {
				entry.deferred = books.queued;
				continue;
			}
			// Each swap is atomic: a failed one leaves the pot and the pool as they were.
			match Self::buy_back(&pot, asset, amount, reference, config.unit, params.max_slippage) {
				Ok((spent, bought)) => {
					books.queued = books.queued.saturating_sub(spent);
					AssetFlows::<T>::mutate(Some(asset), |f| {
						f.swapped = f.swapped.saturating_add(spent)
					});
					Self::note_received(None, bought);
					AssetFlows::<T>::mutate(None::<T::AssetId>, |f| {
						f.bought = f.bought.saturating_add(bought)
					});
					bought_total = bought_total.saturating_add(bought);
					entry.spent = entry.spent.saturating_add(spent);
					entry.bought = entry.bought.saturating_add(bought);
					entry.average_price = price::realised_price(
						to_u128(entry.spent),
						to_u128(entry.bought),
						to_u128(config.unit),
					)
					.map(|p| p.saturated_into());
					entry.deferred = books.queued;
					Books::<T>::insert(Some(asset), books);
					Self::deposit_event(Event::BoughtBack {
						epoch,
						asset,
						spent,
						bought,
						reference_price: reference.unwrap_or_default(),
					});
				},
				Err((quoted, min_out)) => {
					entry.deferred = books.queued;
					Self::deposit_event(Event::BuyBackDeferred {
						epoch,
						asset,
						amount,
						quoted,
						min_out,
					});
				},
			}
		}

		let mut native = Books::<T>::get(None::<T::AssetId>);
		let to_burn = native.queued.saturating_add(bought_total);
		let mut burned: BalanceOf<T> = Zero::zero();
		if !to_burn.is_zero() {
			// The pot keeps its existential deposit, which is not in the books, so the
			// booked funds can always be burned; a failure keeps them queued.
			match T::Currency::burn_from(
				&pot,
				to_burn,
				Preservation::Preserve,
				Precision::Exact,
				Fortitude::Polite,
			) {
				Ok(b) => {
					burned = b;
					native.queued = Zero::zero();
					AssetFlows::<T>::mutate(None::<T::AssetId>, |f| {
						f.burned = f.burned.saturating_add(b)
					});
					T::OnBurned::on_burned(b);
					Self::deposit_event(Event::Burned { epoch, amount: b });
				},
				Err(_) => native.queued = to_burn,
			}
			Books::<T>::insert(None::<T::AssetId>, native);
		}

		report.bought = bought_total;
		report.burned = burned;
		report.closed = true;
		Reports::<T>::insert(epoch, report);
		if let Some(old) = epoch.checked_sub(T::ReportRetention::get()) {
			Reports::<T>::remove(old);
		}
		Self::deposit_event(Event::EpochReported { epoch, bought: bought_total, burned });
		T::WeightInfo::close_epoch(visited)
	}

	/// Records a payment for service in `asset` made into the pot by another pallet (the
	/// service market's take): demand, booked and reported as a direct payment is.
	pub(crate) fn do_note_demand(asset: AssetKeyOf<T>, amount: BalanceOf<T>) {
		let Some(id) = asset else {
			return Self::do_note_revenue(RevenueSource::Service, amount);
		};
		if amount.is_zero() {
			return;
		}
		let epoch = T::Clock::current_epoch();
		let mut report = Self::report(epoch);
		// The report has room for every accepted asset; one it has no room for is still
		// booked below, so the money is never lost to the books.
		if let Some(entry) = Self::entry(&mut report, id) {
			entry.revenue = entry.revenue.saturating_add(amount);
		}
		Reports::<T>::insert(epoch, report);
		Self::book_demand(Some(id), amount, Params::<T>::get().burn_share);
		Self::deposit_event(Event::DemandReceived { asset: Some(id), amount });
	}

	/// Records native revenue that has been paid into the pot.
	pub(crate) fn do_note_revenue(source: RevenueSource, amount: BalanceOf<T>) {
		if amount.is_zero() {
			return;
		}
		match source {
			// Demand from users: split between the burn and grants.
			RevenueSource::Service | RevenueSource::Fees => {
				Self::book_demand(None, amount, Params::<T>::get().burn_share)
			},
			// Not demand: burning it would only churn with net emissions. Granted.
			RevenueSource::Slash | RevenueSource::ExpiredRewards | RevenueSource::Emission => {
				Books::<T>::mutate(None::<T::AssetId>, |f| {
					f.grantable = f.grantable.saturating_add(amount)
				});
				Self::note_received(None, amount);
			},
		}
		let epoch = T::Clock::current_epoch();
		let mut report = Self::report(epoch);
		report.native.add(source, amount);
		Reports::<T>::insert(epoch, report);
		Self::deposit_event(Event::RevenueReceived { source, amount });
	}

	/// What the books say the pot holds of `key`, with the native existential deposit and
	/// the unsettled fee share.
	pub fn booked(key: AssetKeyOf<T>) -> BalanceOf<T> {
		let f = Books::<T>::get(key);
		let base = f.queued.saturating_add(f.grantable);
		match key {
			None => base
				.saturating_add(PendingFees::<T>::get())
				.saturating_add(T::Currency::minimum_balance()),
			Some(_) => base,
		}
	}

	/// Burned and bought since genesis.
	pub fn totals() -> TreasuryTotals<BalanceOf<T>> {
		let native = AssetFlows::<T>::get(None::<T::AssetId>);
		TreasuryTotals { burned: native.burned, bought: native.bought }
	}

	/// What the pot holds of `key`.
	pub fn held(key: AssetKeyOf<T>) -> BalanceOf<T> {
		let pot = Self::account_id();
		match key {
			None => T::Currency::balance(&pot),
			Some(id) => <T::Assets as fungibles::Inspect<_>>::balance(id, &pot),
		}
	}

	/// The invariants:
	/// - the pot holds at least what the books say of every asset (exactly, unless someone
	///   sent it funds outside the treasury's calls);
	/// - per asset, the books equal what came in minus what went out;
	/// - the per-epoch caps hold: grants within the grant caps, buy-backs within the
	///   buy-back caps;
	/// - the native token is never swapped away, and what buy-backs bought came in;
	/// - at most `MaxAssets` assets are accepted, and every asset with books is accepted.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use sp_runtime::TryRuntimeError;
		let mut keys: alloc::vec::Vec<AssetKeyOf<T>> = alloc::vec![None];
		keys.extend(AllowedAssets::<T>::iter_keys().map(Some));
		for key in Books::<T>::iter_keys() {
			ensure!(
				key.is_none_or(AllowedAssets::<T>::contains_key),
				TryRuntimeError::Other("books hold an asset that is not accepted")
			);
		}
		for key in keys {
			ensure!(
				Self::held(key) >= Self::booked(key),
				TryRuntimeError::Other("the pot holds less than its books")
			);
			let books = Books::<T>::get(key);
			let flows = AssetFlows::<T>::get(key);
			let out = flows.swapped.saturating_add(flows.burned).saturating_add(flows.granted);
			ensure!(
				flows.received.saturating_sub(out) == books.queued.saturating_add(books.grantable)
					&& flows.received >= out,
				TryRuntimeError::Other("books differ from what came in minus what went out")
			);
			let granted = GrantedThisEpoch::<T>::get(key);
			ensure!(granted.amount <= granted.cap, TryRuntimeError::Other("grants above the cap"));
		}
		let native = AssetFlows::<T>::get(None::<T::AssetId>);
		ensure!(
			native.bought <= native.received && native.swapped.is_zero(),
			TryRuntimeError::Other("native flows inconsistent")
		);
		ensure!(
			AllowedAssets::<T>::count() <= T::MaxAssets::get()
				&& AllowedAssets::<T>::iter().count() as u32 == AllowedAssets::<T>::count(),
			TryRuntimeError::Other("accepted assets over the bound or miscounted")
		);
		for (_, report) in Reports::<T>::iter() {
			for a in report.assets.iter() {
				ensure!(
					a.spent <= a.buy_back_cap,
					TryRuntimeError::Other("a buy-back above its cap")
				);
			}
		}
		Ok(())
	}
}
