//! Reads of the treasury for customers, apps and the CLI, free of fees.

use crate::types::{Funds, PublicReport, TreasuryTotals};
use codec::Codec;
use depin_primitives::EpochIndex;

sp_api::decl_runtime_apis! {
	/// What clients read from the buy-back treasury.
	pub trait BuybackTreasuryApi<AccountId, AssetId, Balance>
	where
		AccountId: Codec,
		AssetId: Codec,
		Balance: Codec,
	{
		/// The treasury pot.
		fn pot() -> AccountId;
		/// The report of `epoch` while it is kept (the open epoch's is not final).
		fn report(epoch: EpochIndex) -> Option<PublicReport<AssetId, Balance>>;
		/// Burned and bought since genesis.
		fn totals() -> TreasuryTotals<Balance>;
		/// What the treasury holds of `asset` (`None`: the native token): queued for the
		/// buy-back or the burn, and grantable.
		fn books(asset: Option<AssetId>) -> Funds<Balance>;
		/// The average price of `asset` (native smallest units per unit) over the open
		/// epoch's blocks so far: the reference its next buy-back must meet, less the
		/// slippage.
		fn reference_price(asset: AssetId) -> Option<Balance>;
	}
}
