#!/usr/bin/env bash
# Measures how an epoch close and a reward claim scale with the number of registered devices
# that worked in the epoch: 1 000, 10 000, 100 000 and 1 000 000 (the `close_epoch_with_devices`
# and `claim_with_devices` extra benchmarks of reward emission; devices and ledger entries are
# written in their setup). Both must cost the same at every size: the close visits classes and
# the claim one device, never the device set.
#
#   scripts/scale.sh            build the benchmark node if needed, print the figures
#
# Uses the node built by scripts/benchmark.sh (`--features runtime-benchmarks`). The 1M step
# writes three million storage entries in its setup: a run takes some minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked -p depin-node --features runtime-benchmarks
node="${CARGO_TARGET_DIR:-$PWD/target}/release/depin-node"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

for extrinsic in close_epoch_with_devices claim_with_devices; do
echo "$extrinsic"
"$node" benchmark pallet \
	--chain dev \
	--pallet pallet_reward_emission \
	--extrinsic "$extrinsic" \
	--extra \
	--steps 4 \
	--repeat "${REPEAT:-5}" \
	--wasm-execution compiled \
	--heap-pages 4096 \
	--no-median-slopes \
	--no-min-squares \
	--json-file "$out" >/dev/null

# One line per device count (10^e): the median time of the call and the storage it touched.
python3 - "$out" <<'PY'
import json, statistics, sys
bench = json.load(open(sys.argv[1]))[0]
def by_e(results):
    out = {}
    for r in results:
        out.setdefault(dict(r["components"])["e"], []).append(r)
    return out
times, db = by_e(bench["time_results"]), by_e(bench["db_results"])
print(f"{'devices':>10}  {'median':>10}  {'minimum':>10}  reads  writes")
for e in sorted(times):
    t = [r["extrinsic_time"] / 1e3 for r in times[e]]  # nanoseconds -> µs
    r = db[e][0]
    print(f"{10**e:>10}  {statistics.median(t):>7.1f} µs  {min(t):>7.1f} µs  {r['reads']:>5}  {r['writes']:>6}")
PY
done
