#!/usr/bin/env python3
"""EIP-712 interoperability check between PaygentEVM and eth_account (the Python reference).

  generate --count N --out FILE [--seed S]
      Writes N random typed-data documents as JSON lines {"id", "doc", "key", "signature",
      "address", "digest"}: random struct graphs (nesting, arrays of every kind including
      fixed-size, nested and arrays of structs), unicode strings, bytes, bytesN, signed and
      unsigned integers of every width (as JSON numbers, decimal strings and hex strings),
      addresses in every case. "signature" is eth_account's signature with "key"; "address"
      is the key's address and "digest" eth_account's signing digest.

  check --input FILE --swift FILE [--paygent BIN]
      Reads PaygentEVM's results (`paygent evm interop`) and checks, for every document:
        * the Swift digest equals eth_account's;
        * Swift signs -> eth_account recovers the key's address (and the deterministic
          RFC 6979 signature is byte-identical);
        * eth_account signs -> Swift recovers the same address.
      With --paygent it also runs the user-facing commands `paygent evm sign-typed-data` and
      `paygent evm recover` on a few documents, and checks that bad input exits with code 2.
"""
import argparse
import json
import os
import random
import string
import subprocess
import sys
import tempfile

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak, to_checksum_address

DOMAIN_FIELDS = [("name", "string"), ("version", "string"), ("chainId", "uint256"),
                 ("verifyingContract", "address"), ("salt", "bytes32")]

UNICODE_POOL = (string.ascii_letters + string.digits + " _-.,:;!?\"'\\/\n\t{}[]"
                + "éüñßøåçÆ€£¥©®±µ¶·¿ЖщЯ中文字日本語한국어עבריתالعربية✓✔✗★☃♥♠"
                + "😀🚀🎉👍🏽🧪💸🦊🔑\u200d\u00a0\u0301")


class Generator:
    def __init__(self, rng: random.Random):
        self.rng = rng

    # ---- types -------------------------------------------------------------------------
    def atomic_type(self):
        r = self.rng.random()
        if r < 0.12: return "bool"
        if r < 0.24: return "address"
        if r < 0.38: return "string"
        if r < 0.48: return "bytes"
        if r < 0.60: return "bytes%d" % self.rng.randint(1, 32)
        if r < 0.82: return "uint%d" % (8 * self.rng.randint(1, 32))
        return "int%d" % (8 * self.rng.randint(1, 32))

    def wrap_arrays(self, base):
        t = base
        depth = self.rng.choices([0, 1, 2], weights=[60, 30, 10])[0]
        for _ in range(depth):
            if self.rng.random() < 0.6:
                t += "[]"
            else:
                t += "[%d]" % self.rng.randint(0, 3)
        return t

    def identifier(self, used):
        while True:
            name = self.rng.choice(string.ascii_lowercase) + "".join(
                self.rng.choice(string.ascii_letters + string.digits + "_") for _ in range(self.rng.randint(0, 10)))
            if name not in used:
                used.add(name)
                return name

    def types(self):
        n = self.rng.randint(1, 5)
        # Struct names; index 0 is the primary type. Struct i may refer to structs j > i only,
        # and every struct j > 0 is referred to by some i < j, so the primary type is the one root.
        names = []
        used = set()
        for _ in range(n):
            while True:
                name = self.rng.choice(string.ascii_uppercase) + "".join(
                    self.rng.choice(string.ascii_letters + string.digits) for _ in range(self.rng.randint(0, 8)))
                if name not in used and name != "EIP712Domain":
                    used.add(name)
                    names.append(name)
                    break
        types = {}
        for i, name in enumerate(names):
            field_names = set()
            fields = []
            for _ in range(self.rng.randint(0, 6)):
                if i + 1 < n and self.rng.random() < 0.3:
                    base = self.rng.choice(names[i + 1:])
                else:
                    base = self.atomic_type()
                fields.append({"name": self.identifier(field_names), "type": self.wrap_arrays(base)})
            types[name] = fields
        # Make every non-primary struct reachable from an earlier one.
        for j in range(1, n):
            referenced = any(f["type"].split("[")[0] == names[j] for i in range(j) for f in types[names[i]])
            if not referenced:
                i = self.rng.randrange(j)
                types[names[i]].append({"name": self.identifier({f["name"] for f in types[names[i]]}),
                                        "type": self.wrap_arrays(names[j])})
        return names[0], types

    # ---- values ------------------------------------------------------------------------
    def text(self):
        length = self.rng.choice([0, 1, 3, 8, 20, 60])
        return "".join(self.rng.choice(UNICODE_POOL) for _ in range(length))

    def integer(self, bits, signed):
        if signed:
            lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        else:
            lo, hi = 0, (1 << bits) - 1
        choice = self.rng.random()
        if choice < 0.15: v = lo
        elif choice < 0.30: v = hi
        elif choice < 0.40: v = 0
        elif choice < 0.55: v = self.rng.randint(max(lo, -1000), min(hi, 1000))
        else: v = self.rng.randint(lo, hi)
        spelling = self.rng.random()
        if spelling < 0.5:
            return v                      # JSON number (exact, any size)
        if spelling < 0.8 or v < 0:
            return str(v)                 # decimal string
        return hex(v)                     # 0x hex string

    def address(self):
        raw = bytes(self.rng.getrandbits(8) for _ in range(20))
        form = self.rng.random()
        checksummed = to_checksum_address(raw)
        if form < 0.5: return checksummed
        if form < 0.8: return checksummed.lower()
        return "0x" + checksummed[2:].upper()

    def hexbytes(self, length):
        return "0x" + bytes(self.rng.getrandbits(8) for _ in range(length)).hex()

    def value(self, type_, types, depth):
        if type_.endswith("]"):
            inner, size = type_[:type_.rindex("[")], type_[type_.rindex("[") + 1:-1]
            count = int(size) if size else self.rng.choice([0, 1, 2, 3] if depth < 3 else [0, 1])
            return [self.value(inner, types, depth + 1) for _ in range(count)]
        if type_ in types:
            if self.rng.random() < 0.03:
                return None                # a missing struct encodes as the zero word
            return {f["name"]: self.value(f["type"], types, depth + 1) for f in types[type_]}
        if type_ == "bool": return self.rng.random() < 0.5
        if type_ == "address": return self.address()
        if type_ == "string": return self.text()
        if type_ == "bytes": return self.hexbytes(self.rng.choice([0, 1, 20, 32, 33, 100]))
        if type_.startswith("bytes"):
            n = int(type_[5:])
            return self.hexbytes(n if self.rng.random() < 0.85 else self.rng.randint(0, n))
        if type_.startswith("uint"): return self.integer(int(type_[4:]), False)
        if type_.startswith("int"): return self.integer(int(type_[3:]), True)
        raise ValueError(type_)

    def domain(self):
        present = [f for f in DOMAIN_FIELDS if self.rng.random() < 0.7]
        domain = {}
        for name, type_ in present:
            if name == "chainId": domain[name] = self.integer(64, False) if self.rng.random() < 0.8 else self.rng.choice([1, 25, 338, 8453])
            elif name == "verifyingContract": domain[name] = self.address()
            elif name == "salt": domain[name] = self.hexbytes(32)
            else: domain[name] = self.text()
        return present, domain

    def document(self):
        primary, types = self.types()
        present, domain = self.domain()
        doc_types = dict(types)
        if self.rng.random() < 0.8:
            doc_types = {"EIP712Domain": [{"name": n, "type": t} for n, t in present], **types}
        message = {f["name"]: self.value(f["type"], types, 1) for f in types[primary]}
        return {"types": doc_types, "primaryType": primary, "domain": domain, "message": message}


def generate(args):
    rng = random.Random(args.seed)
    gen = Generator(rng)
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(args.count):
            doc = gen.document()
            key = "0x" + bytes(rng.getrandbits(8) for _ in range(32)).hex()
            signable = encode_typed_data(full_message=doc)
            signed = Account.sign_message(signable, key)
            digest = keccak(b"\x19" + signable.version + signable.header + signable.body)
            record = {"id": i, "doc": doc, "key": key, "signature": "0x" + bytes(signed.signature).hex(),
                      "address": Account.from_key(key).address, "digest": "0x" + digest.hex()}
            out.write(json.dumps(record, ensure_ascii=rng.random() < 0.5) + "\n")
    print(f"generated {args.count} typed-data documents in {args.out}")


def run_cli_checks(binary, records, failures):
    """The user-facing commands on a few documents, and exit code 2 on bad input."""
    with tempfile.TemporaryDirectory() as tmp:
        for record in records[:5]:
            doc_path = os.path.join(tmp, "doc.json")
            key_path = os.path.join(tmp, "key")
            with open(doc_path, "w", encoding="utf-8") as f:
                json.dump(record["doc"], f, ensure_ascii=False)
            if os.path.exists(key_path): os.remove(key_path)
            fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, (record["key"] + "\n").encode())
            os.close(fd)
            sig = subprocess.run([binary, "evm", "sign-typed-data", "--key-file", key_path, "--json", doc_path],
                                 capture_output=True, text=True)
            if sig.returncode != 0 or sig.stdout.strip() != record["signature"]:
                failures.append(f"cli sign-typed-data #{record['id']}: rc={sig.returncode} out={sig.stdout.strip()} err={sig.stderr.strip()}")
            rec = subprocess.run([binary, "evm", "recover", "--json", doc_path, "--signature", record["signature"]],
                                 capture_output=True, text=True)
            if rec.returncode != 0 or rec.stdout.strip() != record["address"]:
                failures.append(f"cli recover #{record['id']}: rc={rec.returncode} out={rec.stdout.strip()} err={rec.stderr.strip()}")
        bad_path = os.path.join(tmp, "bad.json")
        with open(bad_path, "w") as f:
            f.write("{not json")
        for argv in ([binary, "evm", "recover", "--json", bad_path, "--signature", records[0]["signature"]],
                     [binary, "evm", "recover", "--json", os.path.join(tmp, "missing.json"), "--signature", "0x00"],
                     [binary, "evm", "sign-typed-data", "--key-file", os.path.join(tmp, "missing.key"), "--json", bad_path]):
            result = subprocess.run(argv, capture_output=True, text=True)
            lines = result.stderr.strip().splitlines()
            if result.returncode != 2 or len(lines) != 1:
                failures.append(f"cli bad input {argv[2:]}: expected exit 2 and one stderr line, got rc={result.returncode} stderr={result.stderr!r}")


def check(args):
    with open(args.input, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    with open(args.swift, encoding="utf-8") as f:
        results = {r["id"]: r for r in (json.loads(line) for line in f if line.strip())}
    failures = []
    swift_signed = eth_signed = 0
    for record in records:
        r = results.get(record["id"])
        rid = record["id"]
        if r is None:
            failures.append(f"#{rid}: no result from paygent"); continue
        if r.get("error"):
            failures.append(f"#{rid}: paygent error: {r['error']}"); continue
        if r.get("digest") != record["digest"]:
            failures.append(f"#{rid}: digest {r.get('digest')} != eth_account {record['digest']}"); continue
        # Swift signs -> eth_account recovers.
        signable = encode_typed_data(full_message=record["doc"])
        recovered = Account.recover_message(signable, signature=bytes.fromhex(r["signature"][2:]))
        if recovered != record["address"] or r.get("address") != record["address"]:
            failures.append(f"#{rid}: eth_account recovered {recovered} from the Swift signature, expected {record['address']}")
        elif r["signature"] != record["signature"]:
            failures.append(f"#{rid}: Swift signature differs from eth_account's deterministic signature")
        else:
            swift_signed += 1
        # eth_account signs -> Swift recovers.
        if r.get("recovered") != record["address"]:
            failures.append(f"#{rid}: Swift recovered {r.get('recovered')} from eth_account's signature, expected {record['address']}")
        else:
            eth_signed += 1
    if args.paygent:
        run_cli_checks(args.paygent, records, failures)
    for line in failures[:20]:
        print("FAIL", line, file=sys.stderr)
    print(f"eth_account interop: {len(records)} documents; Swift signed -> eth_account recovered: {swift_signed}; "
          f"eth_account signed -> Swift recovered: {eth_signed}; failures: {len(failures)}")
    return 1 if failures or len(records) == 0 else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--count", type=int, default=240)
    g.add_argument("--seed", type=int, default=None)
    g.add_argument("--out", required=True)
    c = sub.add_parser("check")
    c.add_argument("--input", required=True)
    c.add_argument("--swift", required=True)
    c.add_argument("--paygent")
    args = parser.parse_args()
    if args.command == "generate":
        if args.seed is None:
            args.seed = int.from_bytes(os.urandom(4), "big")
        print(f"seed {args.seed}")
        generate(args)
        return 0
    return check(args)


if __name__ == "__main__":
    sys.exit(main())
