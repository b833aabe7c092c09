//! Reads of the work ledger for operators, apps and the CLI, free of fees.

use crate::types::{Commitment, DeviceWork, EpochInfo, OpenChallenge, PostedScore};
use alloc::vec::Vec;
use codec::Codec;
use depin_primitives::{DeviceClassId, DeviceId, EpochIndex, WorkUnits};
use sp_runtime::Permill;

sp_api::decl_runtime_apis! {
	/// What clients read from the proof-of-physical-work pallet.
	pub trait PhysicalWorkApi<BlockNumber, AccountId>
	where
		BlockNumber: Codec,
		AccountId: Codec,
	{
		/// The current epoch: index, first block, length.
		fn epoch() -> EpochInfo<BlockNumber>;
		/// A device's record: its latest epoch with work, the units and whether it reported
		/// there. Earlier epochs live on in its reward balance (and in the events).
		fn device_work(device: DeviceId) -> Option<DeviceWork>;
		/// Verified units per class in `epoch`, in class order (classes without work omitted).
		fn class_units(epoch: EpochIndex) -> Vec<(DeviceClassId, WorkUnits)>;
		/// The challenges of the current epoch that can still be answered.
		fn open_challenges() -> Vec<OpenChallenge<BlockNumber>>;
		/// A storage device's commitment, if it has one.
		fn commitment(device: DeviceId) -> Option<Commitment>;
		/// A device's quality score.
		fn score(device: DeviceId) -> Permill;
		/// A device's latest oracle score, if one was posted (it applies in its epoch only,
		/// and not while disputed).
		fn oracle_score(device: DeviceId) -> Option<PostedScore<AccountId>>;
	}
}

sp_api::decl_runtime_apis! {
	/// What a gateway asks before it sends a batch of device-signed reports.
	pub trait PhysicalWorkBatchApi<Report>
	where
		Report: Codec,
	{
		/// Every report of `reports` that the pool would refuse, by position (from 0), with the
		/// pallet error that refuses it, each checked on its own against this block's state.
		/// Empty if the pool would admit the batch as it is.
		fn check_reports(
			reports: Vec<(Report, sp_core::sr25519::Signature)>,
		) -> Vec<(u32, sp_runtime::DispatchError)>;
	}
}
