#!/usr/bin/env bash
# A local testnet: the four validators of the `local` chain (Alice, Bob, Charlie, Dave) on
# loopback, Aura authoring in turn and GRANDPA finalizing. Four, because GRANDPA finalizes
# with more than two thirds of the voters: four validators keep finalizing with one of them
# stopped, three would not (see docs/decisions.md).
#
#   scripts/testnet.sh                       start all four, print their endpoints, wait
#   scripts/testnet.sh --dir /tmp/net        keep base paths, logs and pids in /tmp/net
#   scripts/testnet.sh --rpc-port 9944 --p2p-port 30333
#                                            first ports; validator i uses port + i
#   scripts/testnet.sh alice bob charlie     start only these (with three of four running,
#                                            stopping one more halts finality)
#
# Stop one validator to watch the others keep finalizing: kill "$(cat DIR/charlie.pid)".
# Ctrl-C (or SIGTERM to this script) stops them all. The node is $DEPIN_NODE, or the release
# build in the cargo target folder (built here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=""
rpc_port=9944
p2p_port=30333
names=()
while [ $# -gt 0 ]; do
	case "$1" in
	--dir) dir="$2"; shift 2 ;;
	--rpc-port) rpc_port="$2"; shift 2 ;;
	--p2p-port) p2p_port="$2"; shift 2 ;;
	-h | --help) sed -n '2,16p' "$0"; exit 0 ;;
	alice | bob | charlie | dave) names+=("$1"); shift ;;
	*)
		echo "testnet.sh: unknown argument \`$1\`: the validators are alice, bob, charlie and dave; options --dir, --rpc-port, --p2p-port" >&2
		exit 2
		;;
	esac
done
[ ${#names[@]} -gt 0 ] || names=(alice bob charlie dave)

node="${DEPIN_NODE:-${CARGO_TARGET_DIR:-$PWD/target}/release/depin-node}"
if [ ! -x "$node" ]; then
	echo "testnet.sh: $node is missing; building it (cargo build --release -p depin-node)" >&2
	cargo build --release --locked -p depin-node
fi
[ -n "$dir" ] || dir="$(mktemp -d "${TMPDIR:-/tmp}/depin-testnet.XXXXXX")"
mkdir -p "$dir"

# Each validator's fixed network key (its index), so that every node can name the others'
# peer ids as bootnodes before any of them runs. Test keys: a live network generates its own.
all=(alice bob charlie dave)
pids=()
stop_all() {
	trap - EXIT INT TERM
	for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 0' INT TERM

bootnodes=()
for i in "${!all[@]}"; do
	printf '%064x' $((i + 1)) > "$dir/${all[$i]}.node-key"
	peer="$("$node" key inspect-node-key --file "$dir/${all[$i]}.node-key")"
	bootnodes+=("/ip4/127.0.0.1/tcp/$((p2p_port + i))/p2p/$peer")
done

printf '%-8s %-28s %-7s %s\n' validator rpc p2p log
for i in "${!all[@]}"; do
	name="${all[$i]}"
	[[ " ${names[*]} " == *" $name "* ]] || continue
	others=()
	for j in "${!all[@]}"; do [ "$j" = "$i" ] || others+=("${bootnodes[$j]}"); done
	"$node" \
		--chain local \
		--"$name" \
		--base-path "$dir/$name" \
		--node-key-file "$dir/$name.node-key" \
		--listen-addr "/ip4/127.0.0.1/tcp/$((p2p_port + i))" \
		--rpc-port "$((rpc_port + i))" \
		--bootnodes "${others[@]}" \
		--no-telemetry --no-prometheus --no-mdns \
		2> "$dir/$name.log" &
	pids+=($!)
	echo $! > "$dir/$name.pid"
	printf '%-8s %-28s %-7s %s\n' "$name" "ws://127.0.0.1:$((rpc_port + i))" "$((p2p_port + i))" "$dir/$name.log"
done
echo "testnet.sh: running in $dir; Ctrl-C stops every validator"

# Return when every validator has exited (or on a signal, which stops the rest).
wait
