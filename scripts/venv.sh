#!/usr/bin/env bash
# Creates the test-time Python peers under .build/ (never used by the product):
#   .build/venv       eth-account + the reference x402 package (+ coincurve: libsecp256k1 backend;
#                     jsonschema, which the reference's x402.extensions imports), and
#                     openapi-spec-validator + schemathesis for the `paygent serve` API check
#   .build/venv-pure  eth-account alone (pure-Python secp256k1 backend), for the benchmark
#   .build/venv-standin  FastAPI + uvicorn + SQLAlchemy async + aiosqlite: the prototype's
#                     discover route, the `paygent serve` benchmark's stand-in
# Idempotent: a stamp file records what was installed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
make_venv() {
  local dir=$1 stamp=$1/.paygent-stamp; shift
  local want="$*"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  rm -rf "$dir"
  "$PY" -m venv "$dir"
  "$dir/bin/pip" install --quiet --disable-pip-version-check "$@"
  echo "$want" > "$stamp"
}
mkdir -p .build
make_venv .build/venv 'eth-account==0.14.*' 'x402[evm,httpx,fastapi]==2.25.0' 'uvicorn' 'coincurve' 'jsonschema' \
  'openapi-spec-validator==0.9.*' 'schemathesis==4.*'
if [ "${1:-}" = "--with-pure" ]; then
  make_venv .build/venv-pure 'eth-account==0.14.*'
  # eth-keys switches to coincurve when it is importable; make sure it is not.
  .build/venv-pure/bin/pip uninstall --quiet -y coincurve >/dev/null 2>&1 || true
  make_venv .build/venv-standin 'fastapi' 'uvicorn' 'sqlalchemy[asyncio]>=2' 'aiosqlite'
fi
