//! The chain specs in chain-specs/ match what the node generates from the runtime's presets.

mod common;

use std::process::Command;

use serde_json::Value;

/// The storage key of the runtime code, `:code`, in a raw spec.
const CODE_KEY: &str = "0x3a636f6465";

/// A spec without its wasm code. The code is the build that generated the file and differs
/// between builds in different folders; everything else must match exactly.
fn without_code(mut spec: Value) -> (Value, bool) {
	let genesis = &mut spec["genesis"];
	let had_code = if let Some(rg) = genesis.get_mut("runtimeGenesis") {
		rg.as_object_mut().and_then(|o| o.remove("code")).is_some()
	} else if let Some(top) = genesis.get_mut("raw").and_then(|r| r.get_mut("top")) {
		top.as_object_mut().and_then(|o| o.remove(CODE_KEY)).is_some()
	} else {
		false
	};
	(spec, had_code)
}

fn generated(chain: &str, raw: bool) -> Value {
	let mut cmd = Command::new(common::node_binary());
	cmd.args(["export-chain-spec", "--chain", chain]);
	if raw {
		cmd.arg("--raw");
	}
	let out = cmd.output().expect("the node runs");
	assert!(
		out.status.success(),
		"export-chain-spec failed: {}",
		String::from_utf8_lossy(&out.stderr)
	);
	serde_json::from_slice(&out.stdout).expect("the node prints JSON")
}

#[test]
fn chain_specs_are_fresh() {
	let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../chain-specs");
	for (chain, raw, file) in [
		("dev", false, "dev.json"),
		("dev", true, "dev-raw.json"),
		("local", false, "local.json"),
		("local", true, "local-raw.json"),
	] {
		let path = dir.join(file);
		let text = std::fs::read_to_string(&path)
			.unwrap_or_else(|e| panic!("{}: {e}; run scripts/chain-specs.sh", path.display()));
		let committed: Value = serde_json::from_str(&text).expect("committed spec is JSON");
		let (committed, has_code) = without_code(committed);
		assert!(has_code, "{file} has no runtime code: run scripts/chain-specs.sh");
		let (fresh, _) = without_code(generated(chain, raw));
		assert!(
			committed == fresh,
			"chain-specs/{file} is stale: run scripts/chain-specs.sh and commit the result"
		);
	}
}
