//! The chain's names and its token: the one file `scripts/fork.sh` rewrites when a chain
//! builder renames the chain.
//!
//! The runtime reads it (the token, `System::SS58Prefix`), so does its build script (the
//! metadata hash that wallets check carries the symbol and decimals) and the node (chain spec
//! names and ids, the protocol id, the node's name, `system_properties`). The runtime's
//! `VERSION` must carry [`CHAIN_ID`] as its `spec_name` and `impl_name` literally (the
//! `runtime_version` macro reads literals); a runtime test checks that it does.

/// The chain's display name: chain specs are called "<NAME> Development", "<NAME> Local
/// Testnet" and "<NAME>", the node "<NAME> Node".
pub const CHAIN_NAME: &str = "DePIN";
/// The chain's id: lower-case ASCII letters, digits and `_`. It is the runtime's `spec_name`,
/// the libp2p protocol id, and the stem of the chain spec ids (`<ID>_dev`, `<ID>_local`,
/// `<ID>`).
pub const CHAIN_ID: &str = "depin";
/// Ticker shown by wallets and polkadot-js apps (chain property `tokenSymbol`).
pub const TOKEN_SYMBOL: &str = "DPN";
/// Decimal places of one token (chain property `tokenDecimals`).
pub const TOKEN_DECIMALS: u8 = 12;
/// SS58 address prefix (chain property `ss58Format`, and `System::SS58Prefix`). 42 is the
/// generic Substrate prefix; a network that goes live registers its own.
pub const SS58_PREFIX: u16 = 42;
