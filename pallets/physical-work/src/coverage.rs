//! Paying a witnessed beacon: out of its grid cell's worth for the epoch, beaconer first, its
//! witnesses in equal shares of what is left, each pair's share halved for every epoch in a row
//! the pair met before (down to a quarter).

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use depin_primitives::{DeviceClassId, DeviceId, EpochIndex, WorkUnits};

/// What the check read for a beacon: its cell and what the cell is worth, and the units a
/// fresh pair earns the beaconer and the witness.
#[derive(Clone, Copy)]
pub(crate) struct BeaconTerms {
	pub(crate) cell: (DeviceClassId, Cell),
	pub(crate) worth: WorkUnits,
	pub(crate) beacon_units: WorkUnits,
	pub(crate) witness_units: WorkUnits,
}

/// A beacon being paid: what its cell has left this epoch and each witness's streak.
pub(crate) struct Payout {
	terms: BeaconTerms,
	left: WorkUnits,
	streaks: PairStreaks,
}

impl Payout {
	/// Reads the cell's work this epoch and the beaconer's pairs of its previous beacon.
	pub(crate) fn open<T: Config>(
		beaconer: &DeviceId,
		epoch: EpochIndex,
		witnesses: &[(DeviceId, DeviceClassId, WorkUnits)],
		terms: BeaconTerms,
	) -> Self {
		let used =
			CellWork::<T>::get(terms.cell).filter(|(e, _)| *e == epoch).map_or(0, |(_, used)| used);
		let previous = BeaconPairs::<T>::get(beaconer)
			.filter(|(e, _)| e.saturating_add(1) == epoch)
			.map(|(_, pairs)| pairs)
			.unwrap_or_default();
		let streaks: Vec<(u32, u8)> = witnesses
			.iter()
			.map(|(witness, _, _)| {
				let fingerprint = pair_fingerprint(witness);
				let streak = previous
					.iter()
					.find(|(f, _)| *f == fingerprint)
					.map_or(0, |(_, s)| s.saturating_add(1).min(MAX_PAIR_STREAK));
				(fingerprint, streak)
			})
			.collect();
		Payout {
			terms,
			left: terms.worth.saturating_sub(used),
			// A beacon carries at most `MAX_WITNESSES` witnesses, the bound of the list.
			streaks: PairStreaks::truncate_from(streaks),
		}
	}

	/// The most the beaconer may be credited: a decayed `beacon_units` per witness, within what
	/// the cell has left.
	pub(crate) fn beaconer_units(&self) -> WorkUnits {
		let beacon = self.terms.beacon_units;
		self.streaks
			.iter()
			.fold(0 as WorkUnits, |sum, (_, s)| sum.saturating_add(beacon >> s))
			.min(self.left)
	}

	/// What each witness is offered before its pair's decay: `witness_units`, or an equal share
	/// of what the cell has left once the beaconer is paid. Taken once, before any witness.
	pub(crate) fn witness_share(&self) -> WorkUnits {
		let witnesses = (self.streaks.len() as WorkUnits).max(1);
		self.terms.witness_units.min(self.left / witnesses)
	}

	/// What witness `i` is offered out of `share`: halved for each epoch of its streak.
	pub(crate) fn witness_units(&self, share: WorkUnits, i: usize) -> WorkUnits {
		share >> self.streaks.get(i).map_or(0, |(_, s)| *s)
	}

	/// Counts `units` credited out of the cell.
	pub(crate) fn spend(&mut self, units: WorkUnits) {
		self.left = self.left.saturating_sub(units);
	}

	/// Writes the cell's work and the beaconer's pairs.
	pub(crate) fn close<T: Config>(self, beaconer: &DeviceId, epoch: EpochIndex) {
		let used = self.terms.worth.saturating_sub(self.left);
		CellWork::<T>::insert(self.terms.cell, (epoch, used));
		BeaconPairs::<T>::insert(beaconer, (epoch, self.streaks));
	}
}
