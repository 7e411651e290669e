"""An in-memory EVM "chain" for running the reference x402 facilitator offline.

FakeChainSigner implements the reference FacilitatorEvmSigner protocol
(x402.mechanisms.evm.signer) over a single EIP-3009 token that behaves like Circle's
FiatTokenV2_2 (the contract behind USDC / devUSDC.e): transferWithAuthorization checks the
validity window, the authorisation state, the signature and the balance, and reverts with
FiatToken's messages. The reference ExactEvmScheme facilitator classifies those reverts into its
reason codes exactly as it does against a real node, so its verdicts can be compared with ours.
"""

from __future__ import annotations

import time

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak, to_checksum_address

from x402.mechanisms.evm.types import TransactionReceipt

TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"


class Revert(Exception):
    """A contract revert, worded like a JSON-RPC node reports it."""

    def __init__(self, reason: str):
        super().__init__(f"execution reverted: {reason}")


class FakeChainSigner:
    def __init__(self, chain_id: int, token: str, name: str, version: str, facilitator: str):
        self.chain_id = chain_id
        self.token = to_checksum_address(token)
        self.name = name
        self.version = version
        self.facilitator = to_checksum_address(facilitator)
        self.balances: dict[str, int] = {}
        self.used: set[tuple[str, bytes]] = set()
        self.receipts: dict[str, TransactionReceipt] = {}
        self.block = 1

    # -- test setup -------------------------------------------------------
    def mint(self, owner: str, amount: int) -> None:
        key = owner.lower()
        self.balances[key] = self.balances.get(key, 0) + amount

    def balance_of(self, owner: str) -> int:
        return self.balances.get(owner.lower(), 0)

    # -- FacilitatorEvmSigner ---------------------------------------------
    def get_addresses(self) -> list[str]:
        return [self.facilitator]

    def get_chain_id(self) -> int:
        return self.chain_id

    def get_code(self, address: str) -> bytes:
        return b"\x60\x80\x60\x40" if address.lower() == self.token.lower() else b""

    def get_balance(self, address: str, token_address: str) -> int:
        return self.balance_of(address)

    def verify_typed_data(self, address, domain, types, primary_type, message, signature) -> bool:
        raise NotImplementedError("not used by the exact EIP-3009 path")

    def read_contract(self, address: str, abi, function_name: str, *args):
        if address.lower() != self.token.lower():
            raise Revert(f"no contract at {address}")
        if function_name == "transferWithAuthorization":
            self._check_transfer(*args)
            return None
        if function_name == "balanceOf":
            return self.balance_of(args[0])
        if function_name == "authorizationState":
            return (args[0].lower(), bytes(args[1])) in self.used
        if function_name == "name":
            return self.name
        if function_name == "version":
            return self.version
        raise Revert(f"unknown function {function_name}")

    def write_contract(self, address: str, abi, function_name: str, *args, data_suffix=None) -> str:
        if function_name != "transferWithAuthorization" or address.lower() != self.token.lower():
            raise Revert(f"unexpected write {function_name}")
        from_address, to, value, _, _, nonce = self._check_transfer(*args)
        self.balances[from_address.lower()] = self.balance_of(from_address) - value
        self.balances[to.lower()] = self.balance_of(to) + value
        self.used.add((from_address.lower(), bytes(nonce)))
        tx_hash = "0x" + keccak(self.chain_id.to_bytes(32, "big") + bytes.fromhex(self.token[2:])
                                + bytes.fromhex(from_address[2:]) + bytes(nonce)).hex()
        self.block += 1
        log = {
            "address": self.token,
            "topics": [TRANSFER_TOPIC, "0x" + "00" * 12 + from_address[2:].lower(), "0x" + "00" * 12 + to[2:].lower()],
            "data": "0x" + value.to_bytes(32, "big").hex(),
        }
        self.receipts[tx_hash] = TransactionReceipt(status=1, block_number=self.block, tx_hash=tx_hash, logs=[log])
        return tx_hash

    def send_transaction(self, to: str, data: bytes) -> str:
        raise Revert("send_transaction is not supported on the fake chain")

    def wait_for_transaction_receipt(self, tx_hash: str) -> TransactionReceipt:
        return self.receipts[tx_hash]

    # -- FiatTokenV2_2.transferWithAuthorization(from,to,value,validAfter,validBefore,nonce,v,r,s)
    def _check_transfer(self, from_address, to, value, valid_after, valid_before, nonce, *signature):
        now = int(time.time())
        if not now > int(valid_after):
            raise Revert("FiatTokenV2: authorization is not yet valid")
        if not now < int(valid_before):
            raise Revert("FiatTokenV2: authorization is expired")
        if (from_address.lower(), bytes(nonce)) in self.used:
            raise Revert("FiatTokenV2: authorization is used or canceled")
        if len(signature) == 3:
            v, r, s = signature
            sig = bytes(r) + bytes(s) + bytes([v])
        else:
            sig = bytes(signature[0])
        typed = {
            "types": {
                "EIP712Domain": [
                    {"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                    {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"},
                ],
                "TransferWithAuthorization": [
                    {"name": "from", "type": "address"}, {"name": "to", "type": "address"},
                    {"name": "value", "type": "uint256"}, {"name": "validAfter", "type": "uint256"},
                    {"name": "validBefore", "type": "uint256"}, {"name": "nonce", "type": "bytes32"},
                ],
            },
            "primaryType": "TransferWithAuthorization",
            "domain": {"name": self.name, "version": self.version, "chainId": self.chain_id, "verifyingContract": self.token},
            "message": {"from": from_address, "to": to, "value": int(value), "validAfter": int(valid_after),
                        "validBefore": int(valid_before), "nonce": bytes(nonce)},
        }
        try:
            signer = Account.recover_message(encode_typed_data(full_message=typed), signature=sig)
        except Exception:
            raise Revert("FiatTokenV2: invalid signature") from None
        if signer.lower() != from_address.lower():
            raise Revert("FiatTokenV2: invalid signature")
        if self.balance_of(from_address) < int(value):
            raise Revert("ERC20: transfer amount exceeds balance")
        return from_address, to, int(value), int(valid_after), int(valid_before), nonce
