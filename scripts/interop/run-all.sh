#!/usr/bin/env bash
# Runs every interop check (scripts/interop/*.sh except this file) against the reference
# implementations. Each check exits non-zero on failure. Ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${PAYGENT_BIN:?set PAYGENT_BIN to the paygent binary}"
: "${VENV_PY:?set VENV_PY to the venv python}"
export PAYGENT_BIN VENV_PY
passed=0; failed=0; failures=()
for check in scripts/interop/*.sh; do
  [ "$(basename "$check")" = "run-all.sh" ] && continue
  echo "== interop: $(basename "$check" .sh)"
  if bash "$check"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$(basename "$check")"); fi
done
[ ${#failures[@]} -gt 0 ] && echo "failed interop checks: ${failures[*]}"
echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
