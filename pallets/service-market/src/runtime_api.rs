//! Reads of the market for customers, operators, apps and the CLI, free of fees.

use crate::types::{Offer, OfferId, OrderId, OrderState};
use alloc::vec::Vec;
use codec::Codec;
use depin_primitives::{DeviceClassId, DeviceId};

/// Most offers one page of `offers_of_class` returns.
pub const MAX_PAGE: u32 = 256;

sp_api::decl_runtime_apis! {
	/// What clients read from the service market.
	pub trait ServiceMarketApi<AccountId, AssetId, Balance>
	where
		AccountId: Codec,
		AssetId: Codec,
		Balance: Codec,
	{
		/// One offer.
		fn offer(offer: OfferId) -> Option<Offer<AccountId, AssetId, Balance>>;
		/// A device's offers.
		fn offers_of_device(device: DeviceId) -> Vec<(OfferId, Offer<AccountId, AssetId, Balance>)>;
		/// Offers of devices of `class`, from offer id `from` on, at most `count` (up to
		/// `MAX_PAGE`) of them.
		fn offers_of_class(
			class: DeviceClassId,
			from: OfferId,
			count: u32,
		) -> Vec<(OfferId, Offer<AccountId, AssetId, Balance>)>;
		/// One open order and its settlement state.
		fn order(order: OrderId) -> Option<OrderState<AccountId, AssetId, Balance>>;
		/// A customer's open orders.
		fn orders_of_customer(customer: AccountId) -> Vec<(OrderId, OrderState<AccountId, AssetId, Balance>)>;
		/// A device's open orders.
		fn orders_of_device(device: DeviceId) -> Vec<(OrderId, OrderState<AccountId, AssetId, Balance>)>;
	}
}
