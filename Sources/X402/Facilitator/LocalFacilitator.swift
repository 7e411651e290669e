import Foundation
import PaygentFoundation
import PaygentEVM

/// The devnet facilitator: verifies `exact` EVM payments exactly as the reference facilitator
/// does and settles them on a ``LedgerStorage`` instead of a chain.
///
/// Verification order and reason codes follow the reference (`x402` 2.25.0,
/// `mechanisms/evm/exact/facilitator.py` and its v1 twin):
/// 1. scheme is `exact` (payment and requirements) → `unsupported_scheme`
/// 2. payment network == requirements network → `network_mismatch`
/// 3. the network is one this facilitator serves → `invalid_network`
/// 4. `extra.name` and `extra.version` present → `missing_eip712_domain`
/// 5. `to` == `payTo` → `invalid_exact_evm_payload_recipient_mismatch`
/// 6. `value` == amount exactly → `invalid_exact_evm_payload_authorization_value_mismatch`
/// 7. `validBefore` ≥ now + 6 s → `invalid_exact_evm_payload_authorization_valid_before`
/// 8. `validAfter` ≤ now → `invalid_exact_evm_payload_authorization_valid_after`
/// 9. the signature recovers to `from` (low-s only) → `invalid_exact_evm_payload_signature`
/// 10. the asset is a token of this devnet → `asset_not_deployed_contract`
/// 11. "simulation", in the reference's diagnosis order: nonce unused →
///     `invalid_exact_evm_nonce_already_used`; token name/version as the contract's →
///     `invalid_exact_evm_token_name_mismatch` / `…_version_mismatch`; balance ≥ value →
///     `invalid_exact_evm_insufficient_balance`.
///
/// A Permit2 payload (`permit2Authorization`, for `exact` with `assetTransferMethod: permit2`)
/// follows the reference's `permit2_utils.verify_permit2` after step 3:
/// spender is the x402 exact Permit2 proxy → `invalid_permit2_spender`; witness `to` == `payTo`
/// → `invalid_permit2_recipient_mismatch`; deadline ≥ now + 6 s → `permit2_deadline_expired`;
/// witness `validAfter` ≤ now → `permit2_not_yet_valid`; permitted amount == amount →
/// `permit2_amount_mismatch`; permitted token == asset → `permit2_token_mismatch`; the signature
/// (Permit2's EIP-712 domain) recovers to `from` → `invalid_permit2_signature`; the asset is
/// deployed → `asset_not_deployed_contract`; the owner's ERC-20 allowance to Permit2 ≥ amount →
/// `permit2_allowance_required`; balance ≥ amount → `invalid_exact_evm_insufficient_balance`;
/// and (a check the reference leaves to the chain's revert at settlement) the Permit2 nonce is
/// unused → `permit2_invalid_nonce`. Settlement spends the allowance and the Permit2 nonce.
///
/// An `upto` payment (always a Permit2 permit whose witness names the facilitator) follows the
/// reference's `upto/permit2_utils.verify_upto_permit2`: both schemes `upto` →
/// `invalid_upto_evm_scheme`; networks → `invalid_upto_evm_network_mismatch`; an upto permit →
/// `unsupported_payload_type`; spender the x402 upto proxy; recipient; the witness's facilitator
/// one of this facilitator's signers → `upto_facilitator_mismatch`; then as for `exact` (at verify
/// the requirement's amount is the maximum and must equal the permitted amount). At settlement the
/// requirement's amount is the charge: it is verified against the permitted maximum, may not
/// exceed it (`invalid_upto_evm_payload_settlement_exceeds_amount`), moves exactly the charge, and
/// is reported in the response's `amount`; a zero charge settles without a transfer.
///
/// Settlement verifies again, then applies the transfer through
/// ``LedgerStorage/applyTransfer(_:)``, which marks the nonce used and moves the balance in one
/// atomic step; a concurrent duplicate loses with `invalid_exact_evm_nonce_already_used`.
public final class LocalFacilitator: Facilitator {
    /// What the devnet serves.
    public struct Configuration: Sendable {
        /// Chains served (any spelling); each is listed in `/supported` in v1 and v2 spelling.
        public var networks: [Network]
        /// Token contracts deployed on the devnet. Empty means any asset is accepted and its
        /// EIP-712 name/version are taken from the requirements.
        public var tokens: [PaymentToken]
        /// Addresses reported as the facilitator's signers in `/supported`.
        public var signers: [Address]
        /// Minimum remaining validity of an authorisation, in seconds (reference: 6).
        public var validBeforeBuffer: UInt64

        public init(networks: [Network], tokens: [PaymentToken] = [], signers: [Address] = [], validBeforeBuffer: UInt64 = 6) {
            self.networks = networks
            self.tokens = tokens
            self.signers = signers
            self.validBeforeBuffer = validBeforeBuffer
        }

        /// Cronos testnet with devUSDC.e.
        public static let cronosTestnet = Configuration(networks: [.cronosTestnet], tokens: [.cronosTestnetUSDC])
    }

    /// The ledger settlements are applied to.
    public let ledger: any LedgerStorage
    /// The configuration.
    public let configuration: Configuration
    private let clock: any WallClock
    /// `/settle` re-checks what `/verify` checked: its signer is not recovered twice.
    private let recovered = RecoveredSigners()

    /// Creates a facilitator over `ledger` that reads the time from `clock` (authorisation
    /// windows are checked in its whole unix seconds).
    public init(ledger: any LedgerStorage, configuration: Configuration = .cronosTestnet, clock: any WallClock = SystemClock()) {
        self.ledger = ledger
        self.configuration = configuration
        self.clock = clock
    }

    /// The current time as the facilitator sees it.
    public var now: UInt64 { clock.unixSeconds }

    public func supported() async -> SupportedResponse {
        var kinds: [SupportedKind] = []
        var seen = Set<String>()
        for network in configuration.networks {
            let v1 = network.legacy.identifier, v2 = network.caip2.identifier
            if !v1.hasPrefix("eip155:"), seen.insert("1|" + v1).inserted {
                kinds.append(SupportedKind(x402Version: 1, scheme: PaymentRequirement.exactScheme, network: v1))
            }
            if seen.insert("2|" + v2).inserted {
                kinds.append(SupportedKind(x402Version: 2, scheme: PaymentRequirement.exactScheme, network: v2))
                // `upto` binds each permit to one facilitator: clients learn which from here.
                if let settler = configuration.signers.first {
                    kinds.append(SupportedKind(x402Version: 2, scheme: PaymentRequirement.uptoScheme, network: v2,
                                               extra: ["facilitatorAddress": .string(settler.checksummed)]))
                }
            }
        }
        let signers = configuration.signers.map(\.checksummed)
        return SupportedResponse(kinds: kinds, extensions: [], signers: signers.isEmpty ? [:] : ["eip155:*": signers])
    }

    public func verify(_ payload: PaymentPayload, requirements: PaymentRequirement) async -> VerifyResponse {
        switch await check(payload, requirements) {
        case .success: .valid(payer: payload.payer)
        case .failure(let reason, let message): .invalid(reason, message: message, payer: payload.payer)
        }
    }

    public func settle(_ payload: PaymentPayload, requirements: PaymentRequirement) async -> SettleResponse {
        CrashPoint.afterSend.reached()
        let payer = payload.payer
        // `upto`: the requirements carry the amount to charge; the permit was verified against
        // its maximum (the reference re-verifies with `amount` = the permitted amount).
        var verified = requirements
        var charge = payload.exact.authorization.value
        if requirements.scheme == PaymentRequirement.uptoScheme, let permit = payload.exact.permit2 {
            verified.amount = permit.amount
            charge = requirements.amount
        }
        if case .failure(let reason, let message) = await check(payload, verified) {
            return .failure(reason, message: message, payer: payer, network: payload.network.identifier)
        }
        let a = payload.exact.authorization
        guard charge <= a.value else {
            return .failure(.uptoSettlementExceedsAmount, message: "charge \(charge) exceeds the permitted \(a.value)", payer: payer,
                            network: payload.network.identifier)
        }
        if charge.isZero {
            // Nothing to move: no transaction, and the permit stays unused (as the reference does).
            return SettleResponse(success: true, payer: payer, transaction: "", network: requirements.network.identifier, amount: .zero)
        }
        let permit2 = payload.exact.permit2 != nil
        let nonceScope = permit2 ? PermitWitnessTransferFrom.permit2Address : requirements.asset
        let hash = DevnetTransactionHash.compute(chainID: requirements.chainID, token: nonceScope, from: a.from, nonce: a.nonce)
        let transfer = LedgerTransfer(
            token: requirements.asset, from: a.from, to: a.to, value: charge, nonce: a.nonce,
            network: requirements.network.identifier, transactionHash: hash,
            nonceScope: nonceScope, allowanceSpender: permit2 ? PermitWitnessTransferFrom.permit2Address : nil
        )
        do {
            try await ledger.applyTransfer(transfer)
        } catch {
            let reason: ReasonCode = switch error {
            case .nonceAlreadyUsed: permit2 ? .permit2InvalidNonce : .nonceAlreadyUsed
            case .insufficientAllowance: .permit2AllowanceRequired
            case .insufficientFunds: .insufficientBalance
            case .overflow: .transactionFailed
            case .storage: .unexpectedSettleError
            }
            return .failure(reason, message: error.description, payer: payer, network: payload.network.identifier)
        }
        CrashPoint.afterSettle.reached()
        let upto = requirements.scheme == PaymentRequirement.uptoScheme
        return SettleResponse(success: true, payer: payer, transaction: hash, network: requirements.network.identifier,
                              amount: upto ? charge : nil)
    }

    private enum Check {
        case success
        case failure(ReasonCode, String?)
    }

    /// The token deployed at `asset` on `chainID`, if the devnet has a registry.
    private func token(at asset: Address, chainID: UInt64) -> PaymentToken? {
        configuration.tokens.first { $0.address == asset && $0.network.chainID == chainID }
    }

    private func check(_ payload: PaymentPayload, _ requirements: PaymentRequirement) async -> Check {
        let a = payload.exact.authorization
        // 1. Scheme.
        let upto = payload.scheme == PaymentRequirement.uptoScheme || requirements.scheme == PaymentRequirement.uptoScheme
        if upto {
            guard payload.scheme == requirements.scheme else {
                return .failure(.uptoInvalidScheme, "payment scheme \(payload.scheme), requirements scheme \(requirements.scheme)")
            }
        } else {
            guard payload.scheme == PaymentRequirement.exactScheme, requirements.scheme == PaymentRequirement.exactScheme else {
                return .failure(.unsupportedScheme, "scheme \(payload.scheme) is not supported")
            }
        }
        // 2. Network, compared as written (the reference compares strings).
        guard payload.network.identifier == requirements.network.identifier else {
            return .failure(upto ? .uptoNetworkMismatch : .networkMismatch, "payment is for \(payload.network), requirements for \(requirements.network)")
        }
        // 3. A chain this devnet serves.
        guard configuration.networks.contains(where: { $0.isSameChain(as: requirements.network) }) else {
            return .failure(.invalidNetwork, "network \(requirements.network) is not served by this facilitator")
        }
        if let permit = payload.exact.permit2 {
            return await checkPermit2(permit, payload.exact.signature, requirements, upto: upto)
        }
        guard !upto else { return .failure(.unsupportedPayloadType, "an upto payment must be a Permit2 permit") }
        // 4. EIP-712 domain.
        guard let domain = requirements.eip712Domain, let tokenName = requirements.tokenName, let tokenVersion = requirements.tokenVersion else {
            return .failure(.missingEIP712Domain, "requirements extra has no name/version")
        }
        // 5. Recipient.
        guard a.to == requirements.payTo else {
            return .failure(.recipientMismatch, "authorization pays \(a.to), requirements pay \(requirements.payTo)")
        }
        // 6. Exact value.
        guard a.value == requirements.amount else {
            return .failure(.authorizationValueMismatch, "authorization value \(a.value) differs from required \(requirements.amount)")
        }
        // 7–8. Validity window.
        let now = clock.unixSeconds
        let (deadline, overflow) = UInt256(now).addingReportingOverflow(UInt256(configuration.validBeforeBuffer))
        guard !overflow, a.validBefore >= deadline else {
            return .failure(.validBeforeExpired, "validBefore \(a.validBefore) is before now + \(configuration.validBeforeBuffer)s (\(now))")
        }
        guard a.validAfter <= UInt256(now) else {
            return .failure(.validAfterInFuture, "validAfter \(a.validAfter) is after now (\(now))")
        }
        // 9. Signature.
        do {
            let signer = try recovered.signer(of: payload.exact.signature, digest: a.digest(domain: domain))
            guard signer == a.from else {
                return .failure(.invalidSignature, "signature recovers to \(signer), not \(a.from)")
            }
        } catch {
            return .failure(.invalidSignature, error.description)
        }
        // 10. Asset.
        var deployed: PaymentToken?
        if !configuration.tokens.isEmpty {
            guard let found = token(at: requirements.asset, chainID: requirements.chainID) else {
                return .failure(.assetNotDeployedContract, "no token at \(requirements.asset) on chain \(requirements.chainID)")
            }
            deployed = found
        }
        // 11. What the contract would say, in the reference's diagnosis order.
        do {
            if try await ledger.isNonceUsed(a.nonce, by: a.from, token: requirements.asset) {
                return .failure(.nonceAlreadyUsed, "nonce \(Hex.encode(a.nonce)) already used by \(a.from)")
            }
            if let deployed {
                guard deployed.name == tokenName else {
                    return .failure(.tokenNameMismatch, "token name is \(String(reflecting: deployed.name)), requirements say \(String(reflecting: tokenName))")
                }
                guard deployed.version == tokenVersion else {
                    return .failure(.tokenVersionMismatch, "token version is \(String(reflecting: deployed.version)), requirements say \(String(reflecting: tokenVersion))")
                }
            }
            let balance = try await ledger.balance(of: a.from, token: requirements.asset)
            guard balance >= a.value else {
                return .failure(.insufficientBalance, "balance \(balance) is less than \(a.value)")
            }
        } catch {
            return .failure(.unexpectedVerifyError, error.description)
        }
        return .success
    }

    /// Steps 4 onwards for a Permit2 payload, in the reference's order (see the type's documentation).
    private func checkPermit2(_ permit: PermitWitnessTransferFrom, _ signature: Signature, _ requirements: PaymentRequirement, upto: Bool) async -> Check {
        if upto, permit.facilitator == nil {
            return .failure(.unsupportedPayloadType, "an upto permit's witness must name its facilitator")
        }
        let proxy = upto ? PermitWitnessTransferFrom.uptoProxyAddress : PermitWitnessTransferFrom.exactProxyAddress
        guard permit.spender == proxy else {
            return .failure(.permit2InvalidSpender, "spender is \(permit.spender), not the x402 \(upto ? "upto" : "exact") Permit2 proxy \(proxy)")
        }
        guard permit.to == requirements.payTo else {
            return .failure(.permit2RecipientMismatch, "permit pays \(permit.to), requirements pay \(requirements.payTo)")
        }
        if upto, let facilitator = permit.facilitator, !configuration.signers.contains(facilitator) {
            return .failure(.uptoFacilitatorMismatch, "the permit names facilitator \(facilitator), not this one")
        }
        let now = clock.unixSeconds
        let (deadline, overflow) = UInt256(now).addingReportingOverflow(UInt256(configuration.validBeforeBuffer))
        guard !overflow, permit.deadline >= deadline else {
            return .failure(.permit2DeadlineExpired, "deadline \(permit.deadline) is before now + \(configuration.validBeforeBuffer)s (\(now))")
        }
        guard permit.validAfter <= UInt256(now) else {
            return .failure(.permit2NotYetValid, "validAfter \(permit.validAfter) is after now (\(now))")
        }
        guard permit.amount == requirements.amount else {
            return .failure(.permit2AmountMismatch, "permitted amount \(permit.amount) differs from required \(requirements.amount)")
        }
        guard permit.token == requirements.asset else {
            return .failure(.permit2TokenMismatch, "permit is for token \(permit.token), requirements for \(requirements.asset)")
        }
        do {
            let signer = try recovered.signer(of: signature, digest: permit.digest(chainID: requirements.chainID))
            guard signer == permit.owner else {
                return .failure(.permit2InvalidSignature, "signature recovers to \(signer), not \(permit.owner)")
            }
        } catch {
            return .failure(.permit2InvalidSignature, error.description)
        }
        if !configuration.tokens.isEmpty, token(at: requirements.asset, chainID: requirements.chainID) == nil {
            return .failure(.assetNotDeployedContract, "no token at \(requirements.asset) on chain \(requirements.chainID)")
        }
        do {
            let allowance = try await ledger.allowance(owner: permit.owner, spender: PermitWitnessTransferFrom.permit2Address, token: requirements.asset)
            guard allowance >= permit.amount else {
                return .failure(.permit2AllowanceRequired, "allowance to Permit2 is \(allowance), less than \(permit.amount)")
            }
            let balance = try await ledger.balance(of: permit.owner, token: requirements.asset)
            guard balance >= permit.amount else {
                return .failure(.insufficientBalance, "balance \(balance) is less than \(permit.amount)")
            }
            if try await ledger.isNonceUsed(permit.nonce.bigEndianBytes, by: permit.owner, token: PermitWitnessTransferFrom.permit2Address) {
                return .failure(.permit2InvalidNonce, "Permit2 nonce \(permit.nonce) already used by \(permit.owner)")
            }
        } catch {
            return .failure(.unexpectedVerifyError, error.description)
        }
        return .success
    }
}
