//! Hardware makers: applications with a bond, approval, and revocation (with or without a slash).

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{BalancedHold, InspectHold, MutateHold},
		tokens::Precision,
		OnUnbalanced,
	},
};
use sp_core::sr25519;
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_apply_as_maker(
		who: T::AccountId,
		key: sr25519::Public,
		name: Name,
	) -> DispatchResult {
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		ensure!(Makers::<T>::count() < T::MaxMakers::get(), Error::<T>::TooManyMakers);
		let bond = Params::<T>::get().maker_bond;
		let reason = Self::maker_bond_reason();
		ensure!(T::Currency::can_hold(&reason, &who, bond), Error::<T>::MakerBondNotAffordable);
		let id = NextMakerId::<T>::get();
		let next = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		T::Currency::hold(&reason, &who, bond)?;
		Makers::<T>::insert(
			id,
			Maker {
				account: who.clone(),
				key,
				name,
				bond,
				status: MakerStatus::Pending,
				attested: 0,
			},
		);
		NextMakerId::<T>::put(next);
		Self::deposit_event(Event::MakerApplied { maker: id, account: who, key, bond });
		Ok(())
	}

	pub(crate) fn do_approve_maker(id: MakerId) -> DispatchResult {
		Makers::<T>::try_mutate(id, |maybe| {
			let maker = maybe.as_mut().ok_or(Error::<T>::MakerNotFound)?;
			ensure!(maker.status == MakerStatus::Pending, Error::<T>::MakerNotPending);
			maker.status = MakerStatus::Approved;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::MakerApproved { maker: id });
		Ok(())
	}

	pub(crate) fn do_revoke_maker(id: MakerId, slash: bool) -> DispatchResult {
		let mut maker = Makers::<T>::get(id).ok_or(Error::<T>::MakerNotFound)?;
		ensure!(maker.status != MakerStatus::Revoked, Error::<T>::MakerAlreadyRevoked);
		let reason = Self::maker_bond_reason();
		let (slashed, released) = if slash {
			let (credit, missing) = T::Currency::slash(&reason, &maker.account, maker.bond);
			let taken = maker.bond.saturating_sub(missing);
			T::OnSlash::on_unbalanced(credit);
			(taken, Zero::zero())
		} else {
			let released =
				T::Currency::release(&reason, &maker.account, maker.bond, Precision::BestEffort)?;
			(Zero::zero(), released)
		};
		if maker.status == MakerStatus::Pending {
			// No device names a maker that was never approved: forget the application.
			Makers::<T>::remove(id);
		} else {
			maker.status = MakerStatus::Revoked;
			maker.bond = Zero::zero();
			Makers::<T>::insert(id, maker);
		}
		Self::deposit_event(Event::MakerRevoked { maker: id, slashed, released });
		Ok(())
	}
}
