#!/usr/bin/env bash
# Measures how the epoch close of reward emission scales with the number of registered
# devices that worked in the epoch: 1 000 and 100 000 (the `close_epoch_with_devices` extra
# benchmark; devices and ledger entries are written in its setup). The close must cost the
# same at both ends: it visits classes, never devices.
#
#   scripts/scale.sh            build the benchmark node if needed, print the figures
#
# Uses the node built by scripts/benchmark.sh (`--features runtime-benchmarks`).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked -p depin-node --features runtime-benchmarks
node="${CARGO_TARGET_DIR:-$PWD/target}/release/depin-node"

"$node" benchmark pallet \
	--chain dev \
	--pallet pallet_reward_emission \
	--extrinsic close_epoch_with_devices \
	--extra \
	--steps 2 \
	--repeat "${REPEAT:-5}" \
	--wasm-execution compiled \
	--heap-pages 4096 \
	--no-median-slopes \
	--no-min-squares
