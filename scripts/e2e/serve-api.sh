#!/usr/bin/env bash
# `paygent serve` end to end: the real binary over curl, the OpenAPI document through
# openapi-spec-validator, and a bounded, seeded schemathesis run.
#   1. A fresh HOME, no demo: the first start prints an admin token once; GET /health answers
#      without a token; 401 without a token and with a wrong one; `paygent tokens create` (the CLI,
#      on the same store while the server runs) issues a viewer token that works over HTTP, is
#      refused a POST (403), is listed without its secret, and gets 401 once `paygent tokens
#      revoke`d; an Idempotency-Key retry answers the first result; a second start prints no new
#      token; --host 0.0.0.0 without --public is refused (exit 2); SIGTERM stops it (exit 0).
#   2. `paygent serve --demo`: discover answers with the demo catalogue; the document at
#      /api/v1/openapi.json validates; schemathesis (seed 42, a few examples per operation, every
#      route but the endless SSE streams and the routes that make the server call a URL the fuzzer
#      would invent — those have their own tests — admin token) finds no 500 and every answer matches its documented status, content
#      type and schema; the server still answers /health afterwards.
# Listens on 127.0.0.1 only (free ports). Env: PAYGENT_BIN, VENV_PY (with openapi-spec-validator and
# schemathesis, from scripts/venv.sh).
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${PAYGENT_BIN:-.build/debug/paygent}")
: "${VENV_PY:?set VENV_PY}"
VENV_BIN=$(cd "$(dirname "$VENV_PY")" && pwd)
WORK=$(mktemp -d)
PIDS=()
failures=0
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  [ -n "${KEEP_WORK:-}" ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
ok()   { echo "ok: $1"; }
fail() { echo "FAIL: $1${2:+ ($2)}"; failures=$((failures + 1)); }
expect() { if eval "$2"; then ok "$1"; else fail "$1" "${3:-}"; fi; }
. scripts/lib/net.sh  # free_port, wait_http

# start_serve NAME ARGS...: starts `paygent serve` in the background (HOME=$WORK/home), waits for
# its "listening" line; sets SERVE_PID, BASE and (when printed) TOKEN.
start_serve() {
  local name=$1; shift
  HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/data" "$BIN" serve "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  SERVE_PID=$!
  PIDS+=("$SERVE_PID")
  for _ in $(seq 1 300); do
    grep -q "listening on" "$WORK/$name.out" 2>/dev/null && break
    kill -0 "$SERVE_PID" 2>/dev/null || break
    sleep 0.1
  done
  BASE=$(grep -o 'listening on http://[0-9.:]*' "$WORK/$name.out" | head -1 | sed 's/listening on //')
  TOKEN=$(grep -o 'pgt_[0-9a-f]\{64\}' "$WORK/$name.out" | head -1)
}
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

mkdir -p "$WORK/home"
DB="$WORK/home/data/paygent/paygent.sqlite"

# 1. Fresh HOME, no demo.
PORT=$(free_port)
start_serve fresh --port "$PORT"
expect "fresh start listens on 127.0.0.1:$PORT" '[ "$BASE" = "http://127.0.0.1:$PORT" ]' "$(cat "$WORK/fresh.err")"
expect "fresh start prints an admin token once" '[ -n "$TOKEN" ] && [ "$(grep -c pgt_ "$WORK/fresh.out")" -ge 1 ]'
ADMIN=$TOKEN
expect "GET /health without a token: 200" '[ "$(status "$BASE/health")" = 200 ]'
expect "discover without a token: 401" '[ "$(status "$BASE/api/v1/services/discover")" = 401 ]'
expect "discover with a wrong token: 401" '[ "$(status -H "Authorization: Bearer pgt_nope" "$BASE/api/v1/services/discover")" = 401 ]'
BODY=$(curl -s -H "Authorization: Bearer $ADMIN" "$BASE/api/v1/services/discover")
expect "discover with the admin token: an empty page" '[ "$BODY" = "{\"limit\":20,\"offset\":0,\"services\":[],\"total\":0}" ]' "$BODY"
BODY=$(curl -s -H "Authorization: Bearer $ADMIN" "$BASE/api/v1/payments/history?limit=1000")
expect "limit=1000: 422 naming limit" 'echo "$BODY" | grep -q "\"field\":\"limit\""' "$BODY"
VIEWER=$("$BIN" tokens create --role viewer --name grafana --database "$DB" --json | "$VENV_PY" -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
expect "tokens create (CLI, server running) prints a secret" '[[ "$VIEWER" == pgt_* ]]'
expect "the viewer token reads over HTTP" '[ "$(status -H "Authorization: Bearer $VIEWER" "$BASE/api/v1/approvals/pending")" = 200 ]'
expect "the viewer token may not register a service: 403" \
  '[ "$(status -X POST -H "Authorization: Bearer $VIEWER" -d "{\"name\":\"x\",\"endpoint\":\"https://x.test\",\"price_amount\":\"1\"}" "$BASE/api/v1/services")" = 403 ]'
LIST=$("$BIN" tokens list --database "$DB" --json)
expect "tokens list shows both tokens and no secret" \
  'echo "$LIST" | grep -q grafana && echo "$LIST" | grep -q initial-admin && ! echo "$LIST" | grep -q "$VIEWER"' "$LIST"
VIEWER_ID=$(echo "$LIST" | "$VENV_PY" -c 'import json,sys; print([t["id"] for t in json.load(sys.stdin)["tokens"] if t["name"]=="grafana"][0])')
"$BIN" tokens revoke "$VIEWER_ID" --database "$DB" >/dev/null
expect "a revoked token: 401" '[ "$(status -H "Authorization: Bearer $VIEWER" "$BASE/api/v1/approvals/pending")" = 401 ]'
CREATED=$(curl -s -X POST -H "Authorization: Bearer $ADMIN" -H "Idempotency-Key: svc-1" -d '{"name":"News","endpoint":"https://news.test","price_amount":0.02}' "$BASE/api/v1/services")
AGAIN=$(curl -s -X POST -H "Authorization: Bearer $ADMIN" -H "Idempotency-Key: svc-1" -d '{"name":"News","endpoint":"https://news.test","price_amount":0.02}' "$BASE/api/v1/services")
expect "an Idempotency-Key retry returns the first answer" '[ -n "$CREATED" ] && [ "$CREATED" = "$AGAIN" ] && echo "$CREATED" | grep -q "\"price_amount\":\"0.02\""' "$AGAIN"
kill -TERM "$SERVE_PID"; wait "$SERVE_PID"; rc=$?
expect "SIGTERM stops the server gracefully (exit 0)" '[ "$rc" = 0 ] && grep -q "stopped" "$WORK/fresh.err"' "rc $rc"
start_serve second --port 0
expect "a second start on the same store prints no new token" '[ -n "$BASE" ] && [ -z "$TOKEN" ]'
expect "the first admin token still works after the restart" '[ "$(status -H "Authorization: Bearer $ADMIN" "$BASE/api/v1/tokens")" = 200 ]'
kill -TERM "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null
HOME="$WORK/home" "$BIN" serve --host 0.0.0.0 --port 0 >"$WORK/public.out" 2>&1; rc=$?
expect "--host 0.0.0.0 without --public is refused (exit 2)" '[ "$rc" = 2 ] && grep -q -- "--public" "$WORK/public.out"' "rc $rc: $(cat "$WORK/public.out")"

# 2. The demo, the OpenAPI document and schemathesis.
start_serve demo --port 0 --demo --rate-limit 100000
expect "serve --demo prints its admin token" '[ -n "$TOKEN" ]' "$(cat "$WORK/demo.err")"
BODY=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/services/discover?category=market-data")
expect "serve --demo: discover lists the demo catalogue" 'echo "$BODY" | grep -q "\"services\":\[{" ' "$BODY"
curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/openapi.json" >"$WORK/openapi.json"
OUT=$("$VENV_BIN/openapi-spec-validator" "$WORK/openapi.json" 2>&1)
expect "the OpenAPI 3.1 document validates (openapi-spec-validator)" 'echo "$OUT" | grep -q ": OK"' "$OUT"
(cd "$WORK" && timeout 240 "$VENV_BIN/schemathesis" run "$WORK/openapi.json" --url "$BASE" -H "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing --max-examples 15 --seed 42 --workers 1 --no-color --generation-database none \
  --exclude-path-regex '^/api/v1/(events|ws|agent/execute|agent/execute-step|agent/stream|payments/x402|payments/execute-approved)$' \
  >"$WORK/schemathesis.txt" 2>&1); rc=$?
expect "schemathesis: no 500, every answer matches its schema (seed 42)" '[ "$rc" = 0 ]' \
  "rc $rc: $(grep -E "^(- |    Received|    Documented|\[[0-9]{3}\])" "$WORK/schemathesis.txt" | head -20 | tr '\n' ' ')"
echo "schemathesis: $(grep -A1 "Test cases:" "$WORK/schemathesis.txt" | tail -1 | sed "s/^ *//")"
expect "the server still answers after schemathesis" '[ "$(status "$BASE/health")" = 200 ]'
kill -TERM "$SERVE_PID"; wait "$SERVE_PID"; rc=$?
expect "serve --demo stops on SIGTERM (exit 0)" '[ "$rc" = 0 ]' "rc $rc"

echo "serve-api: $failures failure(s)"
[ "$failures" -eq 0 ]
