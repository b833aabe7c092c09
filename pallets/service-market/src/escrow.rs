//! The escrow account and its books: customers' money goes in when they order, and out to
//! owners, the treasury and back to customers when orders settle and end.
//!
//! The account always holds its books plus the asset's minimum balance, so a payment out of
//! it (kept alive) never fails for want of funds and never sweeps dust with it.

use crate::pallet::*;
use depin_primitives::DemandSink;
use frame_support::{
	ensure,
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::{DepositConsequence, Fortitude, Preservation, Provenance},
		Get,
	},
};
use sp_runtime::{
	traits::{AccountIdConversion, CheckedAdd, CheckedSub, Convert, One, Zero},
	ArithmeticError, DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// The escrow account.
	pub fn escrow_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	pub(crate) fn kind(asset: AssetKeyOf<T>) -> T::AssetKind {
		T::AssetKindOf::convert(asset)
	}

	/// Whether `who` holds at least the minimum balance of `asset`, so that any amount can
	/// be paid to it.
	pub(crate) fn is_open(asset: AssetKeyOf<T>, who: &T::AccountId) -> bool {
		let kind = Self::kind(asset);
		let held = T::Funds::balance(kind.clone(), who);
		!held.is_zero() && held >= T::Funds::minimum_balance(kind)
	}

	/// Whether any non-zero amount of `asset` can be paid to `who`: it holds the asset's
	/// minimum balance already, or the minimum is a single smallest unit.
	pub(crate) fn can_always_receive(asset: AssetKeyOf<T>, who: &T::AccountId) -> bool {
		Self::is_open(asset, who) || T::Funds::minimum_balance(Self::kind(asset)) <= One::one()
	}

	/// Mints the escrow account the minimum balance of `asset` if it holds less (genesis).
	pub(crate) fn open_escrow(asset: AssetKeyOf<T>) {
		let kind = Self::kind(asset);
		let account = Self::escrow_account();
		let min = T::Funds::minimum_balance(kind.clone());
		let held = T::Funds::balance(kind.clone(), &account);
		if held < min {
			// Genesis only: nothing to undo if the asset cannot be minted.
			let _ = T::Funds::mint_into(kind, &account, min - held);
		}
	}

	/// Takes `amount` of `asset` from `customer` into escrow: the customer keeps its
	/// minimum balance.
	pub(crate) fn escrow_in(
		customer: &T::AccountId,
		asset: AssetKeyOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let account = Self::escrow_account();
		ensure!(Self::is_open(asset, &account), Error::<T>::EscrowNotOpen);
		let spendable = T::Funds::reducible_balance(
			Self::kind(asset),
			customer,
			Preservation::Preserve,
			Fortitude::Polite,
		);
		ensure!(spendable >= amount, Error::<T>::CannotAfford);
		let booked =
			Escrow::<T>::get(asset).checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		T::Funds::transfer(Self::kind(asset), customer, &account, amount, Preservation::Preserve)?;
		Escrow::<T>::insert(asset, booked);
		Ok(())
	}

	/// Pays `amount` of `asset` out of escrow to `to`. Fails with `error` (and moves nothing)
	/// if `to` cannot receive it.
	pub(crate) fn pay_out(
		asset: AssetKeyOf<T>,
		to: &T::AccountId,
		amount: BalanceOf<T>,
		error: Error<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		Self::ensure_can_receive(asset, to, amount, error)?;
		let booked =
			Escrow::<T>::get(asset).checked_sub(&amount).ok_or(ArithmeticError::Underflow)?;
		T::Funds::transfer(
			Self::kind(asset),
			&Self::escrow_account(),
			to,
			amount,
			Preservation::Preserve,
		)?;
		Escrow::<T>::insert(asset, booked);
		Ok(())
	}

	/// Whether `to` can be paid `amount` of `asset`.
	pub(crate) fn can_receive(
		asset: AssetKeyOf<T>,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> bool {
		T::Funds::can_deposit(Self::kind(asset), to, amount, Provenance::Extant)
			== DepositConsequence::Success
	}

	fn ensure_can_receive(
		asset: AssetKeyOf<T>,
		to: &T::AccountId,
		amount: BalanceOf<T>,
		error: Error<T>,
	) -> Result<(), DispatchError> {
		ensure!(Self::can_receive(asset, to, amount), error);
		Ok(())
	}

	/// Pays the take to the treasury, recorded there as demand revenue.
	pub(crate) fn pay_take(asset: AssetKeyOf<T>, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		let treasury = T::Demand::account().ok_or(Error::<T>::TreasuryNotOpen)?;
		Self::pay_out(asset, &treasury, amount, Error::<T>::TreasuryNotOpen)?;
		T::Demand::note_demand(asset, amount);
		Ok(())
	}
}
