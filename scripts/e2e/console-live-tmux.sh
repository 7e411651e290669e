#!/usr/bin/env bash
# End-to-end: a fresh user's set-up, a console watching another terminal's agent, NO_COLOR=1.
#   `paygent init --yes --network devnet` in a temporary HOME; `paygent` on that (non-demo) store
#   shows "Nothing waiting"; in a second tmux window `paygent agent run` pays
#   `paygent demo-services serve` above the approval threshold, with no flags; the console shows
#   the approval live, it is approved by keypress, and the agent run in the other window completes.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${PAYGENT_BIN:-.build/debug/paygent}")
VENV_PY=${VENV_PY:-python3}
source scripts/lib/net.sh
command -v tmux >/dev/null || { echo "console-live-tmux: tmux is not installed"; exit 1; }
WORK=$(mktemp -d)
SOCK="$WORK/tmux.sock"
T="tmux -S $SOCK"
SERVER_PID=""
cleanup() {
  $T kill-server >/dev/null 2>&1 || true
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  sleep 0.2; rm -rf "$WORK" 2>/dev/null || true
}
trap cleanup EXIT
fail() {
  echo "console-live-tmux: FAIL: $*"
  echo "--- console:"; $T capture-pane -p -t live:0 2>/dev/null | sed 's/^/  | /' || true
  echo "--- agent:"; $T capture-pane -p -t live:1 2>/dev/null | sed 's/^/  | /' || true
  exit 1
}
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  for _ in $(seq 1 $((limit * 4))); do if "$@" >/dev/null 2>&1; then return 0; fi; sleep 0.25; done
  fail "timed out after ${limit}s waiting for $what"
}
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share" NO_COLOR=1 LANG=C.UTF-8
unset PAYGENT_DATABASE PAYGENT_KEY_FILE
mkdir -p "$HOME"

# 1. Set up as a new user would: devnet, a new key, approvals above 0.005 USD.
"$BIN" init --yes --network devnet --new-key --daily-limit 5.00 --approval-threshold 0.005 > "$WORK/init.out" || fail "init failed: $(cat "$WORK/init.out")"
WALLET=$(grep '^address' "$XDG_CONFIG_HOME/paygent/config.toml" | head -1 | cut -d'"' -f2)
[ -n "$WALLET" ] || fail "init wrote no wallet address"
PORT=$(free_port)
"$BIN" demo-services serve --port "$PORT" --fund "$WALLET=10" > "$WORK/services.log" 2>&1 &
SERVER_PID=$!
wait_http "http://127.0.0.1:$PORT/news" 30 || fail "demo services did not start: $(cat "$WORK/services.log")"

# 2. The console on the fresh store: nothing pending, and it says so.
$T -f /dev/null new-session -d -s live -x 160 -y 48 "bash --norc --noprofile"
$T send-keys -t live:0 "export PS1='e2e\$ '; $BIN; echo EXIT=\$? > $WORK/exit" Enter
on_console() { $T capture-pane -p -t live:0 | grep -q -- "$1"; }
wait_for 30 "the console" on_console "Sessions"
wait_for 10 "the empty Approvals pane" on_console "Nothing waiting for you"
on_console "Loading" && fail "a pane still says Loading… on a fresh store"

# 3. Another terminal: an agent run above the threshold (the news costs 0.01), no flags.
$T new-window -t live:1 "bash --norc --noprofile"
$T send-keys -t live:1 "$BIN agent run 'Pay 0.05 USDC for http://127.0.0.1:$PORT/news' > $WORK/agent.out 2>&1; echo AGENT=\$? > $WORK/agent.exit" Enter
agent_waits() { grep -q "approval needed" "$WORK/agent.out"; }
wait_for 60 "the agent to ask for approval" agent_waits
# The console shows it live (its subscription follows the other process's commits).
wait_for 10 "the approval in the console" on_console "approval.requested"
wait_for 10 "the session awaiting approval" on_console "awaiting"
wait_for 10 "the agent's session in the console" on_console "cli agent"

# 4. Approve by keypress: focus Approvals (3), `a`; confirm if a dialog asks.
$T send-keys -t live:0 3; sleep 0.3
$T send-keys -t live:0 a; sleep 0.6
if on_console "Cancel"; then $T send-keys -t live:0 Right; sleep 0.2; $T send-keys -t live:0 Enter; fi
agent_done() { test -f "$WORK/agent.exit"; }
wait_for 60 "the agent run to finish" agent_done
grep -q "AGENT=0" "$WORK/agent.exit" || fail "agent run failed: $(cat "$WORK/agent.out")"
grep -q "approval.approved by console" "$WORK/agent.out" || fail "the agent did not see the console's approval: $(cat "$WORK/agent.out")"
grep -q "settled" "$WORK/agent.out" || fail "no payment settled: $(cat "$WORK/agent.out")"
wait_for 10 "the settled payment in the console" on_console "confirmed"

$T send-keys -t live:0 q
wait_for 20 "the console to exit" test -f "$WORK/exit"
grep -q "EXIT=0" "$WORK/exit" || fail "console exited with $(cat "$WORK/exit")"
echo "console-live-tmux: fresh set-up; approval from another terminal's agent approved by keypress; run completed and shown live"
