//! The runtime APIs: what the node, wallets and polkadot-js apps may ask the runtime.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_aura::Authorities;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

use crate::{
	genesis_config_presets, opaque::SessionKeys, AccountId, AssetConversion, AssetId, Balance,
	Block, BlockNumber, BuybackTreasury, DeviceRegistry, Executive, Grandpa, InherentDataExt,
	Nonce, PhysicalWork, RewardEmission, Runtime, RuntimeCall, RuntimeGenesisConfig, ServiceMarket,
	System, TransactionPayment, VERSION,
};
use frame_support::traits::tokens::fungible::NativeOrWithId;

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(crate::Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Validators are set by governance, not staked: there is no session history to
			// prove key ownership against, so equivocations are handled by governance.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_asset_conversion::AssetConversionApi<Block, Balance, NativeOrWithId<AssetId>>
		for Runtime
	{
		fn quote_price_exact_tokens_for_tokens(
			asset1: NativeOrWithId<AssetId>,
			asset2: NativeOrWithId<AssetId>,
			amount: Balance,
			include_fee: bool,
		) -> Option<Balance> {
			AssetConversion::quote_price_exact_tokens_for_tokens(asset1, asset2, amount, include_fee)
		}

		fn quote_price_tokens_for_exact_tokens(
			asset1: NativeOrWithId<AssetId>,
			asset2: NativeOrWithId<AssetId>,
			amount: Balance,
			include_fee: bool,
		) -> Option<Balance> {
			AssetConversion::quote_price_tokens_for_exact_tokens(asset1, asset2, amount, include_fee)
		}

		fn get_reserves(
			asset1: NativeOrWithId<AssetId>,
			asset2: NativeOrWithId<AssetId>,
		) -> Option<(Balance, Balance)> {
			AssetConversion::get_reserves(asset1, asset2).ok()
		}
	}

	impl pallet_device_registry::runtime_api::DeviceRegistryApi<Block, AccountId, Balance, BlockNumber>
		for Runtime
	{
		fn device(
			device: depin_primitives::DeviceId,
		) -> Option<pallet_device_registry::Device<AccountId, Balance, BlockNumber>> {
			DeviceRegistry::device_view(&device)
		}

		fn devices_of(owner: AccountId, page: u32, page_size: u32) -> Vec<depin_primitives::DeviceId> {
			DeviceRegistry::devices_of(&owner, page, page_size)
		}

		fn classes() -> Vec<(depin_primitives::DeviceClassId, pallet_device_registry::DeviceClass<Balance>)> {
			DeviceRegistry::classes()
		}

		fn makers() -> Vec<(pallet_device_registry::MakerId, pallet_device_registry::Maker<AccountId, Balance>)> {
			DeviceRegistry::makers()
		}
	}

	impl pallet_physical_work::runtime_api::PhysicalWorkBatchApi<
		Block,
		pallet_physical_work::ReportOf<Runtime>,
	> for Runtime {
		fn check_reports(
			reports: Vec<(pallet_physical_work::ReportOf<Runtime>, sp_core::sr25519::Signature)>,
		) -> Vec<(u32, sp_runtime::DispatchError)> {
			PhysicalWork::check_reports(&reports)
				.into_iter()
				.map(|(index, error)| (index, error.into()))
				.collect()
		}
	}

	impl pallet_physical_work::runtime_api::PhysicalWorkApi<Block, BlockNumber, AccountId> for Runtime {
		fn epoch() -> pallet_physical_work::EpochInfo<BlockNumber> {
			pallet_physical_work::CurrentEpoch::<Runtime>::get()
		}

		fn device_work(
			device: depin_primitives::DeviceId,
		) -> Option<pallet_physical_work::DeviceWork> {
			pallet_physical_work::Ledger::<Runtime>::get(device)
		}

		fn class_units(
			epoch: depin_primitives::EpochIndex,
		) -> Vec<(depin_primitives::DeviceClassId, depin_primitives::WorkUnits)> {
			PhysicalWork::class_units_of(epoch)
		}

		fn open_challenges() -> Vec<pallet_physical_work::OpenChallenge<BlockNumber>> {
			PhysicalWork::open_challenges()
		}

		fn commitment(device: depin_primitives::DeviceId) -> Option<pallet_physical_work::Commitment> {
			pallet_physical_work::Commitments::<Runtime>::get(device)
		}

		fn score(device: depin_primitives::DeviceId) -> sp_runtime::Permill {
			PhysicalWork::score(&device)
		}

		fn oracle_score(
			device: depin_primitives::DeviceId,
		) -> Option<pallet_physical_work::PostedScore<AccountId>> {
			pallet_physical_work::PostedScores::<Runtime>::get(device)
		}
	}

	impl pallet_reward_emission::runtime_api::RewardEmissionApi<Block, AccountId, Balance> for Runtime {
		fn pending_rewards(
			device: depin_primitives::DeviceId,
		) -> pallet_reward_emission::PendingRewards<Balance> {
			RewardEmission::pending_rewards(&device)
		}

		fn pending_rewards_of(
			owner: AccountId,
		) -> (Vec<(depin_primitives::DeviceId, pallet_reward_emission::PendingRewards<Balance>)>, Balance) {
			RewardEmission::pending_rewards_of(&owner)
		}

		fn current_epoch() -> depin_primitives::EpochIndex {
			<PhysicalWork as depin_primitives::EpochClock<BlockNumber>>::current_epoch()
		}

		fn schedule_preview(count: u32) -> Vec<(depin_primitives::EpochIndex, Balance)> {
			RewardEmission::schedule_preview(
				count.min(pallet_reward_emission::runtime_api::MAX_PREVIEW),
			)
		}

		fn epoch_rewards(
			epoch: depin_primitives::EpochIndex,
		) -> Option<pallet_reward_emission::EpochRewards<Balance>> {
			pallet_reward_emission::Epochs::<Runtime>::get(epoch)
		}
	}

	impl pallet_buyback_treasury::runtime_api::BuybackTreasuryApi<Block, AccountId, AssetId, Balance> for Runtime {
		fn pot() -> AccountId {
			BuybackTreasury::account_id()
		}

		fn report(
			epoch: depin_primitives::EpochIndex,
		) -> Option<pallet_buyback_treasury::PublicReport<AssetId, Balance>> {
			pallet_buyback_treasury::Reports::<Runtime>::get(epoch).map(|r| r.public(epoch))
		}

		fn totals() -> pallet_buyback_treasury::TreasuryTotals<Balance> {
			BuybackTreasury::totals()
		}

		fn books(asset: Option<AssetId>) -> pallet_buyback_treasury::Funds<Balance> {
			pallet_buyback_treasury::Books::<Runtime>::get(asset)
		}

		fn reference_price(asset: AssetId) -> Option<Balance> {
			BuybackTreasury::average_price(
				asset,
				<PhysicalWork as depin_primitives::EpochClock<BlockNumber>>::current_epoch(),
			)
		}
	}

	impl pallet_service_market::runtime_api::ServiceMarketApi<Block, AccountId, AssetId, Balance> for Runtime {
		fn offer(
			offer: pallet_service_market::OfferId,
		) -> Option<pallet_service_market::Offer<AccountId, AssetId, Balance>> {
			pallet_service_market::Offers::<Runtime>::get(offer)
		}

		fn offers_of_device(
			device: depin_primitives::DeviceId,
		) -> Vec<(pallet_service_market::OfferId, pallet_service_market::Offer<AccountId, AssetId, Balance>)> {
			ServiceMarket::offers_of_device(&device)
		}

		fn offers_of_class(
			class: depin_primitives::DeviceClassId,
			from: pallet_service_market::OfferId,
			count: u32,
		) -> Vec<(pallet_service_market::OfferId, pallet_service_market::Offer<AccountId, AssetId, Balance>)> {
			ServiceMarket::offers_of_class(class, from, count)
		}

		fn order(
			order: pallet_service_market::OrderId,
		) -> Option<pallet_service_market::OrderState<AccountId, AssetId, Balance>> {
			ServiceMarket::order_state(order)
		}

		fn orders_of_customer(
			customer: AccountId,
		) -> Vec<(pallet_service_market::OrderId, pallet_service_market::OrderState<AccountId, AssetId, Balance>)> {
			ServiceMarket::orders_of_customer(&customer)
		}

		fn orders_of_device(
			device: depin_primitives::DeviceId,
		) -> Vec<(pallet_service_market::OrderId, pallet_service_market::OrderState<AccountId, AssetId, Balance>)> {
			ServiceMarket::orders_of_device(&device)
		}
	}

	impl pallet_dao::runtime_api::DaoApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn proposal(
			index: pallet_dao::ProposalIndex,
		) -> Option<pallet_dao::ProposalView<AccountId, Balance, BlockNumber>> {
			crate::Dao::proposal_view(index)
		}

		fn live_proposals() -> Vec<pallet_dao::ProposalIndex> {
			crate::Dao::live_proposals()
		}

		fn voting_power(who: AccountId) -> pallet_dao::VotingPowerView<Balance, BlockNumber> {
			crate::Dao::voting_power(&who)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::metadata(extra)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch(config)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks)
				.expect("try-runtime: the runtime upgrade must succeed");
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("try-runtime: the block must execute")
		}
	}
}
