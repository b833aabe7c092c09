//! # depin-runtime
//!
//! The runtime of the DePIN appchain: standard FRAME pallets (accounts and balances, fees,
//! Aura + GRANDPA consensus, assets and an on-chain DEX, scheduler and preimages for governance
//! enactment) plus the DePIN pallets as they land.
//!
//! A chain builder who forks the chain renames it and its token in [`identity`] (with
//! `scripts/fork.sh`), changes the economics in `configs/` and the genesis in
//! [`genesis_config_presets`].
#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` needs a higher recursion limit for a runtime of this size.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod identity;

#[cfg(test)]
mod tests;

// The runtime macros below expand to code that names `Vec` in no_std builds.
use alloc::vec::Vec;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;
pub use sp_runtime::{Perbill, Permill};

/// The token: its name from [`identity`], and the amounts the runtime derives from it.
pub mod token {
	use super::Balance;

	/// Ticker shown by wallets and polkadot-js apps (chain property `tokenSymbol`).
	pub const SYMBOL: &str = crate::identity::TOKEN_SYMBOL;
	/// Decimal places of one token (chain property `tokenDecimals`).
	pub const DECIMALS: u8 = crate::identity::TOKEN_DECIMALS;
	/// SS58 address prefix (chain property `ss58Format`).
	pub const SS58_PREFIX: u16 = crate::identity::SS58_PREFIX;

	/// One whole token in plancks.
	pub const UNIT: Balance = 10u128.pow(DECIMALS as u32);
	/// A thousandth of a token.
	pub const MILLI_UNIT: Balance = UNIT / 1_000;
	/// A millionth of a token.
	pub const MICRO_UNIT: Balance = UNIT / 1_000_000;

	/// The smallest balance an account may hold: keeps dust accounts out of state.
	pub const EXISTENTIAL_DEPOSIT: Balance = 10 * MILLI_UNIT;

	/// Deposit for storage that a user adds: a base per item and a price per byte.
	pub const fn deposit(items: u32, bytes: u32) -> Balance {
		items as Balance * 100 * MILLI_UNIT + (bytes as Balance) * 100 * MICRO_UNIT
	}
}

/// Opaque types: what the node knows without knowing the runtime's calls.
pub mod opaque {
	use super::*;
	use sp_runtime::traits::{BlakeTwo256, Hash as HashT};

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;

	impl_opaque_keys! {
		/// The keys a validator registers: one for block production, one for finality.
		pub struct SessionKeys {
			/// Aura: authors blocks in its slots.
			pub aura: super::Aura,
			/// GRANDPA: votes on finality.
			pub grandpa: super::Grandpa,
		}
	}
}

#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("depin"),
	impl_name: alloc::borrow::Cow::Borrowed("depin"),
	authoring_version: 1,
	// Bump on every change of runtime logic; bump `transaction_version` when the encoding of a
	// call or of the transaction extensions changes.
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Block time, in milliseconds. Aura produces one block per slot.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
/// Slot duration, equal to the block time.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Blocks per minute, hour and day at the target block time.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Signature of a transaction; multi-signature so that sr25519, ed25519 and ecdsa wallets work.
pub type Signature = MultiSignature;
/// An account: the public key behind a signature.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account.
pub type Balance = u128;
/// Index of a transaction in the chain.
pub type Nonce = u32;
/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;
/// An index to a block.
pub type BlockNumber = u32;
/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A Block signed with a Justification.
pub type SignedBlock = generic::SignedBlock<Block>;
/// BlockId type as expected by this runtime.
pub type BlockId = generic::BlockId<Block>;
/// Id of an asset (a customer stablecoin, say) in pallet-assets.
pub type AssetId = u32;

/// The transaction extensions, checked in this order for every transaction.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations to run on the next runtime upgrade.
type Migrations = ();

/// Executive: handles dispatch to the various modules.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(7)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(8)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(9)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(10)]
	pub type Assets = pallet_assets<Instance1>;
	#[runtime::pallet_index(11)]
	pub type PoolAssets = pallet_assets<Instance2>;
	#[runtime::pallet_index(12)]
	pub type AssetConversion = pallet_asset_conversion;
	// 20..=39: the DePIN pallets.
	#[runtime::pallet_index(20)]
	pub type DeviceRegistry = pallet_device_registry;
	#[runtime::pallet_index(21)]
	pub type PhysicalWork = pallet_physical_work;
	#[runtime::pallet_index(22)]
	pub type RewardEmission = pallet_reward_emission;
	#[runtime::pallet_index(23)]
	pub type BuybackTreasury = pallet_buyback_treasury;
	#[runtime::pallet_index(24)]
	pub type Dao = pallet_dao;
	#[runtime::pallet_index(25)]
	pub type ServiceMarket = pallet_service_market;
}
