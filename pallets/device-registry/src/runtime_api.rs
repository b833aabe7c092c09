//! Reads of the registry for wallets, apps and the CLI, free of fees.

use crate::types::{Device, DeviceClass, Maker, MakerId};
use alloc::vec::Vec;
use codec::Codec;
use depin_primitives::{DeviceClassId, DeviceId};

sp_api::decl_runtime_apis! {
	/// What clients read from the device registry.
	pub trait DeviceRegistryApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// A device with its effective status (a device of a revoked maker reads as
		/// suspended), or `None` if the key is unknown.
		fn device(device: DeviceId) -> Option<Device<AccountId, Balance, BlockNumber>>;
		/// Page `page` (from 0) of the devices `owner` owns, `page_size` per page (at most
		/// 256), in registration order.
		fn devices_of(owner: AccountId, page: u32, page_size: u32) -> Vec<DeviceId>;
		/// Every device class with its id, in id order.
		fn classes() -> Vec<(DeviceClassId, DeviceClass<Balance>)>;
		/// Every maker on record with its id, in id order.
		fn makers() -> Vec<(MakerId, Maker<AccountId, Balance>)>;
	}
}
