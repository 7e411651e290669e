#!/usr/bin/env bash
# Runs every benchmark: the Swift benchmark executable, then each scripts/bench/*.sh
# (which print the reference implementations' figures beside ours).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN_DIR=${1:-.build/release}
export PAYGENT_BIN="$BIN_DIR/paygent" PAYGENT_BENCH_BIN="$BIN_DIR/paygent-bench"
"$PAYGENT_BENCH_BIN"
for bench in scripts/bench/*.sh; do
  [ "$(basename "$bench")" = "run-all.sh" ] && continue
  echo "== bench: $(basename "$bench" .sh)"
  bash "$bench"
done
