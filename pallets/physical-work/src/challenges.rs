//! Storage challenges: commitments, the challenge set, drawing challenges and quality scores.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::Encode;
use depin_primitives::{DeviceId, DeviceRegistry, EpochIndex, ProofKind};
use frame_support::{ensure, pallet_prelude::*, traits::Randomness, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_io::hashing::blake2_256;
use sp_runtime::{traits::Saturating, Permill};

impl<T: Config> Pallet<T> {
	/// A device's quality score: 100% unless it missed challenges recently.
	pub fn score(device: &DeviceId) -> Permill {
		Scores::<T>::get(device).unwrap_or(Permill::one())
	}

	pub(crate) fn set_score(device: &DeviceId, score: Permill) {
		if score == Permill::one() {
			Scores::<T>::remove(device);
		} else {
			Scores::<T>::insert(device, score);
		}
	}

	/// Counts a missed challenge against `device`.
	pub(crate) fn record_miss(device: DeviceId, epoch: EpochIndex, penalty: Permill) {
		let score = Self::score(&device);
		let score = score.saturating_sub(penalty * score);
		Self::set_score(&device, score);
		Self::deposit_event(Event::ChallengeMissed { device, epoch, score });
	}

	fn owned_device(who: &T::AccountId, device: &DeviceId) -> DispatchResult {
		let owner = T::Registry::owner(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(&owner == who, Error::<T>::NotDeviceOwner);
		Ok(())
	}

	pub(crate) fn do_commit_storage(
		who: T::AccountId,
		device: DeviceId,
		root: H256,
		chunks: u32,
	) -> DispatchResult {
		Self::owned_device(&who, &device)?;
		ensure!(T::Registry::is_active(&device), Error::<T>::DeviceNotActive);
		let class = T::Registry::class(&device).ok_or(Error::<T>::UnknownDevice)?;
		let kind = T::Registry::proof_kind(class).ok_or(Error::<T>::ClassNotFound)?;
		ensure!(kind == ProofKind::ChallengeResponse, Error::<T>::NotStorageDevice);
		ensure!(chunks > 0, Error::<T>::ZeroChunks);
		// A challenge is answered against the root it was issued for: until it is answered or
		// counted as missed (when its epoch ends), the commitment stays as it was.
		ensure!(!Challenges::<T>::contains_key(device), Error::<T>::CommitmentUnderChallenge);
		let slot = match Commitments::<T>::get(device) {
			Some(existing) => existing.slot,
			None => {
				let slot = Challengeable::<T>::count();
				Challengeable::<T>::insert(slot, device);
				slot
			},
		};
		Commitments::<T>::insert(device, Commitment { root, chunks, slot });
		Self::deposit_event(Event::StorageCommitted { device, root, chunks });
		Ok(())
	}

	pub(crate) fn do_withdraw_storage(who: T::AccountId, device: DeviceId) -> DispatchResult {
		Self::owned_device(&who, &device)?;
		let commitment = Commitments::<T>::get(device).ok_or(Error::<T>::NoStorageCommitment)?;
		Self::remove_challengeable(&device, commitment.slot);
		Self::deposit_event(Event::StorageWithdrawn { device });
		Ok(())
	}

	/// Removes a device from the challenge set, moving the last device into its slot.
	pub(crate) fn remove_challengeable(device: &DeviceId, slot: u32) {
		let last = Challengeable::<T>::count().saturating_sub(1);
		if slot != last {
			if let Some(moved) = Challengeable::<T>::get(last) {
				Challengeable::<T>::insert(slot, moved);
				Commitments::<T>::mutate(moved, |c| {
					if let Some(c) = c {
						c.slot = slot
					}
				});
			}
		}
		Challengeable::<T>::remove(last);
		Commitments::<T>::remove(device);
	}

	/// Draws up to `challenges_per_epoch` devices from the challenge set with the chain's
	/// randomness and challenges each for one random chunk. Devices found inactive are removed
	/// from the set. Returns how many devices were drawn.
	pub(crate) fn issue_challenges(
		epoch: &EpochInfo<BlockNumberFor<T>>,
		params: &ParamsOf<T>,
		now: BlockNumberFor<T>,
	) -> u32 {
		let draws = params.challenges_per_epoch.min(T::MaxChallengesPerEpoch::get());
		if draws == 0 || Challengeable::<T>::count() == 0 {
			return 0;
		}
		let (seed, _) = T::Randomness::random(&(b"depin/challenges", epoch.index).encode());
		let deadline = now.saturating_add(params.response_window).saturating_sub(One::one());
		let mut challenged = BoundedVec::<DeviceId, T::MaxChallengesPerEpoch>::new();
		for draw in 0..draws {
			let count = Challengeable::<T>::count();
			if count == 0 {
				break;
			}
			let r = blake2_256(&(&seed, draw).encode());
			let slot = u32::from_le_bytes([r[0], r[1], r[2], r[3]]) % count;
			let pick = u32::from_le_bytes([r[4], r[5], r[6], r[7]]);
			let Some(device) = Challengeable::<T>::get(slot) else { continue };
			let Some(commitment) = Commitments::<T>::get(device) else { continue };
			if !T::Registry::is_active(&device) {
				Self::remove_challengeable(&device, commitment.slot);
				if T::Registry::status(&device).is_none() {
					Scores::<T>::remove(device);
				}
				continue;
			}
			if challenged.contains(&device) {
				continue;
			}
			let challenge =
				Challenge { epoch: epoch.index, chunk: pick % commitment.chunks, deadline };
			Challenges::<T>::insert(device, challenge);
			if challenged.try_push(device).is_err() {
				break;
			}
			Self::deposit_event(Event::ChallengeIssued {
				device,
				epoch: epoch.index,
				chunk: challenge.chunk,
				deadline,
			});
		}
		EpochChallenges::<T>::put(challenged);
		draws
	}

	/// The challenges of the current epoch that can still be answered.
	pub fn open_challenges() -> Vec<OpenChallenge<BlockNumberFor<T>>> {
		let now = frame_system::Pallet::<T>::block_number();
		let epoch = CurrentEpoch::<T>::get().index;
		EpochChallenges::<T>::get()
			.into_iter()
			.filter_map(|device| {
				Challenges::<T>::get(device)
					.filter(|c| c.epoch == epoch && c.deadline >= now)
					.map(|challenge| OpenChallenge { device, challenge })
			})
			.collect()
	}
}
