#!/usr/bin/env bash
# x402 paid round trip, reference pair vs Paygent, side by side.
#
# Reference pair: the reference Python client (x402HttpxClient + ExactEvmScheme, PyPI x402 2.25.0)
# paying a reference Python paywall (FastAPI + x402 payment_middleware under uvicorn). The
# reference package ships no offline facilitator service, so the paywall's facilitator is OURS
# (`paygent demo-services serve`, its /x402 routes) — the same topology as Paygent's
# `x402_paid_roundtrip_http_facilitator`. Both sides do N sequential paid requests
# (402 → sign → retry → verify → settle → 200) on 127.0.0.1 after a warm-up.
#
# Paygent's figures come from paygent-bench (X402Bench), which run-all.sh runs first and which
# saves them in .build/bench-results/x402.txt; if that file is missing, paygent-bench is run here.
# Env: PAYGENT_BIN, PAYGENT_BENCH_BIN (release binaries), VENV_PY (default .build/venv/bin/python),
#      PAYGENT_BENCH_X402_REQUESTS (default 1000).
set -uo pipefail
cd "$(dirname "$0")/../.."
PAYGENT_BIN=${PAYGENT_BIN:-.build/release/paygent}
PAYGENT_BENCH_BIN=${PAYGENT_BENCH_BIN:-.build/release/paygent-bench}
VENV_PY=${VENV_PY:-.build/venv/bin/python}
N=${PAYGENT_BENCH_X402_REQUESTS:-1000}
RESULTS=${PAYGENT_BENCH_RESULTS_DIR:-.build/bench-results}/x402.txt
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

. scripts/lib/net.sh  # free_port, wait_http

if [ ! -s "$RESULTS" ]; then
  echo "x402: running paygent-bench for Paygent's figures"
  "$PAYGENT_BENCH_BIN" x402 >/dev/null || { echo "x402 bench: paygent-bench x402 failed"; exit 1; }
fi

DEMO_PORT=$(free_port)
"$PAYGENT_BIN" demo-services serve --port "$DEMO_PORT" >"$WORK/demo.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$DEMO_PORT/x402/supported" 30 || { echo "x402 bench: demo-services did not start"; cat "$WORK/demo.log"; exit 1; }

PAYWALL_PORT=$(free_port)
X402_FACILITATOR_URL="http://127.0.0.1:$DEMO_PORT/x402" X402_PAY_TO=0x209693Bc6afc0C5328bA36FaF03C514EF312287C \
  "$VENV_PY" -m uvicorn x402_paywall:app --app-dir scripts/interop --host 127.0.0.1 --port "$PAYWALL_PORT" \
  --log-level warning --no-access-log >"$WORK/paywall.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$PAYWALL_PORT/health" 30 || { echo "x402 bench: reference paywall did not start"; cat "$WORK/paywall.log"; exit 1; }

# reference_pair PATH: "p50 p99 mean" of the reference client paying the reference paywall's PATH.
reference_pair() {
"$VENV_PY" - "http://127.0.0.1:$PAYWALL_PORT$1" "$N" <<'PY'
import asyncio, math, statistics, sys, time
sys.path.insert(0, "scripts/interop")
from eth_account import Account
from x402 import x402Client
from x402.http.clients import x402HttpxClient
from x402.mechanisms.evm.exact import ExactEvmClientScheme
from x402.mechanisms.evm.upto import UptoEvmClientScheme
from x402.mechanisms.evm.signers import EthAccountSigner
from x402_interop import NETWORK, USDC, devnet_key

async def main(url, n):
    account = Account.from_key(devnet_key(1))
    client = x402Client()
    client.register("eip155:*", ExactEvmClientScheme(EthAccountSigner(account)))
    client.register("eip155:*", UptoEvmClientScheme(EthAccountSigner(account)))
    client.set_spend_controls({"allowed_assets": [{"network": NETWORK, "asset": USDC, "max_amount_per_payment": "100000"}]})
    samples = []
    async with x402HttpxClient(client, timeout=30) as http:
        for i in range(n + 50):
            start = time.perf_counter()
            response = await http.get(url)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200 or "PAYMENT-RESPONSE" not in response.headers:
                raise SystemExit(f"request {i}: HTTP {response.status_code} {response.text[:200]}")
            if i >= 50:
                samples.append(elapsed)
    samples.sort()
    def pct(p):
        return samples[min(len(samples) - 1, max(0, math.ceil(p * len(samples)) - 1))]
    print(f"{pct(0.50):.3f} {pct(0.99):.3f} {statistics.fmean(samples):.3f}")

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
PY
}
reference=$(reference_pair /weather) || { echo "x402 bench: reference client failed: $reference"; exit 1; }
read -r ref_p50 ref_p99 ref_mean <<<"$reference"
reference=$(reference_pair /forecast) || { echo "x402 bench: reference client (Permit2) failed: $reference"; exit 1; }
read -r ref2_p50 ref2_p99 ref2_mean <<<"$reference"
reference=$(reference_pair /completion) || { echo "x402 bench: reference client (upto) failed: $reference"; exit 1; }
read -r refu_p50 refu_p99 refu_mean <<<"$reference"

value() { grep "^$1:" "$RESULTS" | awk '{print $2}'; }
ours_p50=$(value x402_paid_roundtrip_p50); ours_p99=$(value x402_paid_roundtrip_p99)
http_p50=$(value x402_paid_roundtrip_http_facilitator_p50); http_p99=$(value x402_paid_roundtrip_http_facilitator_p99)
p2_p50=$(value x402_paid_roundtrip_permit2_p50); p2_p99=$(value x402_paid_roundtrip_permit2_p99)
up_p50=$(value x402_paid_roundtrip_upto_p50); up_p99=$(value x402_paid_roundtrip_upto_p99)

echo "x402_reference_paid_roundtrip_p50: $ref_p50 ms"
echo "x402_reference_paid_roundtrip_p99: $ref_p99 ms"
echo "x402_reference_paid_roundtrip_mean: $ref_mean ms"
printf '\nx402 paid round trip, %s sequential requests on 127.0.0.1 (p50 / p99, ms):\n' "$N"
printf '  %-64s %9s %9s\n' "setup" "p50" "p99"
printf '  %-64s %9s %9s\n' "reference: x402HttpxClient -> FastAPI paywall -> our facilitator" "$ref_p50" "$ref_p99"
printf '  %-64s %9s %9s\n' "paygent: X402Payer -> Hummingbird paywall -> HTTP facilitator" "${http_p50:-?}" "${http_p99:-?}"
printf '  %-64s %9s %9s\n' "paygent: X402Payer -> Hummingbird paywall (in-process facilitator)" "${ours_p50:-?}" "${ours_p99:-?}"
printf '  %-64s %9s %9s\n' "reference, exact by Permit2 (/forecast)" "$ref2_p50" "$ref2_p99"
printf '  %-64s %9s %9s\n' "paygent, exact by Permit2 (in-process facilitator)" "${p2_p50:-?}" "${p2_p99:-?}"
printf '  %-64s %9s %9s\n' "reference, upto (/completion)" "$refu_p50" "$refu_p99"
printf '  %-64s %9s %9s\n' "paygent, upto (in-process facilitator)" "${up_p50:-?}" "${up_p99:-?}"
echo "x402_reference_permit2_p50: $ref2_p50 ms"
echo "x402_reference_upto_p50: $refu_p50 ms"
if [ -n "${ours_p50:-}" ] && [ -n "${http_p50:-}" ]; then
  "$VENV_PY" -c "
r=$ref_p50; a=$http_p50; b=$ours_p50
print(f'x402_speedup_vs_reference_http_facilitator: {r/a:.1f} x')
print(f'x402_speedup_vs_reference: {r/b:.1f} x')"
fi
if [ -n "${p2_p50:-}" ] && [ -n "${up_p50:-}" ]; then
  "$VENV_PY" -c "
print(f'x402_speedup_permit2_vs_reference: {$ref2_p50/$p2_p50:.1f} x')
print(f'x402_speedup_upto_vs_reference: {$refu_p50/$up_p50:.1f} x')"
fi
