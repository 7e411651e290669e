#!/usr/bin/env bash
# x402 interop against `paygent serve --demo`: the reference Python client (PyPI x402 2.25.0)
# pays the paid routes of the demo services the server runs (market data 0.10, ticker 0.01,
# market pulse 0.03 USDC, EIP-3009), settled by the demo's facilitator on the server's store;
# an agent token pays a demo route through POST /api/v1/payments/x402 (the server's wallet,
# under policy) and gets the service's answer; the server's live event stream (GET
# /api/v1/events, curl) shows that payment, its ids consecutive. The demo fleet's own agents are
# held by a global pause (POST /api/v1/control/pause) while the reference client pays, so the
# merchant's balance moves by exactly the reference payments.
# Everything listens on 127.0.0.1 (free ports); the server is stopped on exit. One line per check.
# Env: PAYGENT_BIN (paygent binary), VENV_PY (python with x402[evm,httpx,fastapi]).
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${PAYGENT_BIN:?set PAYGENT_BIN}"
: "${VENV_PY:?set VENV_PY}"
HERE=scripts/interop
INTEROP="$VENV_PY $HERE/x402_interop.py"
WORK=$(mktemp -d)
PIDS=()
failures=0

. scripts/lib/checks.sh  # cleanup, ok, fail, expect, run_py
trap cleanup EXIT INT TERM
. scripts/lib/net.sh  # free_port, wait_http

PORT=$(free_port)
"$PAYGENT_BIN" serve --demo --port "$PORT" --database "$WORK/serve.sqlite" >"$WORK/serve.out" 2>"$WORK/serve.err" &
PIDS+=($!)
API="http://127.0.0.1:$PORT"
if wait_http "$API/health" 60; then ok "paygent serve --demo is up on port $PORT"; else
  fail "paygent serve --demo did not start" "$(tail -5 "$WORK/serve.err" | tr '\n' ' ')"; exit 1; fi
ADMIN=$(grep -oE 'pgt_[0-9a-f]{64}' "$WORK/serve.out" | head -1)
expect "paygent serve --demo printed its admin token once" '[ -n "$ADMIN" ] && [ "$(grep -c "$ADMIN" "$WORK/serve.out")" -ge 1 ]' "$(head -3 "$WORK/serve.out")"
DEMO=$(grep -oE 'demo services at http://[0-9.:]+' "$WORK/serve.err" | head -1 | sed 's/demo services at //')
expect "paygent serve --demo names its demo paid services" '[ -n "$DEMO" ]' "$(head -5 "$WORK/serve.err" | tr '\n' ' ')"
FACILITATOR="$DEMO/x402"

# A live stream from the start of the log, read by curl while the reference client pays.
curl -sN -H "Authorization: Bearer $ADMIN" "$API/api/v1/events?after=0" >"$WORK/events.sse" 2>/dev/null &
PIDS+=($!)

# Hold the demo fleet's agents (their payments go through the control plane; the reference
# client's do not), and let payments already under way finish.
paused=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"reason":"interop"}' "$API/api/v1/control/pause")
expect "POST /api/v1/control/pause holds the demo fleet's agents" '[ "$paused" = 200 ]' "$paused"
sleep 1
run_py client-pays "$DEMO/market-data" --facilitator "$FACILITATOR" --key-index 0 --price 100000
run_py client-pays "$DEMO/ticker" --facilitator "$FACILITATOR" --key-index 0 --price 10000 --body-key price
run_py client-pays "$DEMO/market-pulse" --facilitator "$FACILITATOR" --key-index 0 --price 30000 --body-key top_mover
resumed=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $ADMIN" "$API/api/v1/control/resume")
expect "POST /api/v1/control/resume lifts the pause" '[ "$resumed" = 200 ]' "$resumed"

# An agent token pays through the server (its wallet, its policy) and gets the service's answer.
AGENT=$(curl -s -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"role":"agent","name":"interop agent"}' "$API/api/v1/tokens" | "$VENV_PY" -c 'import json,sys; print(json.load(sys.stdin).get("secret",""))')
expect "an agent token is issued through POST /api/v1/tokens" '[ -n "$AGENT" ]'
pay=$(curl -s -o "$WORK/pay.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $AGENT" -H 'Content-Type: application/json' \
  -H 'Idempotency-Key: interop-pay-1' -d "{\"service_url\":\"$DEMO/market-data\",\"max_amount\":\"0.10\"}" "$API/api/v1/payments/x402")
expect "POST /api/v1/payments/x402 pays the demo market data for the agent (200, completed, service response, tx hash)" \
  '[ "$pay" = 200 ] && "$VENV_PY" -c "import json,sys; b=json.load(open(\"$WORK/pay.json\")); sys.exit(0 if b[\"status\"]==\"completed\" and b[\"service_response\"].get(\"quotes\") and b[\"tx_hash\"].startswith(\"0x\") else 1)"' \
  "$pay $(head -c 300 "$WORK/pay.json")"
again=$(curl -s -o "$WORK/pay2.json" -D "$WORK/pay2.h" -w '%{http_code}' -X POST -H "Authorization: Bearer $AGENT" -H 'Content-Type: application/json' \
  -H 'Idempotency-Key: interop-pay-1' -d "{\"service_url\":\"$DEMO/market-data\",\"max_amount\":\"0.10\"}" "$API/api/v1/payments/x402")
expect "a retry with the same Idempotency-Key returns the first payment (replayed, not paid again)" \
  '[ "$again" = 200 ] && grep -qi "Idempotent-Replayed: true" "$WORK/pay2.h" && cmp -s "$WORK/pay.json" "$WORK/pay2.json"' "$again"
denied=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $AGENT" -H 'Content-Type: application/json' \
  -d '{"request_id":"apr_x"}' "$API/api/v1/approvals/apr_x/approve")
expect "an agent token cannot decide an approval (403)" '[ "$denied" = 403 ]' "$denied"

# The stream saw the server's own payment (its settlement event), with ids in order and no duplicate.
for _ in $(seq 1 100); do grep -q '^event: payment.settled' "$WORK/events.sse" && break; sleep 0.1; done
expect "GET /api/v1/events streamed the payment made through the server (event: payment.settled)" 'grep -q "^event: payment.settled" "$WORK/events.sse"' \
  "$(grep '^event:' "$WORK/events.sse" | sort | uniq -c | tr '\n' ' ' | cut -c1-300)"
expect "the stream's ids are consecutive from 1 (no gap, no duplicate)" \
  '"$VENV_PY" -c "import sys; ids=[int(l[4:]) for l in open(\"$WORK/events.sse\") if l.startswith(\"id: \")]; sys.exit(0 if ids and ids==list(range(1,len(ids)+1)) else 1)"'

if [ "$failures" -gt 0 ]; then echo "serve interop: $failures check(s) failed"; exit 1; fi
echo "serve interop: all checks passed"
