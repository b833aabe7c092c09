//! Reads of rewards for operators, apps and the CLI, free of fees.

use crate::types::{EpochRewards, PendingRewards};
use alloc::vec::Vec;
use codec::Codec;
use depin_primitives::{DeviceId, EpochIndex};

/// Most epochs a schedule preview returns.
pub const MAX_PREVIEW: u32 = 10_000;

sp_api::decl_runtime_apis! {
	/// What clients read from the reward emission pallet.
	pub trait RewardEmissionApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// What a device can claim now: the epochs and the amount, and how far one claim
		/// reaches.
		fn pending_rewards(device: DeviceId) -> PendingRewards<Balance>;
		/// What each of an owner's devices can claim now (devices with nothing pending
		/// omitted), and the total.
		fn pending_rewards_of(owner: AccountId) -> (Vec<(DeviceId, PendingRewards<Balance>)>, Balance);
		/// The epoch now open: its rewards are fixed when it closes.
		fn current_epoch() -> EpochIndex;
		/// What the schedule gives each of the next `count` epochs to close (at most
		/// `MAX_PREVIEW`), before net emissions and the supply cap.
		fn schedule_preview(count: u32) -> Vec<(EpochIndex, Balance)>;
		/// What an epoch close did, while the epoch's rewards have not expired.
		fn epoch_rewards(epoch: EpochIndex) -> Option<EpochRewards<Balance>>;
	}
}
