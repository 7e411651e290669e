#!/usr/bin/env bash
# Runs every check script (*.sh except this file) in the given folders (default
# scripts/interop): interop with the reference implementations and end-to-end runs of the
# real binary. Each check exits non-zero on failure. Ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${PAYGENT_BIN:?set PAYGENT_BIN to the paygent binary}"
: "${VENV_PY:?set VENV_PY to the venv python}"
export PAYGENT_BIN VENV_PY
passed=0; failed=0; failures=()
dirs=("$@"); [ ${#dirs[@]} -eq 0 ] && dirs=(scripts/interop)
for check in $(for d in "${dirs[@]}"; do ls "$d"/*.sh; done); do
  [ "$(basename "$check")" = "run-all.sh" ] && continue
  echo "== check: $check"
  if bash "$check"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$(basename "$check")"); fi
done
[ ${#failures[@]} -gt 0 ] && echo "failed checks: ${failures[*]}"
echo "checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
