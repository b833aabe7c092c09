//! The chain specifications the node knows by name.

use depin_runtime::{
	genesis_config_presets::PRODUCTION_RUNTIME_PRESET, identity, token, WASM_BINARY,
};
use sc_service::ChainType;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// A chain spec of this node: no extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol, decimals and SS58 prefix, read by wallets and polkadot-js apps through
/// `system_properties`. They come from the runtime's `identity` module, the one place a fork
/// renames its chain and token (`scripts/fork.sh`).
pub fn properties() -> sc_chain_spec::Properties {
	let mut p = sc_chain_spec::Properties::new();
	p.insert("tokenSymbol".into(), token::SYMBOL.into());
	p.insert("tokenDecimals".into(), token::DECIMALS.into());
	p.insert("ss58Format".into(), token::SS58_PREFIX.into());
	p
}

fn spec(
	name: String,
	id: String,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| {
		"this node was built without the runtime's wasm (SKIP_WASM_BUILD was set): rebuild it \
		 without SKIP_WASM_BUILD"
			.to_string()
	})?;
	Ok(ChainSpec::builder(wasm, None)
		.with_name(&name)
		.with_id(&id)
		.with_protocol_id(identity::CHAIN_ID)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `--dev` / `--chain dev`: one validator (Alice, sudo).
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	spec(
		format!("{} Development", identity::CHAIN_NAME),
		format!("{}_dev", identity::CHAIN_ID),
		ChainType::Development,
		DEV_RUNTIME_PRESET,
	)
}

/// `--chain local`: Alice, Bob, Charlie and Dave validate; for a multi-node network on one or
/// more machines (`scripts/testnet.sh`).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	spec(
		format!("{} Local Testnet", identity::CHAIN_NAME),
		format!("{}_local", identity::CHAIN_ID),
		ChainType::Local,
		LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// `--chain production`: the template of a live network, with no sudo key. Refused while its
/// genesis names a well-known development key, unless `allow_dev_keys`.
pub fn production_chain_spec(allow_dev_keys: bool) -> Result<ChainSpec, String> {
	let dev_keys = crate::dev_keys::dev_keys_in(
		&depin_runtime::genesis_config_presets::production_config_genesis(),
	);
	if !dev_keys.is_empty() && !allow_dev_keys {
		return Err(format!(
			"the production preset names well-known development keys ({}) as validators, sudo \
			 or holders, and anyone can sign with those: put your own keys in \
			 runtime/src/genesis_config_presets.rs (production_config_genesis), or give \
			 --allow-dev-keys to build this spec for a trial, never for a launch",
			dev_keys.join(", ")
		));
	}
	spec(
		identity::CHAIN_NAME.into(),
		identity::CHAIN_ID.into(),
		ChainType::Live,
		PRODUCTION_RUNTIME_PRESET,
	)
}

/// The spec for `--chain <id>`: a built-in name or a path to a chain spec JSON file.
pub fn load(id: &str, allow_dev_keys: bool) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"dev" => Box::new(development_chain_spec()?),
		"" | "local" => Box::new(local_chain_spec()?),
		"production" => Box::new(production_chain_spec(allow_dev_keys)?),
		path => {
			Box::new(ChainSpec::from_json_file(std::path::PathBuf::from(path)).map_err(|e| {
				format!("`{path}` is neither dev, local nor production, nor a chain spec file: {e}")
			})?)
		},
	})
}
