#!/usr/bin/env bash
# End-to-end test of the real binary in a real terminal (tmux), NO_COLOR=1:
#   start `paygent --demo`, wait for the demo fleet's first approval, approve it with keys,
#   kill the runaway session with keys, then check through the CLI that the store recorded
#   exactly those decisions, that `y` put the session's id on the clipboard (OSC 52, which tmux
#   turns into a paste buffer), and that the terminal was restored after `q`.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${PAYGENT_BIN:-.build/debug/paygent}")
command -v tmux >/dev/null || { echo "console-tmux: tmux is not installed"; exit 1; }
WORK=$(mktemp -d)
DB="$WORK/demo.sqlite"
SOCK="$WORK/tmux.sock"
T="tmux -S $SOCK"
cleanup() { $T kill-server >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
fail() { echo "console-tmux: FAIL: $*"; echo "--- screen:"; $T capture-pane -p -t e2e 2>/dev/null | sed 's/^/  | /' || true; exit 1; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
screen() { $T capture-pane -p -t e2e; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  for _ in $(seq 1 $((limit * 4))); do if "$@" >/dev/null 2>&1; then return 0; fi; sleep 0.25; done
  fail "timed out after ${limit}s waiting for $what"
}

mkdir -p "$WORK/config/paygent"
printf 'clipboard = true\n' > "$WORK/config/paygent/config.toml"
$T -f /dev/null new-session -d -s e2e -x 160 -y 48 "bash --norc --noprofile"
$T set-option -g set-clipboard on
$T send-keys -t e2e "export NO_COLOR=1 LANG=C.UTF-8 XDG_CONFIG_HOME=$WORK/config PS1='e2e\$ '; stty -a | head -2 > $WORK/stty-before" Enter
$T send-keys -t e2e "$BIN --demo --database $DB; echo EXIT=\$? > $WORK/exit; stty -a > $WORK/stty-after" Enter

on_screen() { screen | grep -q -- "$1"; }
pending() { "$BIN" approvals list --database "$DB" --json | json "d['requests'][0]['id'] if d['requests'] else ''"; }
has_pending() { [ -n "$(pending)" ]; }
approval_is() { [ "$("$BIN" approvals show "$1" --database "$DB" --json | json "d['decision']")" = "$2" ]; }
session_is() { [ "$("$BIN" sessions show "$1" --database "$DB" --json | json "d['status']")" = "$2" ]; }
wait_for 60 "the console" on_screen "Sessions"
wait_for 120 "the first approval request" has_pending
APPROVAL=$(pending)
echo "console-tmux: first approval $APPROVAL"

# Approve it: focus Approvals (3), the oldest is selected; `a`; confirm if a dialog asks.
$T send-keys -t e2e 3; sleep 0.5
$T send-keys -t e2e a; sleep 0.8
if on_screen "Cancel"; then $T send-keys -t e2e Right; sleep 0.2; $T send-keys -t e2e Enter; fi
wait_for 20 "the approval to be recorded" approval_is "$APPROVAL" approved

# Kill the runaway session: `:session runaway-loop` opens it, `K` asks, Cancel is focused.
RUNAWAY=$("$BIN" sessions list --database "$DB" --json | json "[s['id'] for s in d['sessions'] if s.get('name')=='runaway-loop'][0]")
$T send-keys -t e2e ":session runaway-loop" Enter; sleep 0.8
$T send-keys -t e2e K; sleep 0.8
on_screen "Cancel" || fail "kill did not open a confirmation dialog"
$T send-keys -t e2e Right; sleep 0.2; $T send-keys -t e2e Enter
wait_for 20 "the kill to be recorded" session_is "$RUNAWAY" killed

# Exactly those decisions: the approval approved by the console, the session killed by the console.
[ "$("$BIN" approvals show "$APPROVAL" --database "$DB" --json | json "d['decision'] + ' by ' + str(d.get('decided_by'))")" = "approved by console" ] || fail "approval not approved by the console"
[ "$("$BIN" sessions show "$RUNAWAY" --database "$DB" --json | json "d['status'] + ' by ' + str(d.get('status_changed_by'))")" = "killed by console" ] || fail "runaway not killed by the console"
OTHERS=$("$BIN" sessions list --database "$DB" --json | json "sum(1 for s in d['sessions'] if s['status']=='killed')")
[ "$OTHERS" = "1" ] || fail "expected exactly one killed session, found $OTHERS"

# `y` on the session's detail view copies its id: OSC 52 reaches tmux, which keeps it as a buffer.
$T send-keys -t e2e Escape; sleep 0.3
$T send-keys -t e2e ":session runaway-loop" Enter; sleep 0.8
$T send-keys -t e2e y
copied() { [ "$($T show-buffer 2>/dev/null)" = "$RUNAWAY" ]; }
wait_for 10 "the session id on the clipboard" copied

# Quit and check the terminal is back to a sane state (echo and canonical mode on).
$T send-keys -t e2e Escape; sleep 0.3; $T send-keys -t e2e q
wait_for 20 "the console to exit" test -f "$WORK/exit"
grep -q "EXIT=0" "$WORK/exit" || fail "console exited with $(cat "$WORK/exit")"
wait_for 5 "stty output" test -s "$WORK/stty-after"
grep -qw -- "-icanon" "$WORK/stty-after" && fail "terminal left in raw mode"
grep -qw -- "-echo" "$WORK/stty-after" && fail "terminal left without echo"
echo "console-tmux: approved $APPROVAL and killed $RUNAWAY by keypress; copied its id with y; terminal restored"
