#!/usr/bin/env bash
# End-to-end: the console and the CLI against `paygent serve` (remote mode), in tmux, NO_COLOR=1.
#   1. `paygent serve --demo` on a free port; `paygent tokens create --server` issues two operator
#      tokens and a viewer token; a wrong token is one line on stderr naming the server (exit 2,
#      no screen); a viewer token opens a read-only console.
#   2. Two remote consoles (operators A and B). When the demo's big-spender asks for approval,
#      B opens the approve dialog, A approves; B confirms and is told the conflict and who decided
#      (A's token); the approval disappears from B's pane; the store (through `--server`) holds
#      exactly one decision, A's.
#   3. The server is killed (SIGKILL) while A follows events: A says "reconnecting" and keeps its
#      data; events written meanwhile (the CLI on the store) and after the restart (same port, same
#      store) all arrive: A's Events pane shows consecutive sequence numbers, none twice, up to the
#      log's last.
# Every wait is bounded. Env: PAYGENT_BIN, VENV_PY.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${PAYGENT_BIN:-.build/debug/paygent}")
VENV_PY=${VENV_PY:-python3}
source scripts/lib/net.sh
command -v tmux >/dev/null || { echo "console-remote-tmux: tmux is not installed"; exit 1; }
WORK=$(mktemp -d)
SOCK="$WORK/tmux.sock"
T="tmux -S $SOCK"
SERVER_PID=""
cleanup() {
  $T kill-server >/dev/null 2>&1 || true
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  sleep 0.2; [ -n "${KEEP_WORK:-}" ] && echo "kept $WORK" || rm -rf "$WORK" 2>/dev/null || true
}
trap cleanup EXIT
fail() {
  echo "console-remote-tmux: FAIL: $*"
  for w in 0 1 2; do echo "--- window $w:"; $T capture-pane -p -t remote:$w 2>/dev/null | sed 's/^/  | /' || true; done
  echo "--- server:"; tail -20 "$WORK/serve.log" 2>/dev/null | sed 's/^/  | /' || true
  exit 1
}
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  for _ in $(seq 1 $((limit * 10))); do if "$@" >/dev/null 2>&1; then return 0; fi; sleep 0.1; done
  fail "timed out after ${limit}s waiting for $what"
}
json() { "$VENV_PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share" NO_COLOR=1 LANG=C.UTF-8
unset PAYGENT_DATABASE PAYGENT_KEY_FILE PAYGENT_SERVER PAYGENT_TOKEN
mkdir -p "$HOME"
DB="$WORK/demo.sqlite"
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
start_server() { # start_server [--demo]
  "$BIN" serve "$@" --database "$DB" --port "$PORT" >> "$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  wait_http "$URL/health" 60 || fail "paygent serve did not start"
}

# 1. The server, its tokens, a wrong token, a viewer.
start_server --demo
ADMIN=$(grep -A1 'shown only this once' "$WORK/serve.log" | tail -1 | tr -d ' ')
[ -n "$ADMIN" ] || fail "serve printed no admin token"
token() { "$BIN" tokens create --role "$1" --name "$2" --server "$URL" --token "$ADMIN" --json | json 'd["secret"]'; }
OP_A=$(token operator alice); OP_B=$(token operator bob); VIEWER=$(token viewer watcher)
ACTOR_A=$("$BIN" tokens list --server "$URL" --token "$ADMIN" --json | json '[("api:operator:"+t["id"]) for t in d["tokens"] if t["name"]=="alice"][0]')

set +e
"$BIN" --server "$URL" --token pgt_wrong > "$WORK/wrong.out" 2> "$WORK/wrong.err" < /dev/null
STATUS=$?
set -e
[ "$STATUS" -eq 2 ] || fail "a wrong token exited $STATUS, not 2"
[ "$(wc -l < "$WORK/wrong.err")" -eq 1 ] || fail "a wrong token printed $(wc -l < "$WORK/wrong.err") lines: $(cat "$WORK/wrong.err")"
grep -q "paygent server 127.0.0.1:$PORT refused the token" "$WORK/wrong.err" || fail "the wrong-token error does not name the server: $(cat "$WORK/wrong.err")"
[ ! -s "$WORK/wrong.out" ] || fail "a wrong token drew something on stdout"

$T -f /dev/null new-session -d -s remote -x 160 -y 48 "bash --norc --noprofile"
$T new-window -t remote:1 "bash --norc --noprofile"
$T new-window -t remote:2 "bash --norc --noprofile"
on() { $T capture-pane -p -t "remote:$1" | grep -q -- "$2"; }
$T send-keys -t remote:2 "$BIN --server $URL --token $VIEWER" Enter
wait_for 30 "the viewer console" on 2 "server 127.0.0.1:$PORT"
wait_for 10 "the viewer console to be read-only" on 2 "read-only"
$T send-keys -t remote:2 q
# Contexts: `--context demo` from config.toml (token_file), `:ctx` lists, tab completes, switches live.
sleep 0.5
mkdir -p "$XDG_CONFIG_HOME/paygent"
echo "$OP_B" > "$WORK/demo.token"
printf '[contexts.demo]\nserver_url = "%s"\ntoken_file = "%s"\n' "$URL" "$WORK/demo.token" > "$XDG_CONFIG_HOME/paygent/config.toml"
$T send-keys -t remote:2 "$BIN --context demo" Enter
wait_for 30 "the console on context demo" on 2 "demo · server 127.0.0.1:$PORT"
$T send-keys -t remote:2 ":ctx" Enter
wait_for 10 "the context list" on 2 "contexts: local, demo (current)"
$T send-keys -t remote:2 ":ctx lo" Tab
wait_for 10 "tab completion of :ctx" on 2 ":ctx local"
$T send-keys -t remote:2 Enter
wait_for 30 "the switch to the local store" on 2 "local · embedded"
$T send-keys -t remote:2 ":ctx demo" Enter
wait_for 30 "the switch back to the server" on 2 "demo · server 127.0.0.1:$PORT"
wait_for 10 "the server's sessions after the switch" on 2 "big-spender"
$T send-keys -t remote:2 q
rm "$XDG_CONFIG_HOME/paygent/config.toml"

# An agent run on the server, printed as a local run is.
"$BIN" agent run --server "$URL" --token "$ADMIN" "Pay 0.01 USDC to access the crypto ticker" > "$WORK/agent.out" 2>&1 \
  || fail "agent run --server failed: $(cat "$WORK/agent.out")"
grep -q "run on server 127.0.0.1:$PORT" "$WORK/agent.out" || fail "agent run --server did not say where it runs: $(cat "$WORK/agent.out")"
grep -q "✓ x402_fetch .*Paid 0.01 USDC" "$WORK/agent.out" || fail "agent run --server shows no paid tool call: $(cat "$WORK/agent.out")"
grep -q "✔ completed" "$WORK/agent.out" || fail "agent run --server did not complete: $(cat "$WORK/agent.out")"

# 2. Two operators, one approval.
$T send-keys -t remote:0 "$BIN --server $URL --token $OP_A; echo EXIT=\$? > $WORK/exit-a" Enter
$T send-keys -t remote:1 "$BIN --server $URL --token $OP_B; echo EXIT=\$? > $WORK/exit-b" Enter
wait_for 30 "console A live" on 0 "live"
wait_for 30 "console B live" on 1 "live"
pending() { "$BIN" approvals list --server "$URL" --token "$ADMIN" --json | json 'd["requests"][0]["id"] if d["requests"] else ""'; }
has_pending() { [ -n "$(pending)" ]; }
wait_for 90 "the demo's big-spender to ask for approval" has_pending
APPROVAL=$(pending)
# The Approvals pane at this width shows amount and session: the big-spender's 12.00 USDC.
SHORT="12.00 USDC big-spender"
wait_for 10 "the approval in console A" on 0 "$SHORT"
wait_for 10 "the approval in console B" on 1 "$SHORT"
# B opens the approve dialog (12 USD is above confirm_above: it asks), then A approves first.
$T send-keys -t remote:1 3; sleep 0.3; $T send-keys -t remote:1 a
wait_for 10 "B's approve dialog" on 1 "Cancel"
$T send-keys -t remote:0 3; sleep 0.3; $T send-keys -t remote:0 a
wait_for 10 "A's approve dialog" on 0 "Cancel"
$T send-keys -t remote:0 Right; sleep 0.2; $T send-keys -t remote:0 Enter
decided() { "$BIN" approvals show "$APPROVAL" --server "$URL" --token "$ADMIN" --json | json 'd["decision"]' | grep -q approved; }
wait_for 10 "A's approval on the server" decided
gone_from() { ! $T capture-pane -p -t "remote:$1" | grep -q -- "$SHORT"; }
wait_for 10 "the approval to leave console A" gone_from 0
# B confirms its stale dialog: the server refuses, saying who decided.
$T send-keys -t remote:1 Right; sleep 0.2; $T send-keys -t remote:1 Enter
wait_for 10 "the conflict in console B" on 1 "already approved by $ACTOR_A"
wait_for 10 "the approval to leave console B" gone_from 1
COUNT=$(curl -s -H "Authorization: Bearer $ADMIN" "$URL/api/v1/events/page?type=approval.approved,approval.rejected,approval.edited&limit=1000" \
  | json "len([e for e in d['events'] if e['subject_id']=='$APPROVAL'])")
[ "$COUNT" -eq 1 ] || fail "the store recorded $COUNT decisions on $APPROVAL"
BY=$("$BIN" approvals show "$APPROVAL" --server "$URL" --token "$ADMIN" --json | json 'd["decided_by"]')
[ "$BY" = "$ACTOR_A" ] || fail "decided by $BY, not A ($ACTOR_A)"
$T send-keys -t remote:1 q

# 3. Kill the server while A follows; write while it is down; restart; catch up.
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
wait_for 20 "console A to say reconnecting" on 0 "reconnecting"
on 0 "Sessions" || fail "console A dropped its panes while disconnected"
for n in 1 2 3; do "$BIN" sessions create --name "offline-$n" --database "$DB" > /dev/null; done
start_server
for n in 1 2 3; do "$BIN" sessions create --name "online-$n" --server "$URL" --token "$ADMIN" > /dev/null; done
LAST=$(curl -s -H "Authorization: Bearer $ADMIN" "$URL/api/v1/overview" | json 'd["latest_seq"]')
wait_for 30 "console A live again" on 0 "live"
# Events pane zoomed: the tail must be every sequence once, ending at the log's last.
$T send-keys -t remote:0 2; sleep 0.2; $T send-keys -t remote:0 z
wait_for 20 "the last event ($LAST) in console A" on 0 " $LAST "
$T capture-pane -p -t remote:0 > "$WORK/events.txt"
"$VENV_PY" - "$WORK/events.txt" "$LAST" <<'PY' || fail "the Events pane is not every sequence once: $(cat "$WORK/events.txt")"
import re, sys
lines = open(sys.argv[1]).read().splitlines()
last = int(sys.argv[2])
# The SEQ column is right-aligned under its header; session names may contain spaces, so the
# column is read by position, not by splitting on whitespace.
header = next(line for line in lines if "SEQ" in line and "TIME" in line)
end = header.index("SEQ") + len("SEQ")
seqs = []
for line in lines:
    if re.match(r"^\W*\d\d:\d\d:\d\d\s", line):
        m = re.search(r"(\d+)$", line[:end])
        if m: seqs.append(int(m.group(1)))
assert len(seqs) >= 10, f"only {len(seqs)} event rows visible"
assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), f"not consecutive: {seqs}"
assert seqs[-1] == last, f"ends at {seqs[-1]}, the log at {last}"
PY
$T send-keys -t remote:0 q
wait_for 20 "console A to exit" test -f "$WORK/exit-a"
grep -q "EXIT=0" "$WORK/exit-a" || fail "console A exited with $(cat "$WORK/exit-a")"
echo "console-remote-tmux: wrong token one line; viewer read-only; one decision between two remote consoles, conflict named; kill -9 + restart caught up with every sequence once"
