//! The market's tests, one file per concern, with a random model at the end.

mod ends;
mod model;
mod offers;
mod orders;
mod receipts;
mod settlement;

use crate::{mock::*, *};
use depin_primitives::EpochIndex;
use frame_support::assert_ok;

/// ALICE offers `dev(1)` on `terms`; returns the offer's id.
pub fn offer_with(terms: TermsOf<Test>) -> OfferId {
	assert_ok!(Market::offer(RuntimeOrigin::signed(ALICE), dev(1), terms));
	NextOfferId::<Test>::get() - 1
}

/// `customer` orders `units` a epoch for `epochs` epochs from `offer` at any price in
/// `asset`; returns the order's id.
pub fn order_from(
	customer: AccountId,
	offer: OfferId,
	units: u64,
	epochs: EpochIndex,
	asset: Option<AssetId>,
) -> OrderId {
	assert_ok!(Market::order(
		RuntimeOrigin::signed(customer),
		offer,
		units,
		epochs,
		asset,
		Balance::MAX
	));
	NextOrderId::<Test>::get() - 1
}

/// The escrow account's balance of `asset` above its minimum (what it holds for orders).
pub fn in_escrow(asset: Option<AssetId>) -> Balance {
	let min = if asset.is_none() { ED } else { USD_MIN };
	held(asset, Market::escrow_account()) - min
}
