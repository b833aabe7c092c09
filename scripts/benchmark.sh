#!/usr/bin/env bash
# Regenerates the weights of the DePIN pallets on this machine.
#
#   scripts/benchmark.sh                 every pallet listed below
#   scripts/benchmark.sh pallet_x ...    only these
#   EXTRINSICS=a,b scripts/benchmark.sh pallet_x
#                                        only these calls of one pallet, written to
#                                        $CARGO_TARGET_DIR/benchmark-<pallet>.rs for merging
#                                        into its weights.rs by hand
#
# Builds the node with `--features runtime-benchmarks` (a build of its own: the feature
# changes the runtime), runs each pallet's benchmarks against the development runtime and
# writes `pallets/<dir>/src/weights.rs` from .maintain/pallet-weight-template.hbs.
# Run it on hardware like the validators' and commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."

# pallet name => crate folder. Each DePIN pallet adds its line when it joins the runtime.
declare -A PALLETS=(
	[pallet_device_registry]=pallets/device-registry
	[pallet_physical_work]=pallets/physical-work
	[pallet_reward_emission]=pallets/reward-emission
	[pallet_buyback_treasury]=pallets/buyback-treasury
	[pallet_dao]=pallets/dao
	[pallet_service_market]=pallets/service-market
)

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
EXTRINSICS="${EXTRINSICS:-*}"

selected=("$@")
if [ ${#selected[@]} -eq 0 ]; then
	selected=("${!PALLETS[@]}")
fi
if [ ${#selected[@]} -eq 0 ]; then
	echo "benchmark: no DePIN pallet is listed in scripts/benchmark.sh yet" >&2
	exit 1
fi
for p in "${selected[@]}"; do
	if [ -z "${PALLETS[$p]+x}" ]; then
		echo "benchmark: unknown pallet '$p'; known: ${!PALLETS[*]}" >&2
		exit 1
	fi
done

cargo build --release --locked -p depin-node --features runtime-benchmarks
node="${CARGO_TARGET_DIR:-$PWD/target}/release/depin-node"

for p in "${selected[@]}"; do
	out="${PALLETS[$p]}/src/weights.rs"
	if [ "$EXTRINSICS" != '*' ]; then
		out="${CARGO_TARGET_DIR:-$PWD/target}/benchmark-$p.rs"
	fi
	echo "benchmark: $p -> $out"
	"$node" benchmark pallet \
		--chain dev \
		--pallet "$p" \
		--extrinsic "$EXTRINSICS" \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template .maintain/pallet-weight-template.hbs \
		--output "$out"
done
cargo fmt --all >/dev/null 2>&1 || true
