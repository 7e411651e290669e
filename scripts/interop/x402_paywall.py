"""A reference x402 paywall: FastAPI + x402's payment_middleware + x402ResourceServer, settled by
an HTTP facilitator (ours in the interop test and the benchmark). Serve with uvicorn:

    X402_FACILITATOR_URL=http://127.0.0.1:4021/x402 X402_PAY_TO=0x… \
        python -m uvicorn x402_paywall:app --app-dir scripts/interop --port 4022

GET /weather costs 0.01 devUSDC.e (10000 base units) on eip155:338 by EIP-3009; GET /forecast costs
0.02 (20000) by Permit2 (`extra.assetTransferMethod = permit2`); GET /completion is `upto` 0.05
(50000) and charges 1234 (Settlement-Overrides); GET /receipt (0.01) declares payment-identifier and
answers the id the reference extracts from the payment; GET /health is free.
"""

import os

from fastapi import FastAPI, Request

from x402 import x402ResourceServer
from x402.http import FacilitatorConfig, HTTPFacilitatorClient
from fastapi import Response
from x402.http.middleware.fastapi import payment_middleware, set_settlement_overrides
from x402.mechanisms.evm.exact import ExactEvmServerScheme
from x402.mechanisms.evm.upto import UptoEvmServerScheme
from x402.extensions.payment_identifier import (PAYMENT_IDENTIFIER, declare_payment_identifier_extension,
                                                extract_payment_identifier)
from x402.http.utils import decode_payment_signature_header

USDC = "0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0"

facilitator = HTTPFacilitatorClient(FacilitatorConfig(url=os.environ["X402_FACILITATOR_URL"]))
server = x402ResourceServer(facilitator)
server.register("eip155:338", ExactEvmServerScheme())
server.register("eip155:338", UptoEvmServerScheme())

routes = {
    "GET /weather": {
        "accepts": {
            "scheme": "exact",
            "payTo": os.environ["X402_PAY_TO"],
            "price": {"amount": "10000", "asset": USDC, "extra": {"name": "Bridged USDC (Stargate)", "version": "1"}},
            "network": "eip155:338",
            "maxTimeoutSeconds": 60,
        },
        "description": "Weather report",
        "mimeType": "application/json",
    },
    "GET /forecast": {
        "accepts": {
            "scheme": "exact",
            "payTo": os.environ["X402_PAY_TO"],
            "price": {"amount": "20000", "asset": USDC, "extra": {"assetTransferMethod": "permit2"}},
            "network": "eip155:338",
            "maxTimeoutSeconds": 60,
        },
        "description": "Weather forecast (paid by Permit2)",
        "mimeType": "application/json",
    },
    "GET /completion": {
        "accepts": {
            "scheme": "upto",
            "payTo": os.environ["X402_PAY_TO"],
            "price": {"amount": "50000", "asset": USDC, "extra": {"assetTransferMethod": "permit2"}},
            "network": "eip155:338",
            "maxTimeoutSeconds": 60,
        },
        "description": "Metered completion (upto)",
        "mimeType": "application/json",
    },
    "GET /receipt": {
        "accepts": {
            "scheme": "exact",
            "payTo": os.environ["X402_PAY_TO"],
            "price": {"amount": "10000", "asset": USDC, "extra": {"name": "Bridged USDC (Stargate)", "version": "1"}},
            "network": "eip155:338",
            "maxTimeoutSeconds": 60,
        },
        "description": "Echoes the payment-identifier",
        "mimeType": "application/json",
        "extensions": {PAYMENT_IDENTIFIER: declare_payment_identifier_extension()},
    },
}

app = FastAPI()
x402_middleware = payment_middleware(routes, server)


@app.middleware("http")
async def x402(request, call_next):
    return await x402_middleware(request, call_next)


@app.get("/weather")
async def weather():
    return {"report": {"weather": "sunny", "temperature": 70}}


@app.get("/forecast")
async def forecast():
    return {"forecast": [{"day": 1, "weather": "rain"}, {"day": 2, "weather": "sunny"}]}


@app.get("/completion")
async def completion(response: Response):
    set_settlement_overrides(response, {"amount": "1234"})
    return {"completion": "metered words", "usage": {"completion_tokens": 1234}}


@app.get("/receipt")
async def receipt(request: Request):
    payload = decode_payment_signature_header(request.headers["PAYMENT-SIGNATURE"])
    return {"payment_id": extract_payment_identifier(payload)}


@app.get("/health")
async def health():
    return {"ok": True}
