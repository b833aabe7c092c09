#!/usr/bin/env bash
# Renames the chain and its token for a fork, in one command:
#
#   scripts/fork.sh --name GridNet --id gridnet --symbol GRID --decimals 12 --ss58 7
#
# It rewrites the chain's names in runtime/src/identity.rs (read by the runtime, its build
# script's metadata hash and the node) and the runtime's spec and impl names in
# runtime/src/lib.rs, then regenerates chain-specs/ (which builds the node). Options left out
# keep their current value. Every value is checked before anything is edited; a second run with
# the same values changes nothing; a run cut short (say, during the build) is finished by
# running it again.
#
#   --dry-run     list the edits and change nothing
#   --no-specs    do not regenerate chain-specs/ (run scripts/chain-specs.sh later)
#   --root DIR    the tree to edit (default: this repository)
set -euo pipefail

usage() {
	sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
	exit "${1:-0}"
}
die() {
	echo "fork.sh: $*" >&2
	exit 1
}

root="$(cd "$(dirname "$0")/.." && pwd)"
dry_run=0
specs=1
name="" id="" symbol="" decimals="" ss58=""
while [ $# -gt 0 ]; do
	case "$1" in
	--name | --id | --symbol | --decimals | --ss58 | --root)
		[ $# -ge 2 ] || die "$1 needs a value"
		case "$1" in
		--name) name="$2" ;;
		--id) id="$2" ;;
		--symbol) symbol="$2" ;;
		--decimals) decimals="$2" ;;
		--ss58) ss58="$2" ;;
		--root) root="$2" ;;
		esac
		shift 2
		;;
	--dry-run) dry_run=1; shift ;;
	--no-specs) specs=0; shift ;;
	-h | --help) usage 0 ;;
	*) echo "fork.sh: unknown argument '$1'" >&2; usage 1 >&2 ;;
	esac
done

# --- Check every value before touching a file. -------------------------------------------
if [ -n "$name" ] && { ! [[ "$name" =~ ^[A-Za-z][A-Za-z0-9\ -]{0,31}$ ]] || [[ "$name" == *" " ]]; }; then
	die "--name '$name' is not a chain name: 1 to 32 letters, digits, spaces or '-', starting with a letter (e.g. GridNet)"
fi
if [ -n "$id" ] && ! [[ "$id" =~ ^[a-z][a-z0-9_]{1,31}$ ]]; then
	die "--id '$id' is not a chain id: 2 to 32 lower-case letters, digits or '_', starting with a letter (e.g. gridnet); it becomes the spec name, the protocol id and the chain spec ids"
fi
if [ -n "$symbol" ] && ! [[ "$symbol" =~ ^[A-Za-z][A-Za-z0-9]{1,10}$ ]]; then
	die "--symbol '$symbol' is not a token symbol: 2 to 11 letters or digits, starting with a letter (e.g. GRID)"
fi
if [ -n "$decimals" ]; then
	[[ "$decimals" =~ ^[0-9]{1,2}$ ]] && [ "$decimals" -ge 6 ] && [ "$decimals" -le 18 ] ||
		die "--decimals '$decimals' is out of range: give 6 to 18 (the runtime prices storage in millionths of a token, and balances are u128)"
	decimals=$((10#$decimals))
fi
if [ -n "$ss58" ]; then
	[[ "$ss58" =~ ^[0-9]{1,5}$ ]] && [ "$ss58" -le 16383 ] ||
		die "--ss58 '$ss58' is not an SS58 prefix: give a number from 0 to 16383 (see the SS58 registry for the taken ones)"
	ss58=$((10#$ss58))
	case "$ss58" in 46 | 47) die "--ss58 $ss58 is reserved by the SS58 format; choose another prefix" ;; esac
fi
[ -n "$name$id$symbol$decimals$ss58" ] || die "nothing to rename: give at least one of --name, --id, --symbol, --decimals, --ss58 (--help shows them)"

identity="runtime/src/identity.rs"
lib="runtime/src/lib.rs"
for f in "$identity" "$lib"; do
	[ -f "$root/$f" ] || die "$root/$f is missing: --root must be a checkout of this chain"
done

# --- Find every place to edit; each must be there exactly once. -----------------------------
# Each edit: file, description, a sed pattern with the value as group 2 (and the text before it
# as group 1, after it as group 3), and the new value ('' keeps the current one).
edits=()
add() { edits+=("$1|$2|$3|$4"); }
add "$identity" "chain name" '^\(pub const CHAIN_NAME: \&str = "\)\([^"]*\)\(";\)$' "$name"
add "$identity" "chain id" '^\(pub const CHAIN_ID: \&str = "\)\([^"]*\)\(";\)$' "$id"
add "$identity" "token symbol" '^\(pub const TOKEN_SYMBOL: \&str = "\)\([^"]*\)\(";\)$' "$symbol"
add "$identity" "token decimals" '^\(pub const TOKEN_DECIMALS: u8 = \)\([0-9]*\)\(;\)$' "$decimals"
add "$identity" "SS58 prefix" '^\(pub const SS58_PREFIX: u16 = \)\([0-9]*\)\(;\)$' "$ss58"
add "$lib" "runtime spec_name" '^\(\tspec_name: alloc::borrow::Cow::Borrowed("\)\([^"]*\)\("),\)$' "$id"
add "$lib" "runtime impl_name" '^\(\timpl_name: alloc::borrow::Cow::Borrowed("\)\([^"]*\)\("),\)$' "$id"

current() { # file pattern -> the current value, or exit if the place has moved
	local file="$1" pattern="$2" count
	count=$(sed -n "s/$pattern/x/p" "$root/$file" | wc -l)
	if [ "$count" -ne 1 ]; then
		echo "fork.sh: expected one line matching /$pattern/ in $file, found $count: the tree has moved on from this script; update scripts/fork.sh" >&2
		exit 2
	fi
	sed -n "s/$pattern/\2/p" "$root/$file"
}

changes=0
pending=()
for e in "${edits[@]}"; do
	IFS='|' read -r file what pattern new <<<"$e"
	old=$(current "$file" "$pattern")
	if [ -n "$new" ] && [ "$new" != "$old" ]; then
		pending+=("$file|$pattern|$new")
		echo "$file: $what '$old' -> '$new'"
		changes=$((changes + 1))
	else
		echo "$file: $what '$old' (unchanged)"
	fi
done

# The value each name ends with, for the chain spec check below.
final() { # description -> the value after this run
	local e file what pattern new
	for e in "${edits[@]}"; do
		IFS='|' read -r file what pattern new <<<"$e"
		if [ "$what" = "$1" ]; then
			if [ -n "$new" ]; then echo "$new"; else current "$file" "$pattern"; fi
			return
		fi
	done
}
want_id=$(final "chain id")
want_symbol=$(final "token symbol")
want_decimals=$(final "token decimals")
want_ss58=$(final "SS58 prefix")
want_name=$(final "chain name")

# Whether chain-specs/ already say what the sources say (a half-finished run leaves them stale).
specs_fresh() {
	local spec="$root/chain-specs/dev.json"
	[ -f "$spec" ] || return 1
	grep -q "^  \"name\": \"$want_name Development\",$" "$spec" &&
		grep -q "^  \"id\": \"${want_id}_dev\",$" "$spec" &&
		grep -q "^  \"protocolId\": \"$want_id\",$" "$spec" &&
		grep -q "^    \"ss58Format\": $want_ss58,$" "$spec" &&
		grep -q "^    \"tokenDecimals\": $want_decimals,$" "$spec" &&
		grep -q "^    \"tokenSymbol\": \"$want_symbol\"$" "$spec"
}
regenerate=0
if [ "$changes" -gt 0 ] || ! specs_fresh; then regenerate=1; fi

if [ "$dry_run" -eq 1 ]; then
	[ "$regenerate" -eq 1 ] && echo "chain-specs/: would be regenerated (scripts/chain-specs.sh)"
	echo "fork.sh: dry run, $changes edit(s) listed, nothing changed"
	exit 0
fi

for p in "${pending[@]+"${pending[@]}"}"; do
	IFS='|' read -r file pattern new <<<"$p"
	sed -i "s/$pattern/\1$new\3/" "$root/$file"
	[ "$(current "$file" "$pattern")" = "$new" ] || die "editing $file did not take; nothing else was changed after it"
done

if [ "$regenerate" -eq 1 ]; then
	if [ "$specs" -eq 1 ]; then
		echo "chain-specs/: regenerating (builds the node; the first build takes about 30 minutes)"
		(cd "$root" && scripts/chain-specs.sh)
	else
		echo "chain-specs/: stale; run scripts/chain-specs.sh (the test chain_specs_are_fresh fails until you do)"
	fi
elif [ "$changes" -eq 0 ]; then
	echo "fork.sh: nothing to change; the tree already says this"
fi

cat <<EOF

Renamed. What is still yours to decide, and where:
  validators and sudo     runtime/src/genesis_config_presets.rs (production has placeholder dev keys)
  initial allocation      runtime/src/genesis_config_presets.rs
  device classes          runtime/src/configs/device_registry.rs (genesis_classes)
  emission and supply cap runtime/src/configs/reward_emission.rs
  fees                    runtime/src/configs/fees.rs
  revenue and buy-back    runtime/src/configs/buyback_treasury.rs, configs/service_market.rs
  governance tracks       runtime/src/configs/dao.rs
  support URL, binaries   node/src/command.rs (support_url), node/Cargo.toml and cli/Cargo.toml
  the docs                docs/ and README.md still speak of DePIN and DPN
Then: scripts/test.sh, and cargo run --release -p depin-node -- --dev
See docs/fork-the-chain.md.
EOF
