//! Command line of the node.

use std::str::FromStr;

/// How the node produces blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sealing {
	/// Aura slots and GRANDPA finality: what a real network runs.
	#[default]
	Aura,
	/// A block as soon as a transaction arrives, finalized at once.
	Instant,
	/// A block only when asked through the `engine_createBlock` RPC.
	Manual,
	/// A block every so many milliseconds, finalized at once.
	Interval(u64),
}

impl FromStr for Sealing {
	type Err = String;

	fn from_str(s: &str) -> Result<Self, Self::Err> {
		match s {
			"aura" => Ok(Sealing::Aura),
			"instant" => Ok(Sealing::Instant),
			"manual" => Ok(Sealing::Manual),
			ms => match ms.parse::<u64>() {
				Ok(0) => Err("the block interval must be at least 1 millisecond".into()),
				Ok(ms) => Ok(Sealing::Interval(ms)),
				Err(_) => Err(format!(
					"unknown sealing mode `{s}`: use `aura`, `instant`, `manual`, or a block \
					 interval in milliseconds such as `500`"
				)),
			},
		}
	}
}

#[derive(Debug, clap::Parser)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// How to produce blocks: `aura` (default: Aura slots + GRANDPA, as a real network), or,
	/// for a single local dev node, `instant` (a block per transaction), `manual` (a block per
	/// `engine_createBlock` RPC call) or a number of milliseconds (a block at that interval).
	/// Dev sealing finalizes every block at once and runs no GRANDPA voter, and its block
	/// timestamps advance one slot per block, ahead of the wall clock: a chain sealed this way
	/// cannot later be run with `aura`.
	#[arg(long, value_name = "MODE", default_value = "aura")]
	pub sealing: Sealing,

	/// Let the `production` chain spec be built although its genesis names well-known
	/// development keys (Alice … Ferdie) as validators, sudo or holders: for trying the preset
	/// out, never for a launch (anyone can sign with those keys).
	#[arg(long, global = true)]
	pub allow_dev_keys: bool,
}

#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management tools.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Sub-commands concerned with benchmarking (needs the `runtime-benchmarks` feature).
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Db meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn sealing_modes_parse() {
		assert_eq!("aura".parse(), Ok(Sealing::Aura));
		assert_eq!("instant".parse(), Ok(Sealing::Instant));
		assert_eq!("manual".parse(), Ok(Sealing::Manual));
		assert_eq!("250".parse(), Ok(Sealing::Interval(250)));
		assert!("0".parse::<Sealing>().unwrap_err().contains("at least 1"));
		assert!("fast".parse::<Sealing>().unwrap_err().contains("unknown sealing mode `fast`"));
	}
}
