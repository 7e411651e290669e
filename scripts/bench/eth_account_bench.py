#!/usr/bin/env python3
"""eth_account (the Python reference) signing and recovery rates on 32-byte digests.

Usage: eth_account_bench.py [--backend auto|native|coincurve] [--seconds S] [--label NAME]

eth_account signs through eth_keys, which uses coincurve (libsecp256k1) when it is installed
and its pure-Python implementation otherwise. --backend forces one via ECC_BACKEND_CLASS, so
a single venv with coincurve measures both; "auto" measures whatever the venv has.
Prints `<label>_sign: N sig/s` and `<label>_recover: N recoveries/s` (sign = Account.unsafe_sign_hash,
recover = Account._recover_hash, i.e. recovery of the signer address).
"""
import argparse
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--backend", choices=["auto", "native", "coincurve"], default="auto")
parser.add_argument("--seconds", type=float, default=float(os.environ.get("PAYGENT_BENCH_SECONDS", "1")))
parser.add_argument("--label")
args = parser.parse_args()

if args.backend == "native":
    os.environ["ECC_BACKEND_CLASS"] = "eth_keys.backends.NativeECCBackend"
elif args.backend == "coincurve":
    try:
        import coincurve  # noqa: F401
    except ImportError:
        label = args.label or "eth_account_coincurve"
        print(f"{label}_sign: n/a (coincurve not installed)")
        print(f"{label}_recover: n/a (coincurve not installed)")
        sys.exit(0)
    os.environ["ECC_BACKEND_CLASS"] = "eth_keys.backends.CoinCurveECCBackend"

from eth_account import Account  # noqa: E402
from eth_keys.backends import get_backend  # noqa: E402
from eth_utils import keccak  # noqa: E402

backend = type(get_backend()).__name__
label = args.label or ("eth_account_coincurve" if "CoinCurve" in backend else "eth_account_pure")
key = "0x" + "11" * 32
digests = [keccak(text=f"paygent benchmark message {i}") for i in range(256)]
signatures = [Account.unsafe_sign_hash(d, key).signature for d in digests]
expected = Account.from_key(key).address
assert Account._recover_hash(digests[0], signature=signatures[0]) == expected


def measure(body):
    body(0)
    n = 0
    start = time.perf_counter()
    while True:
        for _ in range(8):
            body(n)
            n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= args.seconds:
            return n / elapsed


sign_rate = measure(lambda i: Account.unsafe_sign_hash(digests[i & 255], key))
recover_rate = measure(lambda i: Account._recover_hash(digests[i & 255], signature=signatures[i & 255]))
print(f"{label}_sign: {sign_rate:.0f} sig/s")
print(f"{label}_recover: {recover_rate:.0f} recoveries/s")
