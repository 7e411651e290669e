#!/usr/bin/env bash
# `swift test --skip-build` under a watchdog. A test that hangs must not turn CI into a silent
# 90-minute timeout: after PAYGENT_TEST_TIMEOUT seconds (default 1200; a whole run takes 2-4
# minutes on 2 cores) this prints the tests that started and never finished, the processes the
# run left behind, and every thread's stack of the test runner (gdb, when installed), then kills
# the run and fails.
#
# usage: scripts/test/swift-test.sh [swift test arguments…]   (SWIFT, PAYGENT_TEST_TIMEOUT)
set -uo pipefail
cd "$(dirname "$0")/../.."
SWIFT="${SWIFT:-swift}"
LIMIT="${PAYGENT_TEST_TIMEOUT:-1200}"
mkdir -p .build
LOG=.build/test-output.log
: > "$LOG"

# Its own session, so the whole tree (the runner, servers and consoles it started) is killed at once.
setsid "$SWIFT" test --skip-build "$@" > >(tee -a "$LOG") 2>&1 &
RUN=$!

unfinished() {
  # "◇ Test NAME started." without a later "✔/✘ Test NAME … passed/failed after …".
  python3 - "$LOG" <<'PY'
import re, sys
started, done = [], set()
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    line = line.rstrip("\n")
    m = re.match(r"^◇ Test (?!case )(.+) started\.$", line)
    if m:
        started.append(m.group(1)); continue
    m = re.match(r"^[✔✘] Test (.+?)(?: with \d+ test cases?)? (?:passed|failed) after", line)
    if m:
        done.add(m.group(1))
left = [name for name in dict.fromkeys(started) if name not in done]
print("\n".join("  " + name for name in left) if left else "  (none: the run hangs outside a test)")
PY
}

diagnose() {
  echo
  echo "swift-test: WATCHDOG: still running after ${LIMIT} s; tests that started and did not finish:"
  unfinished
  echo "swift-test: processes of the run:"
  ps -s "$RUN" -o pid,ppid,etime,stat,args --forest 2>/dev/null | cut -c1-200 | head -40
  if command -v gdb >/dev/null 2>&1; then
    for pid in $(ps -s "$RUN" -o pid=,args= 2>/dev/null | awk '/xctest|PackageTests/ {print $1}'); do
      echo "swift-test: threads of test runner $pid:"
      timeout 120 gdb -p "$pid" -batch -ex "thread apply all bt 25" 2>/dev/null \
        | grep -E "^(Thread|#)" | grep -vE " in (__GI_|__futex|futex_|syscall|pthread_cond_)" | cut -c1-220 | head -400
    done
  fi
}

while kill -0 "$RUN" 2>/dev/null; do
  if (( SECONDS >= LIMIT )); then
    diagnose
    kill -KILL -- "-$RUN" 2>/dev/null
    wait "$RUN" 2>/dev/null
    echo "swift-test: FAIL: killed after ${LIMIT} s (output in $LOG)"
    exit 124
  fi
  sleep 5
done
wait "$RUN"
status=$?
# Anything the run started and left behind (a server, a console) goes with it.
pkill -KILL -s "$RUN" 2>/dev/null || true
exit $status
