"""x402 interoperability checks between Paygent and the reference implementation (PyPI x402 2.25.0).

Subcommands (each prints one line per check, "ok: ..." or "FAIL: ...", and exits non-zero on any failure):

  client-pays URL --facilitator F     the reference x402HttpxClient pays our Swift paywall
              [--price N --body-key K --transfer-method eip3009|permit2|upto]
              (upto: the price is read from the body's charged_base_units)
  facilitator-client --facilitator F  the reference HTTPFacilitatorClient calls our facilitator
  tamper --facilitator F              tampered payments: our reason codes vs the reference facilitator's
  permit2 --facilitator F             reference-built Permit2 permits verified/settled by our facilitator
  payment-identifier URL --facilitator F   reference client ids on our paywall and facilitator (incl. 409)
  bazaar --facilitator F --demo D     the reference bazaar client reads our discovery list
  balance --facilitator F --key HEX   prints an account's devUSDC.e balance on our devnet (helper)
  devnet-key N | merchant-key         prints Paygent's public devnet keys (helper)

F is the base URL of our facilitator routes (e.g. http://127.0.0.1:4021/x402).
Everything runs on 127.0.0.1, v2 on eip155:338 with devUSDC.e's EIP-712 domain.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import logging
import sys
import time

from eth_account import Account
from eth_utils import keccak, to_checksum_address

from x402 import x402Client
from x402.http import FacilitatorConfig, HTTPFacilitatorClientSync
from x402.http.utils import decode_payment_response_header
from x402.mechanisms.evm.exact import ExactEvmClientScheme, ExactEvmFacilitatorScheme
from x402.mechanisms.evm.signers import EthAccountSigner
from x402.mechanisms.evm.types import ExactEIP3009Authorization, ExactEIP3009Payload
from x402.mechanisms.evm.utils import create_nonce
from x402.schemas import PaymentPayload, PaymentRequirements, ResourceInfo

from x402_fake_chain import FakeChainSigner

CHAIN_ID = 338
NETWORK = "eip155:338"
USDC = "0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0"
TOKEN_NAME = "Bridged USDC (Stargate)"
TOKEN_VERSION = "1"
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

failures = 0


def check(name: str, condition: bool, detail: str = "") -> bool:
    global failures
    if condition:
        print(f"ok: {name}")
    else:
        failures += 1
        print(f"FAIL: {name}" + (f" ({detail})" if detail else ""))
    sys.stdout.flush()
    return condition


# -- Paygent's public devnet keys (Sources/X402/Devnet/DevnetAccounts.swift) -------------------

def devnet_key(index: int) -> bytes:
    seed = f"paygent devnet account {index}".encode()
    while True:
        candidate = keccak(seed)
        if 0 < int.from_bytes(candidate, "big") < SECP256K1_N:
            return candidate
        seed = candidate


def merchant_key() -> bytes:
    return keccak(b"paygent devnet merchant")


def devnet_tx_hash(from_address: str, nonce_hex: str) -> str:
    """Paygent devnet's deterministic transaction hash: keccak(chainId ‖ token ‖ from ‖ nonce)."""
    preimage = CHAIN_ID.to_bytes(32, "big") + bytes.fromhex(USDC[2:]) + bytes.fromhex(from_address[2:]) + bytes.fromhex(nonce_hex[2:])
    return "0x" + keccak(preimage).hex()


# -- building payments with the reference client code -------------------------------------------

def requirements(amount: int, pay_to: str, network: str = NETWORK, timeout: int = 60) -> PaymentRequirements:
    return PaymentRequirements(
        scheme="exact", network=network, asset=USDC, amount=str(amount), pay_to=pay_to,
        max_timeout_seconds=timeout, extra={"name": TOKEN_NAME, "version": TOKEN_VERSION},
    )


def sign(account, req: PaymentRequirements, **overrides) -> PaymentPayload:
    """A v2 payment for `req`, signed by the reference ExactEvm client scheme. `overrides` replace
    authorisation fields before signing (the signature stays valid for the tampered fields)."""
    scheme = ExactEvmClientScheme(EthAccountSigner(account))
    if not overrides:
        inner = scheme.create_payment_payload(req)
    else:
        now = int(time.time())
        fields = dict(from_address=account.address, to=req.pay_to, value=req.amount, valid_after="0",
                      valid_before=str(now + req.max_timeout_seconds), nonce=create_nonce())
        fields.update({k: v for k, v in overrides.items() if k != "signer"})
        authorization = ExactEIP3009Authorization(**fields)
        signer_scheme = ExactEvmClientScheme(EthAccountSigner(overrides.get("signer", account)))
        signature = signer_scheme._sign_authorization(authorization, req)
        inner = ExactEIP3009Payload(authorization=authorization, signature=signature).to_dict()
    return PaymentPayload(x402_version=2, payload=inner, accepted=req,
                          resource=ResourceInfo(url="http://127.0.0.1/interop", description="interop", mime_type="application/json"))


def facilitator_client(url: str) -> HTTPFacilitatorClientSync:
    return HTTPFacilitatorClientSync(FacilitatorConfig(url=url))


def balance(client: HTTPFacilitatorClientSync, account) -> int:
    """The account's devUSDC.e balance on our devnet, read through /verify: a payment of V is
    valid exactly when the balance is at least V (binary search)."""
    sink = Account.from_key(b"\x77" * 32).address

    def covers(value: int) -> bool:
        req = requirements(value, sink)
        verdict = client.verify(sign(account, req), req)
        if not verdict.is_valid and verdict.invalid_reason != "invalid_exact_evm_insufficient_balance":
            raise RuntimeError(f"balance probe got {verdict.invalid_reason}")
        return verdict.is_valid

    if not covers(1):
        return 0
    low, high = 1, 2
    while covers(high):
        low, high = high, high * 2
    while high - low > 1:  # covers(low) and not covers(high)
        middle = (low + high) // 2
        if covers(middle):
            low = middle
        else:
            high = middle
    return low


# -- check: the reference client pays our paywall ----------------------------------------------

async def client_pays(url: str, facilitator_url: str, key_index: int, price: int = 10_000, body_key: str = "quotes",
                      transfer_method: str = "eip3009") -> None:
    from x402.http.utils import decode_payment_signature_header

    account = Account.from_key(devnet_key(key_index))
    merchant = Account.from_key(merchant_key())
    fac = facilitator_client(facilitator_url)
    payer_before, merchant_before = balance(fac, account), balance(fac, merchant)

    from x402.mechanisms.evm.upto import UptoEvmClientScheme
    client = x402Client()
    client.register("eip155:*", ExactEvmClientScheme(EthAccountSigner(account)))
    client.register("eip155:*", UptoEvmClientScheme(EthAccountSigner(account)))
    client.set_spend_controls({"allowed_assets": [{"network": NETWORK, "asset": USDC, "max_amount_per_payment": "100000"}]})
    import httpx
    from x402.http.clients import x402_httpx_transport
    sent: list[str] = []

    class Recording(httpx.AsyncHTTPTransport):
        """The transport under the reference's x402 transport: sees the paid retry's headers."""
        async def handle_async_request(self, request):
            if "PAYMENT-SIGNATURE" in request.headers:
                sent.append(request.headers["PAYMENT-SIGNATURE"])
            return await super().handle_async_request(request)

    async with httpx.AsyncClient(transport=x402_httpx_transport(client, transport=Recording()), timeout=30) as http:
        response = await http.get(url)
    check(f"reference x402 httpx transport paid our paywall ({transfer_method}): HTTP 200", response.status_code == 200, f"HTTP {response.status_code}: {response.text[:200]}")
    if sent:
        decoded = decode_payment_signature_header(sent[-1])
        inner = decoded.payload
        used = "permit2" if "permit2Authorization" in inner else "eip3009"
        if decoded.accepted.scheme == "upto":
            used = "upto" if "facilitator" in inner.get("permit2Authorization", {}).get("witness", {}) else "upto without a facilitator"
        check(f"the reference client signed {transfer_method} as our 402 asked", used == transfer_method, json.dumps(inner)[:200])
    else:
        check("the reference client sent PAYMENT-SIGNATURE", False, "no paid request seen")
    header = response.headers.get("PAYMENT-RESPONSE")
    check("PAYMENT-RESPONSE header present", header is not None, str(dict(response.headers)))
    if header is None:
        return
    settle = decode_payment_response_header(header)
    check("PAYMENT-RESPONSE decodes as a successful settlement", settle.success, settle.model_dump_json())
    check("settlement network is eip155:338", settle.network == NETWORK, settle.network)
    check("settlement payer is the reference client's account", (settle.payer or "").lower() == account.address.lower(), str(settle.payer))
    raw = json.loads(base64.b64decode(header))
    check("PAYMENT-RESPONSE is the reference server's json.dumps layout", base64.b64decode(header).decode() == json.dumps(raw), base64.b64decode(header).decode())
    body = response.json()
    check("paid body is the resource", isinstance(body, dict) and body_key in body, response.text[:120])
    if transfer_method == "upto":
        price = int(body.get("charged_base_units", "0"))
        check("upto: the settlement reports the charge, below the signed maximum",
              str(settle.amount) == str(price) and 0 < price < 50_000, f"{settle.amount} vs {price}")
    payer_after, merchant_after = balance(fac, account), balance(fac, merchant)
    check(f"payer balance moved by exactly {price}", payer_before - payer_after == price, f"{payer_before} -> {payer_after}")
    check(f"merchant balance moved by exactly {price}", merchant_after - merchant_before == price, f"{merchant_before} -> {merchant_after}")


# -- check: the reference HTTPFacilitatorClient against our facilitator -------------------------

def facilitator_checks(url: str, key_index: int) -> None:
    client = facilitator_client(url)
    supported = client.get_supported()
    kinds = {(k.x402_version, k.scheme, str(k.network)) for k in supported.kinds}
    check("supported lists v2 exact on eip155:338", (2, "exact", NETWORK) in kinds, str(kinds))
    check("supported lists v1 exact on cronos-testnet", (1, "exact", "cronos-testnet") in kinds, str(kinds))
    check("supported lists an eip155:* signer", bool(supported.signers.get("eip155:*")), str(supported.signers))

    account = Account.from_key(devnet_key(key_index))
    pay_to = Account.from_key(b"\x22" * 32).address
    req = requirements(12_345, pay_to)
    payload = sign(account, req)
    verdict = client.verify(payload, req)
    check("verify: valid payment is valid", verdict.is_valid, verdict.model_dump_json())
    check("verify: payer reported", (verdict.payer or "").lower() == account.address.lower(), str(verdict.payer))
    settled = client.settle(payload, req)
    check("settle: success", settled.success, settled.model_dump_json())
    expected = devnet_tx_hash(account.address, payload.payload["authorization"]["nonce"])
    check("settle: deterministic devnet transaction hash", settled.transaction == expected, f"{settled.transaction} != {expected}")
    check("settle: network eip155:338", settled.network == NETWORK, settled.network)
    replay = client.settle(payload, req)
    check("settle again: invalid_exact_evm_nonce_already_used", not replay.success and replay.error_reason == "invalid_exact_evm_nonce_already_used", replay.model_dump_json())
    again = client.verify(payload, req)
    check("verify after settle: invalid_exact_evm_nonce_already_used", again.invalid_reason == "invalid_exact_evm_nonce_already_used", again.model_dump_json())


def sign_permit2(account, req: PaymentRequirements) -> PaymentPayload:
    """A v2 `exact` payment over Permit2 for `req`, built by the reference's create_permit2_payload."""
    from x402.mechanisms.evm.exact.permit2_utils import create_permit2_payload
    inner = create_permit2_payload(EthAccountSigner(account), req)
    return PaymentPayload(x402_version=2, payload=inner, accepted=req,
                          resource=ResourceInfo(url="http://127.0.0.1/interop", description="interop", mime_type="application/json"))


def permit2_checks(url: str, key_index: int) -> None:
    """Permit2 permits built by the reference client, verified and settled by our facilitator."""
    client = facilitator_client(url)
    account = Account.from_key(devnet_key(key_index))
    stranger = Account.from_key(b"\x33" * 32)
    pay_to = Account.from_key(b"\x22" * 32).address
    req = PaymentRequirements(scheme="exact", network=NETWORK, asset=USDC, amount="23456", pay_to=pay_to,
                              max_timeout_seconds=60, extra={"assetTransferMethod": "permit2"})
    before = balance(client, account)
    payload = sign_permit2(account, req)
    verdict = client.verify(payload, req)
    check("permit2: the reference client's permit verifies", verdict.is_valid, verdict.model_dump_json())
    settled = client.settle(payload, req)
    check("permit2: it settles", settled.success and settled.transaction.startswith("0x"), settled.model_dump_json())
    after = balance(client, account)
    check("permit2: payer balance moved by exactly 23456", before - after == 23456, f"{before} -> {after}")
    replay = client.settle(payload, req)
    check("permit2: settling it again is permit2_invalid_nonce", not replay.success and replay.error_reason == "permit2_invalid_nonce", replay.model_dump_json())
    tampered = sign_permit2(account, req)
    tampered.payload["permit2Authorization"]["permitted"]["amount"] = "23457"
    verdict = client.verify(tampered, req)
    check("permit2: a changed amount is permit2_amount_mismatch", verdict.invalid_reason == "permit2_amount_mismatch", verdict.model_dump_json())
    forged = sign_permit2(account, req)
    forged.payload["permit2Authorization"]["witness"]["validAfter"] = "1"
    verdict = client.verify(forged, req)
    check("permit2: a field changed after signing is invalid_permit2_signature", verdict.invalid_reason == "invalid_permit2_signature", verdict.model_dump_json())
    verdict = client.verify(sign_permit2(stranger, req), req)
    check("permit2: an owner who never approved Permit2 is permit2_allowance_required",
          verdict.invalid_reason == "permit2_allowance_required", verdict.model_dump_json())


# -- check: payment-identifier, the reference client against our paywall and facilitator -------

async def payment_identifier_checks(url: str, facilitator_url: str, key_index: int) -> None:
    import httpx
    from x402.extensions.payment_identifier import (PAYMENT_IDENTIFIER, append_payment_identifier_to_extensions,
                                                    extract_payment_identifier)
    from x402.http.utils import decode_payment_required_header, encode_payment_signature_header

    account = Account.from_key(devnet_key(key_index))
    fac = facilitator_client(facilitator_url)
    before = balance(fac, account)
    client = x402Client()
    client.register("eip155:*", ExactEvmClientScheme(EthAccountSigner(account)))
    client.set_spend_controls({"allowed_assets": [{"network": NETWORK, "asset": USDC, "max_amount_per_payment": "100000"}]})
    async with httpx.AsyncClient(timeout=30) as http:
        unpaid = await http.get(url)
        required = decode_payment_required_header(unpaid.headers["PAYMENT-REQUIRED"])
        check("payment-identifier: our 402 declares the extension", PAYMENT_IDENTIFIER in (required.extensions or {}), str(required.extensions))
        extensions = append_payment_identifier_to_extensions(dict(required.extensions or {}))
        payload = await client.create_payment_payload(required, extensions=extensions)
        pid = extract_payment_identifier(payload)
        check("payment-identifier: the reference client attached an id", pid is not None, str(payload.extensions))
        header = encode_payment_signature_header(payload)
        first = await http.get(url, headers={"PAYMENT-SIGNATURE": header})
        check("payment-identifier: the first payment is served (200)", first.status_code == 200, f"HTTP {first.status_code}: {first.text[:200]}")
        again = await http.get(url, headers={"PAYMENT-SIGNATURE": header})
        check("payment-identifier: the same id and payment again get the first settlement (200, same PAYMENT-RESPONSE)",
              again.status_code == 200 and again.headers.get("PAYMENT-RESPONSE") == first.headers.get("PAYMENT-RESPONSE"),
              f"HTTP {again.status_code}: {again.text[:200]}")
        other = await client.create_payment_payload(required, extensions=extensions)
        check("payment-identifier: a second payment signed with the same id", extract_payment_identifier(other) == pid and other != payload)
        conflict = await http.get(url, headers={"PAYMENT-SIGNATURE": encode_payment_signature_header(other)})
        check("payment-identifier: the same id with another payment is 409", conflict.status_code == 409, f"HTTP {conflict.status_code}: {conflict.text[:200]}")
    after = balance(fac, account)
    check("payment-identifier: money moved once (10000)", before - after == 10_000, f"{before} -> {after}")

    # Our facilitator's /settle, called by the reference facilitator client.
    pay_to = Account.from_key(b"\x22" * 32).address
    req = requirements(4_321, pay_to)
    ext = append_payment_identifier_to_extensions({PAYMENT_IDENTIFIER: {"info": {"required": False}, "schema": {}}})
    payload = sign(account, req)
    payload.extensions = ext
    first = fac.settle(payload, req)
    second = fac.settle(payload, req)
    check("payment-identifier: our facilitator answers a repeated settle with the first result",
          first.success and second.success and first.transaction == second.transaction, f"{first.model_dump_json()} / {second.model_dump_json()}")
    other = sign(account, req)
    other.extensions = ext
    try:
        refused = fac.settle(other, req)
        check("payment-identifier: our facilitator refuses another payment with the same id (409)", False, refused.model_dump_json())
    except Exception as error:  # the reference client raises on a non-200 answer
        check("payment-identifier: our facilitator refuses another payment with the same id (409)", "409" in str(error), str(error)[:200])


# -- check: the reference bazaar client reads our facilitator's discovery list -----------------

def bazaar_checks(facilitator_url: str, demo_url: str) -> None:
    from x402.extensions.bazaar import ListDiscoveryResourcesParams, with_bazaar

    client = with_bazaar(facilitator_client(facilitator_url))
    listed = client.extensions.bazaar.list_resources()
    by_path = {item.resource[len(demo_url):]: item for item in listed.items if item.resource.startswith(demo_url)}
    check("bazaar: the reference client reads our discovery list", listed.x402_version == 2 and listed.pagination.total >= 6,
          f"{listed.pagination} {list(by_path)}")
    market = by_path.get("/market-data")
    check("bazaar: /market-data listed with its price, name and category",
          market is not None and market.accepts[0]["amount"] == "10000" and market.service_name == "Market Data"
          and market.tags == ["market-data"], str(market))
    llm = by_path.get("/llm/completion")
    check("bazaar: the metered LLM route is listed as upto with its facilitator",
          llm is not None and llm.accepts[0]["scheme"] == "upto" and "facilitatorAddress" in llm.accepts[0]["extra"], str(llm))
    upto = client.extensions.bazaar.list_resources(ListDiscoveryResourcesParams(scheme="upto"))
    check("bazaar: filtering by scheme", [i.resource[len(demo_url):] for i in upto.items] == ["/llm/completion"], str(upto.items))
    page = client.extensions.bazaar.list_resources(ListDiscoveryResourcesParams(limit=2, offset=2))
    check("bazaar: paging (limit 2, offset 2)", len(page.items) == 2 and page.pagination.offset == 2, str(page.pagination))


# -- check: tampered payments, ours vs the reference facilitator --------------------------------

def tamper_checks(url: str, key_index: int) -> None:
    ours = facilitator_client(url)
    account = Account.from_key(devnet_key(key_index))
    stranger = Account.from_key(b"\x33" * 32)
    pay_to = Account.from_key(b"\x22" * 32).address
    funds = balance(ours, account)
    check("tamper: payer is funded on our devnet", funds >= 10_000, str(funds))

    # The reference facilitator over a FiatToken-like in-memory chain with the same balance.
    chain = FakeChainSigner(CHAIN_ID, USDC, TOKEN_NAME, TOKEN_VERSION, facilitator=Account.from_key(b"\x44" * 32).address)
    chain.mint(account.address, funds)
    reference = ExactEvmFacilitatorScheme(chain)

    req = requirements(10_000, pay_to)
    now = int(time.time())
    replayed = sign(account, req)
    ref_settle, our_settle = reference.settle(replayed, req), ours.settle(replayed, req)
    check("tamper setup: both facilitators settle the original payment", ref_settle.success and our_settle.success,
          f"reference {ref_settle.model_dump_json()} ours {our_settle.model_dump_json()}")

    cases = [
        ("value mismatch", sign(account, req, value="9999"), req, "invalid_exact_evm_payload_authorization_value_mismatch"),
        ("recipient mismatch", sign(account, req, to=stranger.address), req, "invalid_exact_evm_payload_recipient_mismatch"),
        ("bad signature", sign(account, req, signer=stranger), req, "invalid_exact_evm_payload_signature"),
        ("not yet valid", sign(account, req, valid_after=str(now + 3600)), req, "invalid_exact_evm_payload_authorization_valid_after"),
        ("expired", sign(account, req, valid_before=str(now + 3)), req, "invalid_exact_evm_payload_authorization_valid_before"),
        ("replayed nonce", replayed, req, "invalid_exact_evm_nonce_already_used"),
        ("insufficient funds", sign(stranger, req), req, "invalid_exact_evm_insufficient_balance"),
        ("wrong network", sign(account, requirements(10_000, pay_to, network="eip155:25")), req, "network_mismatch"),
    ]
    for name, payload, against, expected in cases:
        ref = reference.verify(payload, against)
        our = ours.verify(payload, against)
        check(f"verify {name}: reference says {expected}", not ref.is_valid and ref.invalid_reason == expected, ref.model_dump_json())
        check(f"verify {name}: ours says {expected}", not our.is_valid and our.invalid_reason == expected, our.model_dump_json())
        ref_s = reference.settle(payload, against)
        our_s = ours.settle(payload, against)
        check(f"settle {name}: ours matches the reference ({ref_s.error_reason})",
              not our_s.success and not ref_s.success and our_s.error_reason == ref_s.error_reason and our_s.transaction == "",
              f"reference {ref_s.model_dump_json()} ours {our_s.model_dump_json()}")
    after = balance(ours, account)
    check("tamper: only the original payment moved money", funds - after == 10_000, f"{funds} -> {after}")
    check("tamper: the reference chain agrees", chain.balance_of(account.address) == after, f"{chain.balance_of(account.address)} vs {after}")


def main() -> int:
    # The reference facilitator logs every refused simulation as a warning; the checks say enough.
    logging.getLogger("x402").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("client-pays"); p.add_argument("url"); p.add_argument("--facilitator", required=True); p.add_argument("--key-index", type=int, default=1)
    p.add_argument("--price", type=int, default=10_000); p.add_argument("--body-key", default="quotes")
    p.add_argument("--transfer-method", choices=["eip3009", "permit2", "upto"], default="eip3009")
    p = sub.add_parser("facilitator-client"); p.add_argument("--facilitator", required=True); p.add_argument("--key-index", type=int, default=2)
    p = sub.add_parser("tamper"); p.add_argument("--facilitator", required=True); p.add_argument("--key-index", type=int, default=2)
    p = sub.add_parser("permit2"); p.add_argument("--facilitator", required=True); p.add_argument("--key-index", type=int, default=2)
    p = sub.add_parser("bazaar"); p.add_argument("--facilitator", required=True); p.add_argument("--demo", required=True)
    p = sub.add_parser("payment-identifier"); p.add_argument("url"); p.add_argument("--facilitator", required=True); p.add_argument("--key-index", type=int, default=2)
    p = sub.add_parser("balance"); p.add_argument("--facilitator", required=True); p.add_argument("--key", required=True)
    p = sub.add_parser("devnet-key"); p.add_argument("index", type=int)
    sub.add_parser("merchant-key")
    args = parser.parse_args()

    if args.command == "client-pays":
        asyncio.run(client_pays(args.url, args.facilitator, args.key_index, args.price, args.body_key, args.transfer_method))
    elif args.command == "facilitator-client":
        facilitator_checks(args.facilitator, args.key_index)
    elif args.command == "bazaar":
        bazaar_checks(args.facilitator, args.demo)
    elif args.command == "payment-identifier":
        asyncio.run(payment_identifier_checks(args.url, args.facilitator, args.key_index))
    elif args.command == "permit2":
        permit2_checks(args.facilitator, args.key_index)
    elif args.command == "tamper":
        tamper_checks(args.facilitator, args.key_index)
    elif args.command == "balance":
        print(balance(facilitator_client(args.facilitator), Account.from_key(args.key)))
    elif args.command == "devnet-key":
        print("0x" + devnet_key(args.index).hex())
    elif args.command == "merchant-key":
        print("0x" + merchant_key().hex())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
