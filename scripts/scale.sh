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
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

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
	--no-min-squares \
	--json-file "$out" >/dev/null

# One line per device count: the median time of the close and the storage it touched.
python3 - "$out" <<'PY'
import json, statistics, sys
bench = json.load(open(sys.argv[1]))[0]
def by_d(results):
    out = {}
    for r in results:
        out.setdefault(dict(r["components"])["d"], []).append(r)
    return out
times, db = by_d(bench["time_results"]), by_d(bench["db_results"])
print(f"{'devices':>8}  {'median':>10}  {'minimum':>10}  reads  writes")
for d in sorted(times):
    t = [r["extrinsic_time"] / 1e3 for r in times[d]]  # nanoseconds -> µs
    r = db[d][0]
    print(f"{d:>8}  {statistics.median(t):>7.1f} µs  {min(t):>7.1f} µs  {r['reads']:>5}  {r['writes']:>6}")
PY
