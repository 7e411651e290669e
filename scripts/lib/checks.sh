# Check helpers for the interop scripts; source after setting WORK, PIDS, failures=0 and INTEROP.

# cleanup: stops the servers in PIDS and removes WORK (the scripts trap it on EXIT).
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}

ok()   { echo "ok: $1"; }
fail() { echo "FAIL: $1${2:+ ($2)}"; failures=$((failures + 1)); }
# expect NAME CONDITION [DETAIL]: one ok/FAIL line for a shell condition.
expect() { if eval "$2"; then ok "$1"; else fail "$1" "${3:-}"; fi; }

# run_py NAME ARGS...: runs an x402_interop.py check, echoing its lines and counting FAIL lines.
run_py() {
  local out rc
  out=$($INTEROP "$@" 2>&1); rc=$?
  echo "$out" | grep -E '^(ok|FAIL): ' || true
  if [ $rc -ne 0 ]; then
    local n; n=$(echo "$out" | grep -c '^FAIL: ')
    if [ "$n" -eq 0 ]; then fail "x402_interop.py $1 crashed" "$(echo "$out" | tail -5 | tr '\n' ' ')"; else failures=$((failures + n)); fi
  fi
}
