#!/usr/bin/env bash
# Runs every benchmark: the Swift benchmark executable, then each scripts/bench/*.sh
# (which print the reference implementations' figures beside ours).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN_DIR=${1:-.build/release}
export PAYGENT_BIN="$BIN_DIR/paygent" PAYGENT_BENCH_BIN="$BIN_DIR/paygent-bench"
# One process per area, so one area's memory (the console's resident-memory figure) and warm
# caches never colour another's.
for area in core evm console x402 agents serve; do
  "$PAYGENT_BENCH_BIN" "$area"
done
for bench in scripts/bench/*.sh; do
  [ "$(basename "$bench")" = "run-all.sh" ] && continue
  echo "== bench: $(basename "$bench" .sh)"
  bash "$bench"
done
