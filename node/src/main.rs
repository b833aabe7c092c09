//! The DePIN appchain node.
//!
//! A standard Substrate node (libp2p, transaction pool, JSON-RPC, ParityDB) that runs Aura +
//! GRANDPA for real networks, and, for local work and tests, a dev sealing mode
//! (`--sealing instant|manual|<milliseconds>`).

// `sc_cli::Error`, which every subcommand returns, is a large enum of the SDK's.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod dev_keys;
mod engine_rpc;
mod pool_tasks;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
