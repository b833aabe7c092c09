//! The invariants of emission, checked after every test and by try-runtime.

use crate::pallet::*;
use frame_support::{ensure, traits::fungible::Inspect};
use sp_runtime::traits::{CheckedAdd, Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// The invariants of emission.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectFreeze;
		use sp_runtime::TryRuntimeError;
		let last = LastClosed::<T>::get();
		let oldest = OldestUnexpired::<T>::get();
		let mut owed: BalanceOf<T> = Zero::zero();
		for (epoch, r) in Epochs::<T>::iter() {
			ensure!(
				last.is_some_and(|l| epoch <= l) && epoch >= oldest,
				TryRuntimeError::Other("an epoch record outside the unexpired closed epochs")
			);
			let out = r
				.minted
				.checked_add(&r.capped)
				.and_then(|x| x.checked_add(&r.refused))
				.and_then(|x| x.checked_add(&r.unearned));
			let into = r.scheduled.checked_add(&r.reemitted);
			ensure!(
				out.is_some() && out == into,
				TryRuntimeError::Other(
					"minted + capped + refused + unearned != scheduled + reemitted"
				)
			);
			ensure!(r.operators <= r.minted, TryRuntimeError::Other("operators above minted"));
			ensure!(
				r.credited.checked_add(&r.expired).is_some_and(|x| x <= r.operators),
				TryRuntimeError::Other("an epoch credited more than it fixed")
			);
			let pools = ClassPools::<T>::iter_prefix_values(epoch)
				.fold(BalanceOf::<T>::zero(), |acc, p| acc.saturating_add(p.pool));
			ensure!(
				pools == r.operators,
				TryRuntimeError::Other("class pools != operators' share")
			);
			if r.refused > Zero::zero() {
				ensure!(r.minted.is_zero(), TryRuntimeError::Other("minted while refusing"));
			}
			owed = owed.saturating_add(r.operators - r.credited - r.expired);
		}
		for (epoch, _, p) in ClassPools::<T>::iter() {
			ensure!(Epochs::<T>::contains_key(epoch), TryRuntimeError::Other("orphan class pool"));
			ensure!(p.units > 0, TryRuntimeError::Other("a class pool without units"));
		}
		let mut accrued: BalanceOf<T> = Zero::zero();
		for (_, a) in Accrued::<T>::iter() {
			ensure!(!a.amount.is_zero(), TryRuntimeError::Other("an empty accrual record"));
			ensure!(
				last.is_some_and(|l| a.last <= l),
				TryRuntimeError::Other("accrued rewards of an epoch not closed")
			);
			accrued = accrued.saturating_add(a.amount);
		}
		let ed = T::Currency::minimum_balance();
		ensure!(
			T::Currency::balance(&Self::reward_pot()) ==
				owed.saturating_add(accrued).saturating_add(ed),
			TryRuntimeError::Other(
				"reward pot != what unexpired epochs owe + what devices accrued + existential deposit"
			)
		);
		let t = Totals::<T>::get();
		ensure!(
			t.paid
				.checked_add(&accrued)
				.and_then(|x| x.checked_add(&t.expired))
				.and_then(|x| x.checked_add(&owed))
				== Some(t.to_pot),
			TryRuntimeError::Other("paid + accrued + expired + owed != minted into the pot")
		);
		ensure!(t.to_pot <= t.minted, TryRuntimeError::Other("pot received more than minted"));
		ensure!(
			T::Currency::total_issuance() <= SupplyCap::<T>::get(),
			TryRuntimeError::Other("total issuance above the supply cap")
		);
		let recent = RecentMints::<T>::get();
		ensure!(
			recent.windows(2).all(|w| w[0].0 < w[1].0),
			TryRuntimeError::Other("breaker history out of order")
		);
		for (epoch, minted) in recent.iter() {
			if let Some(r) = Epochs::<T>::get(epoch) {
				ensure!(r.minted == *minted, TryRuntimeError::Other("breaker history != minted"));
			}
		}
		for (who, chunks) in Locks::<T>::iter() {
			ensure!(!chunks.is_empty(), TryRuntimeError::Other("an empty lock record"));
			let sum = chunks.iter().fold(BalanceOf::<T>::zero(), |a, c| a.saturating_add(c.amount));
			ensure!(
				T::Currency::balance_frozen(&FreezeReason::RewardLock.into(), &who) == sum,
				TryRuntimeError::Other("frozen rewards != recorded locks")
			);
		}
		Ok(())
	}
}
