#!/bin/sh
# EIP-712 interop between PaygentEVM and eth_account: >= 200 random typed-data documents,
# checked in both directions (Swift signs -> eth_account recovers; eth_account signs -> Swift
# recovers), plus the `paygent evm` commands themselves.
# Needs PAYGENT_BIN (the built paygent executable) and VENV_PY (python of a venv with eth-account).
# Optional: INTEROP_COUNT (default 240), INTEROP_SEED (default random; printed for reproduction).
set -eu
: "${PAYGENT_BIN:?set PAYGENT_BIN to the paygent executable}"
: "${VENV_PY:?set VENV_PY to the venv python with eth-account}"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/paygent-evm-interop.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
seed_arg=""
if [ -n "${INTEROP_SEED:-}" ]; then seed_arg="--seed $INTEROP_SEED"; fi
# shellcheck disable=SC2086
"$VENV_PY" "$here/eth_account_typed_data.py" generate --count "${INTEROP_COUNT:-240}" $seed_arg --out "$work/docs.jsonl"
"$PAYGENT_BIN" evm interop --input "$work/docs.jsonl" --output "$work/swift.jsonl"
"$VENV_PY" "$here/eth_account_typed_data.py" check --input "$work/docs.jsonl" --swift "$work/swift.jsonl" --paygent "$PAYGENT_BIN"
