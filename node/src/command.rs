//! Dispatches the node's subcommands.

use depin_runtime::opaque::Block;
use frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE};
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;
use sp_core::crypto::{set_default_ss58_version, Ss58AddressFormat};
use std::ffi::OsString;

use crate::{
	chain_spec,
	cli::{Cli, Sealing, Subcommand},
	service,
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		format!("{} Node", depin_runtime::identity::CHAIN_NAME)
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/depin-appchain/depin-appchain/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		chain_spec::load(id, self.allow_dev_keys)
	}
}

/// Parses the command line and runs the node or the subcommand it names.
pub fn run() -> sc_cli::Result<()> {
	// Addresses that the key tools print are in this chain's format unless `--network` names
	// another.
	set_default_ss58_version(Ss58AddressFormat::custom(depin_runtime::token::SS58_PREFIX));
	let (args, prefix) = take_numeric_network(std::env::args_os().collect())?;
	if let Some(prefix) = prefix {
		set_default_ss58_version(Ss58AddressFormat::custom(prefix));
	}
	let cli = Cli::from_iter(args);

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let spec = cli.load_spec(&cmd.chain)?;
			cmd.run(spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config, Sealing::Aura)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } =
					service::new_partial(&config, Sealing::Aura)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } =
					service::new_partial(&config, Sealing::Aura)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config, Sealing::Aura)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config, Sealing::Aura)?;
				// GRANDPA keeps its authority set in the aux store: revert it with the blocks.
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::Benchmark(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| match cmd {
				BenchmarkCmd::Pallet(cmd) => {
					if !cfg!(feature = "runtime-benchmarks") {
						return Err(
							"`benchmark pallet` needs the runtime built with its benchmarks: \
							build the node with `--features runtime-benchmarks`"
								.into(),
						);
					}
					// The pallet command adds the standard and benchmarking host functions itself.
					cmd.run_with_spec::<sp_runtime::traits::HashingFor<Block>, ()>(Some(
						config.chain_spec,
					))
				},
				BenchmarkCmd::Block(cmd) => {
					let PartialComponents { client, .. } =
						service::new_partial(&config, Sealing::Aura)?;
					cmd.run(client)
				},
				#[cfg(feature = "runtime-benchmarks")]
				BenchmarkCmd::Storage(cmd) => {
					let PartialComponents { client, backend, .. } =
						service::new_partial(&config, Sealing::Aura)?;
					let db = backend.expose_db();
					let storage = backend.expose_storage();
					let shared_cache = backend.expose_shared_trie_cache();
					cmd.run(config, client, db, storage, shared_cache)
				},
				#[cfg(not(feature = "runtime-benchmarks"))]
				BenchmarkCmd::Storage(_) => Err("`benchmark storage` needs the node built with \
					`--features runtime-benchmarks`"
					.into()),
				// Measures the base weight of a block and of an extrinsic (`System::remark`) on
				// this machine, the constants behind `BlockExecutionWeight` and
				// `ExtrinsicBaseWeight`.
				BenchmarkCmd::Overhead(cmd) => cmd
					.run_with_default_builder_and_spec::<Block, service::BenchmarkingHostFunctions>(
						Some(config.chain_spec),
					),
				BenchmarkCmd::Extrinsic(_) => {
					Err("`benchmark extrinsic` is not supported by this \
					node: use `benchmark pallet` for calls and `benchmark overhead` for the base \
					weights"
						.into())
				},
				BenchmarkCmd::Machine(cmd) => {
					cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone())
				},
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		None => {
			let runner = cli.create_runner(&cli.run)?;
			let sealing = cli.sealing;
			runner.run_node_until_exit(|config| async move {
				let chain_type = config.chain_spec.chain_type();
				if sealing != Sealing::Aura && chain_type != sc_service::ChainType::Development {
					return Err(sc_cli::Error::Input(format!(
						"dev sealing (--sealing) is for development chains only (--dev, --chain \
						 dev), and this chain's type is {chain_type:?}: dev sealing imports \
						 blocks without checking their Aura seals. Run it with the default \
						 `--sealing aura`"
					)));
				}
				warn_of_unsafe_rpc(&config);
				service::new_full::<
					sc_network::NetworkWorker<Block, <Block as sp_runtime::traits::Block>::Hash>,
				>(config, sealing)
				.map_err(sc_cli::Error::Service)
			})
		},
	}
}

/// A validator that serves unsafe RPC methods (key insertion, `engine_*`) beyond loopback
/// lets whoever reaches it change its keys: say so loudly at start.
fn warn_of_unsafe_rpc(config: &sc_service::Configuration) {
	use sc_service::config::RpcMethods;
	if !config.role.is_authority() || !matches!(config.rpc.methods, RpcMethods::Unsafe) {
		return;
	}
	for endpoint in config.rpc.addr.iter().flatten() {
		if !endpoint.listen_addr.ip().is_loopback() {
			log::warn!(
				"⚠️  this validator serves unsafe RPC methods (author_insertKey, \
				 author_rotateKeys, engine_*) on {}: anyone who reaches that address can change \
				 its keys. Serve RPC on loopback, or with --rpc-methods safe",
				endpoint.listen_addr
			);
		}
	}
}

/// `depin-node key … --network 7`: the SDK's key tools take only the names of registered
/// networks, but a new chain's prefix is usually a number with no name yet. A numeric
/// `--network` (or `-n`) of the `key` subcommand is taken out of the arguments and returned;
/// names are left for the SDK to parse.
fn take_numeric_network(args: Vec<OsString>) -> sc_cli::Result<(Vec<OsString>, Option<u16>)> {
	let is_key = args.iter().skip(1).find(|a| !a.to_string_lossy().starts_with('-'));
	if is_key.is_none_or(|a| a != "key") {
		return Ok((args, None));
	}
	let mut kept = Vec::with_capacity(args.len());
	let mut prefix = None;
	let mut args = args.into_iter().peekable();
	while let Some(arg) = args.next() {
		let text = arg.to_string_lossy().into_owned();
		let (value, joined) = match text.as_str() {
			"--network" | "-n" => (args.peek().map(|v| v.to_string_lossy().into_owned()), false),
			t => match t.strip_prefix("--network=").or_else(|| t.strip_prefix("-n")) {
				Some(v) if !v.is_empty() => (Some(v.to_string()), true),
				_ => (None, false),
			},
		};
		match value.filter(|v| v.chars().all(|c| c.is_ascii_digit())) {
			Some(number) => {
				let n =
					number.parse::<u16>().ok().filter(|n| *n <= 16_383 && !matches!(n, 46 | 47));
				prefix = Some(n.ok_or_else(|| {
					sc_cli::Error::Input(format!(
						"--network {number} is not an SS58 prefix: give 0 to 16383 except the \
						 reserved 46 and 47, or a network name"
					))
				})?);
				if !joined {
					args.next();
				}
			},
			None => kept.push(arg),
		}
	}
	Ok((kept, prefix))
}

#[cfg(test)]
mod tests {
	use super::take_numeric_network;

	fn args(line: &str) -> Vec<std::ffi::OsString> {
		line.split(' ').map(Into::into).collect()
	}

	#[test]
	fn a_numeric_network_of_the_key_tools_is_taken_out() {
		for line in [
			"depin-node key inspect --network 7 //Alice",
			"depin-node key inspect -n 7 //Alice",
			"depin-node key inspect --network=7 //Alice",
			"depin-node key inspect -n7 //Alice",
		] {
			let (kept, prefix) = take_numeric_network(args(line)).expect(line);
			assert_eq!(kept, args("depin-node key inspect //Alice"), "{line}");
			assert_eq!(prefix, Some(7), "{line}");
		}
		let (kept, prefix) =
			take_numeric_network(args("depin-node key inspect --network kusama //Alice")).unwrap();
		assert_eq!((kept, prefix), (args("depin-node key inspect --network kusama //Alice"), None));
		// Other subcommands are left alone.
		let run = args("depin-node --dev --name -n7");
		assert_eq!(take_numeric_network(run.clone()).unwrap(), (run, None));
	}

	#[test]
	fn a_prefix_out_of_range_is_refused() {
		for bad in ["16384", "46", "99999"] {
			let e =
				take_numeric_network(args(&format!("depin-node key inspect --network {bad} x")))
					.unwrap_err();
			assert!(e.to_string().contains("is not an SS58 prefix"), "{bad}: {e}");
		}
	}
}
