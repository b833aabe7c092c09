//! Reads of the DAO for apps and the CLI, free of fees.

use crate::types::{ProposalIndex, ProposalView, VotingPowerView};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// What voters read from the DAO.
	pub trait DaoApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// A proposal with its tally, the turnout it needs and whether it would pass now.
		fn proposal(index: ProposalIndex) -> Option<ProposalView<AccountId, Balance, BlockNumber>>;
		/// The proposals being voted on.
		fn live_proposals() -> Vec<ProposalIndex>;
		/// An account's lock, boost and voting power (own and delegated to it).
		fn voting_power(who: AccountId) -> VotingPowerView<Balance, BlockNumber>;
	}
}
