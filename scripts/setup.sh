#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine needs to build, run and test the chain.
# Idempotent: run it as often as you like.
#
# - protobuf-compiler: libp2p's build needs `protoc`.
# - The Rust toolchain of rust-toolchain.toml, with the wasm32v1-none target for the runtime.
# - Node.js and the npm packages of the @polkadot/api end-to-end tests (tests/js).
#
# The node stores its database in ParityDB only, so neither clang nor RocksDB's C++ build is
# needed.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need_apt=()
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
command -v git >/dev/null 2>&1 || need_apt+=(git)
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
	echo "setup: installing ${need_apt[*]}"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

if ! command -v rustup >/dev/null 2>&1; then
	echo "setup: rustup is missing; install it from https://rustup.rs and run this again" >&2
	exit 1
fi
# Installs the pinned channel with its components and targets (rust-toolchain.toml).
rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
channel=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
rustup component add --toolchain "$channel" rust-src clippy rustfmt >/dev/null
rustup target add --toolchain "$channel" wasm32v1-none >/dev/null

# The @polkadot/api end-to-end tests' packages, at the versions in package-lock.json.
if [ ! -d tests/js/node_modules ] || [ tests/js/package-lock.json -nt tests/js/node_modules ]; then
	npm ci --prefix tests/js --no-audit --no-fund
	touch tests/js/node_modules
fi

echo "setup: ok ($(protoc --version), $(rustc --version))"
