#!/usr/bin/env bash
# x402 interop: Paygent against the reference implementation (PyPI x402 2.25.0), both directions.
#   1. the reference x402HttpxClient pays our Swift paywall (`paygent demo-services serve`) by
#      EIP-3009 (/market-data), by Permit2 (/orderbook) and with upto (/llm/completion), settled
#      by our facilitator; PAYMENT-RESPONSE decoded, balances moved;
#   2. the reference HTTPFacilitatorClient calls our facilitator's supported/verify/settle;
#   3. tampered payments get exactly the reference facilitator's reason codes; payment-identifier
#      (the reference client's id: a retry gets the first settlement, another payment 409, on our
#      paywall and our facilitator); the reference bazaar client reading our discovery list and
#      `paygent services import` filling a registry from it; reference-built
#      Permit2 permits verified and settled (and replays/tampering refused) by our facilitator;
#   4. our Swift payer (`paygent pay`) pays a reference FastAPI paywall by EIP-3009, by Permit2 and
#      with upto (charged less than signed)
#      (payment_middleware +
#      x402ResourceServer) whose facilitator is ours; `paygent x402 inspect/decode` read it.
# Everything listens on 127.0.0.1 (free ports); servers are stopped on exit. One line per check.
# Env: PAYGENT_BIN (paygent binary), VENV_PY (python with x402[evm,httpx,fastapi], uvicorn).
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

# -- our devnet: demo paywall + facilitator routes ----------------------------------------------
DEMO_PORT=$(free_port)
"$PAYGENT_BIN" demo-services serve --port "$DEMO_PORT" >"$WORK/demo.log" 2>&1 &
PIDS+=($!)
DEMO="http://127.0.0.1:$DEMO_PORT"
if wait_http "$DEMO/x402/supported" 30; then ok "paygent demo-services serve is up on port $DEMO_PORT"; else
  fail "paygent demo-services serve did not start" "$(tail -5 "$WORK/demo.log" | tr '\n' ' ')"; exit 1; fi
FACILITATOR="$DEMO/x402"

# 1-3: the reference client and facilitator client against us.
run_py client-pays "$DEMO/market-data" --facilitator "$FACILITATOR" --key-index 1
run_py client-pays "$DEMO/orderbook" --facilitator "$FACILITATOR" --key-index 1 --price 20000 --body-key bids --transfer-method permit2
run_py client-pays "$DEMO/llm/completion?prompt=hello&max_tokens=64" --facilitator "$FACILITATOR" --key-index 1 --body-key completion --transfer-method upto
run_py facilitator-client --facilitator "$FACILITATOR" --key-index 2
run_py tamper --facilitator "$FACILITATOR" --key-index 2
run_py permit2 --facilitator "$FACILITATOR" --key-index 2
run_py payment-identifier "$DEMO/market-data" --facilitator "$FACILITATOR" --key-index 2
run_py bazaar --facilitator "$FACILITATOR" --demo "$DEMO"
out=$("$PAYGENT_BIN" services import --facilitator "$FACILITATOR" --database "$WORK/import.sqlite" 2>&1); rc=$?
# (The demo's six routes, plus the resources our facilitator learnt from the payments it settled above.)
expect "paygent services import fills a fresh registry from our facilitator's discovery list (names, categories, prices)" \
  '[ $rc -eq 0 ] && [ "$(echo "$out" | grep -c "^imported ")" -ge 6 ] && echo "$out" | grep -q "Demo LLM  \[ai\]  0.05 USDC usage" && echo "$out" | grep -q "Order Book  \[market-data\]  0.02 USDC per_call"' "rc=$rc $out"
out=$("$PAYGENT_BIN" services import --facilitator "$FACILITATOR" --database "$WORK/import.sqlite" 2>&1); rc=$?
expect "paygent services import again skips what is registered" '[ $rc -eq 0 ] && echo "$out" | grep -q "^0 imported, [0-9]* skipped"' "rc=$rc $out"
out=$("$PAYGENT_BIN" services import --facilitator "ftp://nowhere" --database "$WORK/import.sqlite" 2>&1); rc=$?
expect "paygent services import refuses a bad URL on one line (exit 2)" '[ $rc -eq 2 ] && [ $(echo "$out" | wc -l) -eq 1 ]' "rc=$rc $out"

# Our own payer against our own demo services.
out=$("$PAYGENT_BIN" pay --devnet-account 0 "$DEMO/market-data" 2>"$WORK/pay0.err"); rc=$?
expect "paygent pay pays paygent demo-services (exit 0, market data)" '[ $rc -eq 0 ] && echo "$out" | grep -q quotes' "rc=$rc $(tail -3 "$WORK/pay0.err" | tr '\n' ' ')"

# -- 4: our payer against the reference FastAPI paywall (facilitated by us) ---------------------
PAYWALL_PORT=$(free_port)
PAY_TO_KEY=0x2222222222222222222222222222222222222222222222222222222222222222
PAY_TO=$("$VENV_PY" -c "from eth_account import Account; print(Account.from_key('$PAY_TO_KEY').address)")
X402_FACILITATOR_URL="$FACILITATOR" X402_PAY_TO="$PAY_TO" \
  "$VENV_PY" -m uvicorn x402_paywall:app --app-dir "$HERE" --host 127.0.0.1 --port "$PAYWALL_PORT" --log-level warning \
  >"$WORK/paywall.log" 2>&1 &
PIDS+=($!)
PAYWALL="http://127.0.0.1:$PAYWALL_PORT"
if wait_http "$PAYWALL/health" 30; then ok "reference FastAPI paywall (uvicorn) is up on port $PAYWALL_PORT"; else
  fail "reference paywall did not start" "$(tail -5 "$WORK/paywall.log" | tr '\n' ' ')"; exit 1; fi

PAYER_KEY=$($INTEROP devnet-key 0)
balance() { $INTEROP balance --facilitator "$FACILITATOR" --key "$1"; }
payer_before=$(balance "$PAYER_KEY"); pay_to_before=$(balance "$PAY_TO_KEY")

inspect=$("$PAYGENT_BIN" x402 inspect --json "$PAYWALL/weather" 2>&1); rc=$?
expect "paygent x402 inspect reads the reference 402 (v2 header, 10000 base units)" \
  '[ $rc -eq 0 ] && echo "$inspect" | "$VENV_PY" -c "import json,sys; r=json.load(sys.stdin); q=r[\"forms\"][\"v2\"][\"requirements\"][0]; sys.exit(0 if r[\"status\"]==402 and q[\"amount\"]==\"10000\" and q[\"network\"]==\"eip155:338\" else 1)"' \
  "rc=$rc $inspect"
header=$("$VENV_PY" -c "import urllib.request,urllib.error,sys
try: urllib.request.urlopen('$PAYWALL/weather')
except urllib.error.HTTPError as e: print(e.headers.get('PAYMENT-REQUIRED',''))")
decoded=$("$PAYGENT_BIN" x402 decode "PAYMENT-REQUIRED: $header" 2>&1); rc=$?
expect "paygent x402 decode reads the reference PAYMENT-REQUIRED header" \
  '[ $rc -eq 0 ] && echo "$decoded" | grep -q "\"kind\": \"payment required\"" && echo "$decoded" | grep -q "\"dialect\": \"v2\""' "rc=$rc $decoded"
bad=$("$PAYGENT_BIN" x402 decode "eyJub3QiOiJ4NDAyIn0" 2>&1); rc=$?
expect "paygent x402 decode rejects bad input on one line with a reason code (exit 2)" \
  '[ $rc -eq 2 ] && [ $(echo "$bad" | wc -l) -eq 1 ] && echo "$bad" | grep -q invalid_payload' "rc=$rc $bad"

body=$("$PAYGENT_BIN" pay --devnet-account 0 --max-amount 0.01 -v "$PAYWALL/weather" 2>"$WORK/pay.err"); rc=$?
expect "paygent pay pays the reference FastAPI paywall (exit 0)" '[ $rc -eq 0 ]' "rc=$rc $(tail -5 "$WORK/pay.err" | tr '\n' ' ')"
expect "paygent pay prints the paid body" 'echo "$body" | grep -q sunny' "$body"
expect "paygent pay -v shows the 402, the chosen requirement and a successful settlement" \
  'grep -q "< HTTP 402" "$WORK/pay.err" && grep -q "chosen requirement" "$WORK/pay.err" && grep -q "\"success\": true" "$WORK/pay.err"' \
  "$(tr '\n' ' ' < "$WORK/pay.err" | cut -c1-400)"
expect "paygent pay sent PAYMENT-SIGNATURE (v2)" 'grep -q "with PAYMENT-SIGNATURE (v2" "$WORK/pay.err"'
payer_after=$(balance "$PAYER_KEY"); pay_to_after=$(balance "$PAY_TO_KEY")
expect "payer balance moved by exactly 10000" '[ $((payer_before - payer_after)) -eq 10000 ]' "$payer_before -> $payer_after"
expect "reference paywall's payTo received exactly 10000" '[ $((pay_to_after - pay_to_before)) -eq 10000 ]' "$pay_to_before -> $pay_to_after"

body=$("$PAYGENT_BIN" pay --devnet-account 0 --max-amount 0.05 -v "$PAYWALL/forecast" 2>"$WORK/pay2.err"); rc=$?
expect "paygent pay pays the reference FastAPI paywall's Permit2 route (exit 0, forecast body)" \
  '[ $rc -eq 0 ] && echo "$body" | grep -q rain' "rc=$rc $(tail -5 "$WORK/pay2.err" | tr '\n' ' ')"
expect "paygent pay -v signed a Permit2 permit and the settlement succeeded" \
  'grep -q "exact by permit2" "$WORK/pay2.err" && grep -q "\"success\": true" "$WORK/pay2.err"' "$(tr '\n' ' ' < "$WORK/pay2.err" | cut -c1-400)"
payer_p2=$(balance "$PAYER_KEY"); pay_to_p2=$(balance "$PAY_TO_KEY")
expect "Permit2: payer balance moved by exactly 20000" '[ $((payer_after - payer_p2)) -eq 20000 ]' "$payer_after -> $payer_p2"
expect "Permit2: reference paywall's payTo received exactly 20000" '[ $((pay_to_p2 - pay_to_after)) -eq 20000 ]' "$pay_to_after -> $pay_to_p2"
payer_after=$payer_p2; pay_to_after=$pay_to_p2

body=$("$PAYGENT_BIN" pay --devnet-account 0 --max-amount 0.01 "$PAYWALL/receipt" 2>"$WORK/pay4.err"); rc=$?
expect "paygent pay sends a payment-identifier the reference paywall declared (the reference extracts a valid id)" \
  '[ $rc -eq 0 ] && echo "$body" | "$VENV_PY" -c "import json,re,sys; b=json.load(sys.stdin); sys.exit(0 if re.fullmatch(r\"pay_[0-9a-f]{32}\", b.get(\"payment_id\") or \"\") else 1)"' \
  "rc=$rc $body $(tail -3 "$WORK/pay4.err" | tr '\n' ' ')"
payer_after=$(balance "$PAYER_KEY"); pay_to_after=$(balance "$PAY_TO_KEY")

body=$("$PAYGENT_BIN" pay --devnet-account 0 --max-amount 0.05 -v "$PAYWALL/completion" 2>"$WORK/pay3.err"); rc=$?
expect "paygent pay pays the reference FastAPI paywall's upto route (exit 0, completion body)" \
  '[ $rc -eq 0 ] && echo "$body" | grep -q metered' "rc=$rc $(tail -5 "$WORK/pay3.err" | tr '\n' ' ')"
expect "paygent pay -v signed an upto permit and the settlement reports the 1234 charged" \
  'grep -q "upto by permit2" "$WORK/pay3.err" && grep -q "\"amount\": \"1234\"" "$WORK/pay3.err"' "$(tr '\n' ' ' < "$WORK/pay3.err" | cut -c1-600)"
payer_up=$(balance "$PAYER_KEY"); pay_to_up=$(balance "$PAY_TO_KEY")
expect "upto: payer balance moved by exactly the 1234 charged (of 50000 signed)" '[ $((payer_after - payer_up)) -eq 1234 ]' "$payer_after -> $payer_up"
expect "upto: reference paywall's payTo received exactly 1234" '[ $((pay_to_up - pay_to_after)) -eq 1234 ]' "$pay_to_after -> $pay_to_up"
payer_after=$payer_up

"$PAYGENT_BIN" pay --devnet-account 0 --max-amount 0.005 "$PAYWALL/weather" >/dev/null 2>"$WORK/deny.err"; rc=$?
expect "paygent pay refuses a price above --max-amount (exit 1, nothing paid)" \
  '[ $rc -eq 1 ] && grep -q "exceeds --max-amount" "$WORK/deny.err" && [ "$(balance "$PAYER_KEY")" = "$payer_after" ]' "rc=$rc $(cat "$WORK/deny.err")"

if [ "$failures" -gt 0 ]; then echo "x402 interop: $failures check(s) failed"; exit 1; fi
echo "x402 interop: all checks passed"
