#!/bin/sh
# EVM benchmark: signatures/s and recoveries/s of PaygentEVM, of libsecp256k1 called from C
# (the practical limit) and of eth_account (pure Python and with coincurve), plus Keccak-256 MB/s.
#
# Environment:
#   PAYGENT_BENCH_BIN   the built paygent-bench executable (required); run as `paygent-bench evm`
#   VENV_PY             python of a venv with eth-account (and coincurve, for the coincurve figure);
#                       default .build/venv/bin/python when it exists (scripts/venv.sh)
#   VENV_PURE_PY        python of a venv without coincurve; default .build/venv-pure/bin/python when
#                       it exists (scripts/venv.sh --with-pure), otherwise the pure-Python figure is
#                       measured in VENV_PY with eth_keys' native backend forced
#   PAYGENT_BENCH_SECONDS  seconds per measurement (default 1)
#   EVM_BENCH_ROUNDS    rounds of C and Swift measurements, alternated; the best of each is
#                       reported, which keeps a busy machine from favouring either side (default 3)
#   CC                  C compiler (default cc)
set -eu
: "${PAYGENT_BENCH_BIN:?set PAYGENT_BENCH_BIN to the paygent-bench executable}"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ -z "${VENV_PY:-}" ] && [ -x "$root/.build/venv/bin/python" ]; then VENV_PY="$root/.build/venv/bin/python"; fi
if [ -z "${VENV_PURE_PY:-}" ] && [ -x "$root/.build/venv-pure/bin/python" ]; then VENV_PURE_PY="$root/.build/venv-pure/bin/python"; fi
work=$(mktemp -d "${TMPDIR:-/tmp}/paygent-evm-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
out="$work/figures"
: > "$out"

"${CC:-cc}" -O2 -o "$work/secp256k1_bench" "$here/secp256k1_bench.c" -lsecp256k1
round=0
while [ "$round" -lt "${EVM_BENCH_ROUNDS:-3}" ]; do
    "$work/secp256k1_bench" >> "$out"
    "$PAYGENT_BENCH_BIN" evm | grep -E '^(paygent_evm_|keccak256_)' >> "$out"
    round=$((round + 1))
done
if [ -n "${VENV_PY:-}" ]; then
    "$VENV_PY" "$here/eth_account_bench.py" --backend coincurve --label eth_account_coincurve >> "$out"
    if [ -n "${VENV_PURE_PY:-}" ]; then
        "$VENV_PURE_PY" "$here/eth_account_bench.py" --backend auto --label eth_account_pure >> "$out"
    else
        "$VENV_PY" "$here/eth_account_bench.py" --backend native --label eth_account_pure >> "$out"
    fi
else
    printf 'eth_account_coincurve_sign: n/a\neth_account_coincurve_recover: n/a\neth_account_pure_sign: n/a\neth_account_pure_recover: n/a\n' >> "$out"
fi

# Best of the rounds for every figure.
awk -F': ' '
    { split($2, parts, " "); value = parts[1]; unit = substr($2, length(value) + 2)
      if (!($1 in best) || (value ~ /^[0-9.]+$/ && value + 0 > best[$1] + 0)) { best[$1] = value; units[$1] = unit }
      if (!($1 in order)) { order[$1] = ++n; names[n] = $1 } }
    END { for (i = 1; i <= n; i++) print names[i] ": " best[names[i]] " " units[names[i]] }' "$out" > "$work/best"
cat "$work/best"
echo
awk -F': ' '
    { split($2, parts, " "); v[$1] = parts[1] }
    function cell(x) { return (x == "" ? "n/a" : x) }
    function pct(a, b) { return (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) ? sprintf("%.0f%%", 100 * a / b) : "n/a" }
    function times(a, b) { return (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) ? sprintf("%.1fx", a / b) : "n/a" }
    END {
        printf "%-34s %12s %14s\n", "secp256k1 (32-byte digests)", "sign/s", "recover/s"
        printf "%-34s %12s %14s\n", "libsecp256k1 from C (limit)", cell(v["c_libsecp256k1_sign"]), cell(v["c_libsecp256k1_recover"])
        printf "%-34s %12s %14s\n", "PaygentEVM (Swift)", cell(v["paygent_evm_sign"]), cell(v["paygent_evm_recover"])
        printf "%-34s %12s %14s\n", "eth_account + coincurve", cell(v["eth_account_coincurve_sign"]), cell(v["eth_account_coincurve_recover"])
        printf "%-34s %12s %14s\n", "eth_account, pure Python", cell(v["eth_account_pure_sign"]), cell(v["eth_account_pure_recover"])
        printf "%-34s %12s %14s\n", "PaygentEVM vs C", pct(v["paygent_evm_sign"], v["c_libsecp256k1_sign"]), pct(v["paygent_evm_recover"], v["c_libsecp256k1_recover"])
        best_sign = v["eth_account_coincurve_sign"]; if (!(best_sign ~ /^[0-9.]+$/)) best_sign = v["eth_account_pure_sign"]
        best_rec = v["eth_account_coincurve_recover"]; if (!(best_rec ~ /^[0-9.]+$/)) best_rec = v["eth_account_pure_recover"]
        printf "%-34s %12s %14s\n", "PaygentEVM vs fastest eth_account", times(v["paygent_evm_sign"], best_sign), times(v["paygent_evm_recover"], best_rec)
        printf "Keccak-256: %s MB/s (1 MiB inputs), %s hashes/s (64-byte inputs)\n", cell(v["keccak256_bulk"]), cell(v["keccak256_64B"])
    }' "$work/best"
