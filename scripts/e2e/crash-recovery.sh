#!/usr/bin/env bash
# Crash injection of the real binary. `paygent demo` (paid services, local facilitator and agents
# in one process, on one SQLite file) is SIGKILLed
#   1. at each step of the payment pipeline, by the test-only hook PAYGENT_CRASH_AT=<step>
#      (after_hold, after_sign, after_send, after_settle, before_capture), and
#   2. at seeded random moments under load (a few iterations),
# then the store is reopened with `paygent payments reconcile` (start-up recovery) and checked:
# every ledger settlement has exactly one confirmed payment, no confirmed payment lacks a
# settlement, no purchase has two live authorisations, no unsigned hold of the dead process is
# left; and after a reconcile with the clock past every validBefore
# (PAYGENT_TEST_CLOCK_OFFSET_SECONDS), no hold is left held.
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${PAYGENT_BIN:-.build/debug/paygent}")
PY=${VENV_PY:-python3}
WORK=$(mktemp -d)
DEMO_PID=
cleanup() { [ -n "$DEMO_PID" ] && kill -9 "$DEMO_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
fail() { echo "crash-recovery: FAIL: $*"; exit 1; }

# reopen_and_check DB LABEL: start-up recovery by the CLI, invariants; then "after validBefore".
reopen_and_check() {
  local db=$1 label=$2
  "$BIN" payments reconcile --database "$db" --json >"$WORK/reconcile.json" || fail "$label: reconcile failed"
  "$PY" scripts/e2e/crash_invariants.py "$db" "$label" reopened || fail "$label: invariants broken after reopening"
  PAYGENT_TEST_CLOCK_OFFSET_SECONDS=3600 "$BIN" payments reconcile --database "$db" --json >"$WORK/reconcile.json" \
    || fail "$label: reconcile after validBefore failed"
  "$PY" scripts/e2e/crash_invariants.py "$db" "$label" expired || fail "$label: invariants broken after validBefore"
}

# 1. Deterministic crash at each step.
for step in after_hold after_sign after_send after_settle before_capture; do
  db="$WORK/$step.sqlite"
  PAYGENT_CRASH_AT=$step "$BIN" demo --agents 20 --rate 20 --database "$db" --duration 60 >"$WORK/$step.log" 2>&1 &
  DEMO_PID=$!
  wait "$DEMO_PID" 2>/dev/null; rc=$?
  DEMO_PID=
  [ "$rc" -eq 137 ] || { tail -5 "$WORK/$step.log"; fail "$step: demo exited $rc, not by SIGKILL at the crash point"; }
  reopen_and_check "$db" "$step"
done

# 2. Seeded random kills under load.
SEED=${CRASH_SEED:-15}
RANDOM=$SEED
for i in 1 2 3; do
  db="$WORK/random-$i.sqlite"
  "$BIN" demo --agents 100 --rate 50 --seed "$((SEED + i))" --database "$db" >"$WORK/random-$i.log" 2>&1 &
  DEMO_PID=$!
  # Wait (bounded) for the first settled payment, then kill after a seeded 0–2 s.
  "$PY" - "$db" <<'PY' || fail "random-$i: no payment settled within 60 s"
import sqlite3, sys, time
deadline = time.time() + 60
while time.time() < deadline:
    try:
        if sqlite3.connect(sys.argv[1], timeout=1).execute("SELECT COUNT(*) FROM ledger_nonces").fetchone()[0] > 0:
            sys.exit(0)
    except sqlite3.Error:
        pass
    time.sleep(0.05)
sys.exit(1)
PY
  delay=$((RANDOM % 2000))
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -9 "$DEMO_PID"; wait "$DEMO_PID" 2>/dev/null; DEMO_PID=
  reopen_and_check "$db" "random-$i (seed $SEED, kill after first settlement + ${delay} ms)"
done
echo "crash-recovery: ok (5 crash points, 3 random kills)"
