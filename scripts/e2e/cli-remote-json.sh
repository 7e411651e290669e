#!/usr/bin/env bash
# The control-plane CLI embedded and remote print the same: for one store state, every read command
# gives byte-identical `--json` (and text) with `--database` and with `--server` against a
# `paygent serve` on that store; commands run remotely too (`sessions pause`, `pause`/`resume`,
# `policy set`), recorded under the server's token; `payments resolve` is refused with --server;
# `--server` plus `--database` is refused; PAYGENT_SERVER/PAYGENT_TOKEN and `server_url`/`token` in
# config.toml are used when no flag is given; an unreachable server is one line naming it.
# Every wait is bounded. Env: PAYGENT_BIN, VENV_PY.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${PAYGENT_BIN:-.build/debug/paygent}")
VENV_PY=${VENV_PY:-python3}
source scripts/lib/net.sh
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  [ -n "${KEEP_WORK:-}" ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "cli-remote-json: FAIL: $*"; tail -5 "$WORK/serve.log" 2>/dev/null | sed 's/^/  | /'; exit 1; }
json() { "$VENV_PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share" NO_COLOR=1 LANG=C.UTF-8
unset PAYGENT_DATABASE PAYGENT_KEY_FILE PAYGENT_SERVER PAYGENT_TOKEN
mkdir -p "$HOME"
DB="$WORK/store.sqlite"
L=(--database "$DB")

# A store state made through the local CLI.
"$BIN" policy set --daily-limit 40.00 --approval-threshold 2.50 --default-wallet 0x1111111111111111111111111111111111111111 "${L[@]}" > /dev/null
S1=$("$BIN" sessions create --name "research" --budget 5.00 "${L[@]}" --json | json 'd["id"]')
"$BIN" sessions create --name "ops" --user bob "${L[@]}" > /dev/null
"$BIN" sessions kill "$S1" --reason "done" "${L[@]}" > /dev/null
SVC=$("$BIN" services add --name "Ticker" --endpoint "https://ticker.test/q" --price 0.05 --category market-data "${L[@]}" --json | json 'd["id"]')
"$BIN" services add --name "News" --endpoint "https://news.test/n" --price 0.10 "${L[@]}" > /dev/null

PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
"$BIN" serve --database "$DB" --port "$PORT" > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!
wait_http "$URL/health" 60 || fail "paygent serve did not start"
ADMIN=$(grep -A1 'shown only this once' "$WORK/serve.log" | tail -1 | tr -d ' ')
[ -n "$ADMIN" ] || fail "serve printed no admin token"
R=(--server "$URL" --token "$ADMIN")

same() { # same ARGS...: local and remote output byte-identical, text and --json
  local name; name=$(echo "$*" | tr ' /' '__')
  "$BIN" "$@" "${L[@]}" > "$WORK/$name.local" 2> "$WORK/$name.local.err" || fail "local $* failed: $(cat "$WORK/$name.local.err")"
  "$BIN" "$@" "${R[@]}" > "$WORK/$name.remote" 2> "$WORK/$name.remote.err" || fail "remote $* failed: $(cat "$WORK/$name.remote.err")"
  cmp -s "$WORK/$name.local" "$WORK/$name.remote" || fail "$* differs: $(diff "$WORK/$name.local" "$WORK/$name.remote" | head -20)"
  [ -s "$WORK/$name.local" ] || fail "$* printed nothing"
}
checked=0
for args in "sessions list" "sessions show $S1" "approvals list" "payments list" "payments stats" "services discover" \
            "services show $SVC" "policy show" "tokens list" "wallet allowance" "wallet balance"; do
  # shellcheck disable=SC2086
  same $args --json; same $args; checked=$((checked + 2))
done

# Commands through the server, recorded under its token.
S2=$("$BIN" sessions list --user bob "${R[@]}" --json | json 'd["sessions"][0]["id"]')
"$BIN" sessions pause "$S2" --reason "look" "${R[@]}" --json | json 'd["status"]' | grep -qx paused || fail "remote pause did not pause"
BY=$("$BIN" sessions show "$S2" "${L[@]}" --json | json 'd["status_changed_by"]')
case "$BY" in api:admin:tok_*) ;; *) fail "a remote command was recorded as $BY, not the server's token";; esac
"$BIN" pause --reason "drill" "${R[@]}" > /dev/null
"$BIN" policy show "${L[@]}" --json > /dev/null
[ "$("$BIN" sessions list "${L[@]}" --json | json 'd["total"]')" = 2 ] || fail "sessions changed unexpectedly"
"$BIN" resume "${R[@]}" > /dev/null
"$BIN" policy set --daily-limit 41.00 "${R[@]}" > /dev/null
[ "$("$BIN" policy show "${L[@]}" --json | json 'd["wallet_daily_limit_usd"]')" = "41.00" ] || fail "remote policy set did not persist"
same sessions show "$S2" --json; checked=$((checked + 1))

# Environment and config instead of flags.
PAYGENT_SERVER="$URL" PAYGENT_TOKEN="$ADMIN" "$BIN" sessions list --json > "$WORK/env.json"
cmp -s "$WORK/env.json" <("$BIN" sessions list --json "${L[@]}") || fail "PAYGENT_SERVER/PAYGENT_TOKEN output differs"
mkdir -p "$XDG_CONFIG_HOME/paygent"
printf 'server_url = "%s"\ntoken = "%s"\n' "$URL" "$ADMIN" > "$XDG_CONFIG_HOME/paygent/config.toml"
"$BIN" sessions list --json > "$WORK/config.json"
cmp -s "$WORK/config.json" <("$BIN" sessions list --json "${L[@]}") || fail "server_url/token in config.toml output differs"
# Contexts: [contexts.NAME] with token or token_file; `local` is the store.
echo "$ADMIN" > "$WORK/admin.token"
printf '[contexts.prod]\nserver_url = "%s"\ntoken_file = "%s"\n[contexts.inline]\nserver_url = "%s"\ntoken = "%s"\n' \
  "$URL" "$WORK/admin.token" "$URL" "$ADMIN" > "$XDG_CONFIG_HOME/paygent/config.toml"
for ctx in prod inline; do
  "$BIN" sessions list --json --context "$ctx" > "$WORK/ctx.json"
  cmp -s "$WORK/ctx.json" <("$BIN" sessions list --json "${L[@]}") || fail "--context $ctx output differs"
done
PAYGENT_DATABASE="$DB" "$BIN" sessions list --json --context local > "$WORK/ctx.json"
cmp -s "$WORK/ctx.json" <("$BIN" sessions list --json "${L[@]}") || fail "--context local is not the local store"
rm "$XDG_CONFIG_HOME/paygent/config.toml"

# Refusals: one line each, exit 2.
refused() { # refused TEXT ARGS...
  local text=$1; shift
  set +e; "$BIN" "$@" > "$WORK/refused.out" 2> "$WORK/refused.err"; local status=$?; set -e
  [ "$status" -eq 2 ] || fail "$* exited $status, not 2"
  [ "$(wc -l < "$WORK/refused.err")" -eq 1 ] || fail "$* printed $(wc -l < "$WORK/refused.err") lines on stderr: $(cat "$WORK/refused.err")"
  grep -q -- "$text" "$WORK/refused.err" || fail "$*: '$text' not in: $(cat "$WORK/refused.err")"
}
refused "not both" sessions list --server "$URL" --database "$DB"
refused "local store only" payments resolve pay_x --failed "gone" "${R[@]}"
refused "refused the token" sessions list --server "$URL" --token pgt_wrong
refused "role may not" pause "${R[0]}" "${R[1]}" --token "$("$BIN" tokens create --role viewer "${R[@]}" --json | json 'd["secret"]')"
DEAD=$(free_port)
refused "cannot connect to paygent server 127.0.0.1:$DEAD" sessions list --server "http://127.0.0.1:$DEAD" --token x
refused "server" sessions list --server "ftp://nope" --token x
printf '[contexts.prod]\nserver_url = "%s"\ntoken_file = "%s"\n' "$URL" "$WORK/missing.token" > "$XDG_CONFIG_HOME/paygent/config.toml"
refused "no context nope" sessions list --context nope
refused "known: local, prod" sessions list --context nope
refused "cannot read token_file" sessions list --context prod
refused "not both" sessions list --context prod --server "$URL"
printf '[contexts.local]\nserver_url = "%s"\n' "$URL" > "$XDG_CONFIG_HOME/paygent/config.toml"
refused "local" sessions list --context local
printf '[contexts.x]\ntoken = "t"\n' > "$XDG_CONFIG_HOME/paygent/config.toml"
refused "needs server_url" sessions list --context x
rm "$XDG_CONFIG_HOME/paygent/config.toml"
echo "cli-remote-json: $checked outputs byte-identical embedded and remote; remote commands, env, config and refusals checked"
