//! Fraud: proven equivocation, and fraud reports that governance decides.

use crate::{pallet::*, types::*};
use depin_primitives::{DeviceId, DeviceRegistry, EpochIndex};
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
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_prove_equivocation(
		prover: T::AccountId,
		first: ReportOf<T>,
		first_signature: sr25519::Signature,
		second: ReportOf<T>,
		second_signature: sr25519::Signature,
	) -> DispatchResult {
		ensure!(
			first.device == second.device && first.epoch == second.epoch,
			Error::<T>::NotEquivocation
		);
		ensure!(first != second, Error::<T>::IdenticalReports);
		let (device, epoch) = (first.device, first.epoch);
		let current = CurrentEpoch::<T>::get().index;
		ensure!(
			epoch >= Self::oldest_retained_epoch() && epoch <= current,
			Error::<T>::EpochNotRetained
		);
		let class = T::Registry::class(&device).ok_or(Error::<T>::UnknownDevice)?;
		let genesis = Self::genesis_hash();
		for (report, signature) in [(&first, &first_signature), (&second, &second_signature)] {
			ensure!(
				sp_io::crypto::sr25519_verify(
					signature,
					&report_payload(&genesis, report),
					&device
				),
				Error::<T>::InvalidSignature
			);
		}
		let held = Ledger::<T>::get(device);
		ensure!(!held.is_some_and(|w| w.punished_for(epoch)), Error::<T>::AlreadyPunished);
		// A record of an earlier epoch is handed on first: its work was not the fraud.
		let (mut entry, _) = Self::record_for(&device, held, epoch, class);

		// Work of an open epoch is taken back; a closed epoch's rewards are already fixed.
		let mut units_removed = 0;
		if entry.epoch == epoch && epoch == current && !entry.units.is_zero() {
			units_removed = entry.units;
			ClassUnits::<T>::mutate(epoch, entry.class, |sum| {
				*sum = sum.saturating_sub(units_removed)
			});
			entry.units = 0;
		}
		entry.punished_up_to = Some(entry.punished_up_to.map_or(epoch, |p| p.max(epoch)));
		Ledger::<T>::insert(device, entry);

		let params = Params::<T>::get();
		let (slashed, rewarded) = T::Registry::slash_rewarding(
			&device,
			params.equivocation_slash,
			&prover,
			params.prover_reward,
		)?;
		T::Registry::suspend(&device)?;
		Self::deposit_event(Event::EquivocationProven {
			device,
			epoch,
			prover,
			slashed,
			rewarded,
			units_removed,
		});
		Ok(())
	}

	pub(crate) fn do_report_fraud(
		reporter: T::AccountId,
		device: DeviceId,
		epoch: EpochIndex,
		evidence: Evidence,
	) -> DispatchResult {
		ensure!(T::Registry::status(&device).is_some(), Error::<T>::UnknownDevice);
		ensure!(
			epoch >= Self::oldest_retained_epoch() && epoch <= CurrentEpoch::<T>::get().index,
			Error::<T>::EpochNotRetained
		);
		ensure!(
			FraudReports::<T>::count() < T::MaxOpenFraudReports::get(),
			Error::<T>::TooManyFraudReports
		);
		let bond = Params::<T>::get().fraud_report_bond;
		let reason = HoldReason::FraudReportBond.into();
		ensure!(T::Currency::can_hold(&reason, &reporter, bond), Error::<T>::BondNotAffordable);
		T::Currency::hold(&reason, &reporter, bond)?;
		let id = NextFraudReportId::<T>::get();
		NextFraudReportId::<T>::put(id.wrapping_add(1));
		FraudReports::<T>::insert(
			id,
			FraudReport { reporter: reporter.clone(), device, epoch, bond, evidence },
		);
		Self::deposit_event(Event::FraudReported { id, reporter, device, epoch });
		Ok(())
	}

	pub(crate) fn do_decide_fraud(
		id: FraudReportId,
		upheld: bool,
		slash: BalanceOf<T>,
	) -> DispatchResult {
		let report = FraudReports::<T>::take(id).ok_or(Error::<T>::FraudReportNotFound)?;
		let reason = HoldReason::FraudReportBond.into();
		let slashed = if upheld {
			T::Currency::release(&reason, &report.reporter, report.bond, Precision::BestEffort)?;
			// The device may have left the registry since: then there is nothing to take.
			let slashed = match T::Registry::slash_rewarding(
				&report.device,
				slash,
				&report.reporter,
				Params::<T>::get().prover_reward,
			) {
				Ok((taken, _)) => taken,
				Err(_) => Zero::zero(),
			};
			if T::Registry::status(&report.device).is_some() {
				T::Registry::suspend(&report.device)?;
			}
			slashed
		} else {
			let (credit, missing) = T::Currency::slash(&reason, &report.reporter, report.bond);
			T::OnSlash::on_unbalanced(credit);
			report.bond.saturating_sub(missing)
		};
		Self::deposit_event(Event::FraudReportDecided { id, upheld, slashed });
		Ok(())
	}
}
