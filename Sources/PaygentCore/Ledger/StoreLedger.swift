import PaygentEVM
import X402

/// The local facilitator's ledger (balances, allowances and used nonces) kept in a ``Store``, so the devnet
/// survives restarts. Each transfer is one serialized write transaction: check the nonce, check
/// the balance, mark the nonce used, move the balance, record a wallet transaction and a
/// `ledger.transferred` event — all or nothing.
public struct StoreLedger: LedgerStorage {
    let context: CoreContext

    /// Creates a ledger over `context`.
    public init(context: CoreContext) { self.context = context }

    public func balance(of owner: Address, token: Address) async throws(LedgerError) -> UInt256 {
        do {
            return try await context.store.read { try $0.ledgerBalance(owner: owner, token: token) }
        } catch {
            throw .storage(String(describing: error))
        }
    }

    public func isNonceUsed(_ nonce: [UInt8], by authorizer: Address, token: Address) async throws(LedgerError) -> Bool {
        do {
            return try await context.store.read { try $0.isNonceUsed(nonce, authorizer: authorizer, token: token) }
        } catch {
            throw .storage(String(describing: error))
        }
    }

    public func allowance(owner: Address, spender: Address, token: Address) async throws(LedgerError) -> UInt256 {
        do {
            return try await context.store.read { try $0.ledgerAllowance(owner: owner, spender: spender, token: token) }
        } catch {
            throw .storage(String(describing: error))
        }
    }

    public func approve(_ amount: UInt256, owner: Address, spender: Address, token: Address) async throws(LedgerError) {
        do {
            try await context.store.write { tx in try tx.setLedgerAllowance(amount, owner: owner, spender: spender, token: token) }
        } catch {
            throw .storage(String(describing: error))
        }
    }

    public func applyTransfer(_ transfer: LedgerTransfer) async throws(LedgerError) {
        let now = context.clock.now()
        let id = context.ids.make("wtx")
        do {
            try await context.store.write { tx in
                if try tx.isNonceUsed(transfer.nonce, authorizer: transfer.from, token: transfer.nonceScope) {
                    throw LedgerError.nonceAlreadyUsed
                }
                if let spender = transfer.allowanceSpender {
                    let allowance = try tx.ledgerAllowance(owner: transfer.from, spender: spender, token: transfer.token)
                    guard allowance >= transfer.value else {
                        throw LedgerError.insufficientAllowance(allowance: allowance, required: transfer.value)
                    }
                    if allowance != .max {
                        try tx.setLedgerAllowance(allowance - transfer.value, owner: transfer.from, spender: spender, token: transfer.token)
                    }
                }
                let fromBalance = try tx.ledgerBalance(owner: transfer.from, token: transfer.token)
                guard fromBalance >= transfer.value else {
                    throw LedgerError.insufficientFunds(balance: fromBalance, required: transfer.value)
                }
                try tx.markNonceUsed(transfer.nonce, authorizer: transfer.from, token: transfer.nonceScope,
                                     transactionHash: transfer.transactionHash, at: now)
                try tx.setLedgerBalance(fromBalance - transfer.value, owner: transfer.from, token: transfer.token)
                let toBalance = try tx.ledgerBalance(owner: transfer.to, token: transfer.token)
                let (credited, overflow) = toBalance.addingReportingOverflow(transfer.value)
                guard !overflow else { throw LedgerError.overflow }
                try tx.setLedgerBalance(credited, owner: transfer.to, token: transfer.token)
                try tx.insertWalletTransaction(WalletTransaction(
                    id: id, kind: "transfer", fromAddress: transfer.from, toAddress: transfer.to, token: transfer.token,
                    amount: transfer.value, txHash: transfer.transactionHash, network: transfer.network, createdAt: now))
                _ = try tx.appendEvent(
                    NewEvent(.ledgerTransferred, subjectID: transfer.transactionHash, actor: "facilitator", data: [
                        "from": .string(transfer.from.lowercasedHex), "to": .string(transfer.to.lowercasedHex),
                        "token": .string(transfer.token.lowercasedHex), "value": .string(transfer.value.description),
                        "tx_hash": .string(transfer.transactionHash), "network": .string(transfer.network),
                    ]),
                    at: now)
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }

    public func mint(_ amount: UInt256, to owner: Address, token: Address) async throws(LedgerError) {
        let now = context.clock.now()
        let id = context.ids.make("wtx")
        do {
            try await context.store.write { tx in
                let balance = try tx.ledgerBalance(owner: owner, token: token)
                let (credited, overflow) = balance.addingReportingOverflow(amount)
                guard !overflow else { throw LedgerError.overflow }
                try tx.setLedgerBalance(credited, owner: owner, token: token)
                try tx.insertWalletTransaction(WalletTransaction(
                    id: id, kind: "mint", fromAddress: nil, toAddress: owner, token: token, amount: amount, txHash: nil,
                    network: "devnet", createdAt: now))
                _ = try tx.appendEvent(
                    NewEvent(.ledgerMinted, subjectID: owner.lowercasedHex, actor: "faucet", data: [
                        "to": .string(owner.lowercasedHex), "token": .string(token.lowercasedHex),
                        "value": .string(amount.description),
                    ]),
                    at: now)
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }
}
