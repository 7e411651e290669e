#!/usr/bin/env bash
# `paygent serve` under load, beside a stand-in of the prototype's backend, in one run:
#   GET /api/v1/services/discover?limit=20 (20 rows) with wrk on loopback, for the release
#   `paygent serve` (a fresh store, 20 services registered through POST /api/v1/services) and for
#   the FastAPI + uvicorn stand-in of the prototype's route (SQLAlchemy async over SQLite,
#   scripts/bench/discover_standin.py, .build/venv-standin): requests/s and p99, and the ratio.
# SSE fan-out and the POST /payments/x402 round trip come from `paygent-bench serve`, which
# run-all.sh runs before this script. Both servers and wrk share the machine's cores.
# Env: PAYGENT_BIN (release binary), PAYGENT_BENCH_WRK_SECONDS (10), PAYGENT_BENCH_WRK_CONNECTIONS (64),
#      STANDIN_PY (default .build/venv-standin/bin/python), VENV_PY (for free_port; default STANDIN_PY).
set -uo pipefail
cd "$(dirname "$0")/../.."
PAYGENT_BIN=${PAYGENT_BIN:-.build/release/paygent}
STANDIN_PY=${STANDIN_PY:-.build/venv-standin/bin/python}
VENV_PY=${VENV_PY:-$STANDIN_PY}
SECONDS_RUN=${PAYGENT_BENCH_WRK_SECONDS:-10}
CONNECTIONS=${PAYGENT_BENCH_WRK_CONNECTIONS:-64}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
command -v wrk >/dev/null || { echo "serve bench: wrk is not installed (make bench-deps)"; exit 1; }

. scripts/lib/net.sh  # free_port, wait_http

# wrk_run NAME URL [HEADER]: prints "NAME_rps: N req/s" and "NAME_p99: X ms" (and p50).
wrk_run() {
  local name=$1 url=$2 header=${3:-}
  local args=(-t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  wrk "${args[@]}" "$url" >/dev/null 2>&1 <<<"" || true   # warm-up pass, discarded
  local out; out=$(wrk "${args[@]}" "$url" 2>&1)
  echo "$out" > "$WORK/$name.wrk"
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "${name}_rps: ${rps:-?} req/s (wrk -t2 -c$CONNECTIONS -d${SECONDS_RUN}s)"
  echo "${name}_p50: ${p50:-?}"
  echo "${name}_p99: ${p99:-?}"
  [ -n "$non2xx" ] && echo "${name}_non_2xx: $non2xx"
  echo "$rps" > "$WORK/$name.rps"
}

# -- paygent serve ----------------------------------------------------------------------------
PORT=$(free_port)
"$PAYGENT_BIN" serve --database "$WORK/serve.sqlite" --port "$PORT" --rate-limit 1000000 >"$WORK/serve.out" 2>"$WORK/serve.err" &
PIDS+=($!)
API="http://127.0.0.1:$PORT"
wait_http "$API/health" 60 || { echo "serve bench: paygent serve did not start: $(tail -3 "$WORK/serve.err")"; exit 1; }
TOKEN=$(grep -oE 'pgt_[0-9a-f]{64}' "$WORK/serve.out" | head -1)
for i in $(seq 0 19); do
  rep=$(awk "BEGIN { printf \"%.1f\", 5 - $i / 10 }")
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Service $i\",\"description\":\"bench service $i\",\"endpoint\":\"http://127.0.0.1:9/svc/$i\",\"category\":\"market-data\",\"pricing_model\":\"per_call\",\"price_amount\":\"0.0$((10 + i))\",\"price_token\":\"USDC\",\"reputation_score\":$rep}" \
    "$API/api/v1/services"
done
rows=$(curl -s -H "Authorization: Bearer $TOKEN" "$API/api/v1/services/discover?limit=20" | "$VENV_PY" -c 'import json,sys; print(len(json.load(sys.stdin)["services"]))')
[ "$rows" = 20 ] || { echo "serve bench: discover returned $rows rows, not 20"; exit 1; }
wrk_run serve_discover "$API/api/v1/services/discover?limit=20" "Authorization: Bearer $TOKEN"

# -- the stand-in ----------------------------------------------------------------------------
SPORT=$(free_port)
STANDIN_DB="$WORK/standin.sqlite" STANDIN_ROWS=20 "$STANDIN_PY" -m uvicorn discover_standin:app --app-dir scripts/bench \
  --host 127.0.0.1 --port "$SPORT" --log-level warning >"$WORK/standin.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$SPORT/health" 60 || { echo "serve bench: stand-in did not start: $(tail -3 "$WORK/standin.log")"; exit 1; }
srows=$(curl -s "http://127.0.0.1:$SPORT/api/v1/services/discover?limit=20" | "$VENV_PY" -c 'import json,sys; print(len(json.load(sys.stdin)["services"]))')
[ "$srows" = 20 ] || { echo "serve bench: the stand-in returned $srows rows, not 20"; exit 1; }
wrk_run standin_discover "http://127.0.0.1:$SPORT/api/v1/services/discover?limit=20"

ours=$(cat "$WORK/serve_discover.rps"); theirs=$(cat "$WORK/standin_discover.rps")
"$VENV_PY" -c "print(f'serve_discover_vs_standin: {float(\"$ours\") / float(\"$theirs\"):.1f}x the FastAPI + SQLAlchemy stand-in')" 2>/dev/null || true
