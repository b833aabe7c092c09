#!/usr/bin/env bash
# Regenerates chain-specs/ from the runtime's genesis presets (plain and raw, dev and local).
# Run it after changing a preset, a pallet's genesis or the token properties; the test
# `chain_specs_are_fresh` fails until you do.
set -euo pipefail
cd "$(dirname "$0")/.."
# Build the node as the tests do, so that a warm target folder rebuilds nothing.
cargo test --release --workspace --locked --no-run
target="${CARGO_TARGET_DIR:-$PWD/target}"
node="$target/release/depin-node"
for chain in dev local; do
	"$node" export-chain-spec --chain "$chain" > "chain-specs/$chain.json"
	"$node" export-chain-spec --chain "$chain" --raw > "chain-specs/$chain-raw.json"
	echo "chain-specs/$chain.json and chain-specs/$chain-raw.json regenerated"
done
