//! The epoch clock and the pruning of old class sums, run at the start of every block.

use crate::{pallet::*, types::*, WeightInfo};
use depin_primitives::{EpochClock, EpochIndex, OnEpochClosed};
use frame_support::{pallet_prelude::*, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// The epoch clock and the pruning, run at the start of every block.
	pub(crate) fn on_initialize_epoch(now: BlockNumberFor<T>) -> Weight {
		let mut weight = T::DbWeight::get().reads(1);
		let epoch = CurrentEpoch::<T>::get();
		let mut current = epoch.index;
		if now >= epoch.start.saturating_add(epoch.length) {
			weight.saturating_accrue(Self::rollover(now, epoch));
			current = current.saturating_add(1);
		}
		weight.saturating_accrue(Self::prune_step(current));
		weight
	}

	/// Closes `old` and starts the next epoch at `now`: counts unanswered challenges as missed,
	/// tells `OnEpochClosed`, and issues the new epoch's challenges. O(challenges).
	fn rollover(now: BlockNumberFor<T>, old: EpochInfo<BlockNumberFor<T>>) -> Weight {
		let params = Params::<T>::get();
		let new = EpochInfo {
			index: old.index.saturating_add(1),
			start: now,
			length: params.epoch_length,
		};
		CurrentEpoch::<T>::put(new);

		let mut missed = 0u32;
		for device in EpochChallenges::<T>::take() {
			if let Some(challenge) = Challenges::<T>::get(device) {
				if challenge.epoch == old.index {
					Challenges::<T>::remove(device);
					Self::record_miss(device, old.index, params.miss_penalty);
					missed.saturating_inc();
				}
			}
		}
		Self::deposit_event(Event::EpochClosed { epoch: old.index });
		let closed_weight = T::OnEpochClosed::on_epoch_closed(old.index);
		Self::deposit_event(Event::EpochStarted {
			epoch: new.index,
			start: new.start,
			length: new.length,
		});
		let issued = Self::issue_challenges(&new, &params, now);
		T::WeightInfo::on_initialize_rollover(missed, issued).saturating_add(closed_weight)
	}

	/// Removes up to `PruneBatch` class sums of the oldest epoch past the retention window, the
	/// clock being at epoch `current`. Class sums are the only per-epoch state the ledger keeps:
	/// at most one per class and epoch.
	fn prune_step(current: EpochIndex) -> Weight {
		let mut state = Pruning::<T>::get();
		if state.epoch.saturating_add(T::RetainedEpochs::get()) >= current {
			return T::DbWeight::get().reads(1);
		}
		let cursor = state.cursor.take();
		let result = ClassUnits::<T>::clear_prefix(
			state.epoch,
			T::PruneBatch::get(),
			cursor.as_ref().map(|c| c.as_slice()),
		);
		match result.maybe_cursor {
			// A cursor is one storage key of the map: two 16-byte prefixes and two 12-byte
			// keys, well within the 256-byte bound. Should it not fit, clearing starts over,
			// which only costs time.
			Some(next) => state.cursor = BoundedVec::try_from(next).ok(),
			None => {
				Self::deposit_event(Event::EpochPruned { epoch: state.epoch });
				state = PruneCursor { epoch: state.epoch.saturating_add(1), cursor: None };
			},
		}
		Pruning::<T>::put(state);
		T::WeightInfo::on_initialize_prune(result.backend)
	}
}

impl<T: Config> EpochClock<BlockNumberFor<T>> for Pallet<T> {
	fn current_epoch() -> EpochIndex {
		CurrentEpoch::<T>::get().index
	}

	fn epoch_start(epoch: EpochIndex) -> Option<BlockNumberFor<T>> {
		let current = CurrentEpoch::<T>::get();
		if epoch == current.index {
			Some(current.start)
		} else if epoch == current.index.checked_add(1)? {
			Some(current.start.saturating_add(current.length))
		} else {
			None
		}
	}
}
