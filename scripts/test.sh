#!/usr/bin/env bash
# The test command: every unit test, the runtime's tests, and the end-to-end tests that start
# the real node binary. One cargo invocation in one profile (release), so that the node, its
# wasm runtime and all the tests are compiled once and share every dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo test --release --workspace --locked "$@"
