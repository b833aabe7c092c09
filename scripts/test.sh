#!/usr/bin/env bash
# The test command.
# 1. cargo: every unit test, the runtime's tests, and the end-to-end tests that start the real
#    node binary (subxt). One invocation in one profile (release), so the node, its wasm
#    runtime and all tests compile once and share every dependency.
# 2. node: end-to-end tests through @polkadot/api (what polkadot-js apps is built on), against
#    the node binary that step 1 built.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --workspace --locked "$@"

if [ ! -d tests/js/node_modules ]; then
	npm ci --prefix tests/js --no-audit --no-fund
fi
DEPIN_NODE="${CARGO_TARGET_DIR:-$PWD/target}/release/depin-node" npm test --prefix tests/js
