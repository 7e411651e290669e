import PaygentEVM
import Synchronization

/// A ``LedgerStorage`` in memory: token balances, allowances, used nonces and the list of
/// applied transfers.
///
/// Every operation takes one lock, so ``applyTransfer(_:)`` checks the nonce and the balance,
/// marks the nonce used and moves the balance atomically: of any number of concurrent transfers
/// with the same (token, from, nonce), exactly one succeeds.
public final class InMemoryLedger: LedgerStorage {
    private struct BalanceKey: Hashable {
        var token: Address
        var owner: Address
    }

    private struct NonceKey: Hashable {
        var token: Address
        var authorizer: Address
        var nonce: [UInt8]
    }

    private struct AllowanceKey: Hashable {
        var token: Address
        var owner: Address
        var spender: Address
    }

    private struct State {
        var balances: [BalanceKey: UInt256] = [:]
        var allowances: [AllowanceKey: UInt256] = [:]
        var usedNonces: Set<NonceKey> = []
        var transfers: [LedgerTransfer] = []
    }

    private let state = Mutex(State())

    public init() {}

    public func balance(of owner: Address, token: Address) async throws(LedgerError) -> UInt256 {
        state.withLock { $0.balances[BalanceKey(token: token, owner: owner)] ?? .zero }
    }

    public func isNonceUsed(_ nonce: [UInt8], by authorizer: Address, token: Address) async throws(LedgerError) -> Bool {
        state.withLock { $0.usedNonces.contains(NonceKey(token: token, authorizer: authorizer, nonce: nonce)) }
    }

    public func allowance(owner: Address, spender: Address, token: Address) async throws(LedgerError) -> UInt256 {
        state.withLock { $0.allowances[AllowanceKey(token: token, owner: owner, spender: spender)] ?? .zero }
    }

    public func approve(_ amount: UInt256, owner: Address, spender: Address, token: Address) async throws(LedgerError) {
        state.withLock { $0.allowances[AllowanceKey(token: token, owner: owner, spender: spender)] = amount }
    }

    public func applyTransfer(_ transfer: LedgerTransfer) async throws(LedgerError) {
        let failure: LedgerError? = state.withLock { state in
            let nonceKey = NonceKey(token: transfer.nonceScope, authorizer: transfer.from, nonce: transfer.nonce)
            if state.usedNonces.contains(nonceKey) { return .nonceAlreadyUsed }
            var allowanceKey: AllowanceKey?
            var remainingAllowance = UInt256.zero
            if let spender = transfer.allowanceSpender {
                let key = AllowanceKey(token: transfer.token, owner: transfer.from, spender: spender)
                let allowance = state.allowances[key] ?? .zero
                let (left, short) = allowance.subtractingReportingOverflow(transfer.value)
                if short { return .insufficientAllowance(allowance: allowance, required: transfer.value) }
                if allowance != .max { allowanceKey = key; remainingAllowance = left }
            }
            let fromKey = BalanceKey(token: transfer.token, owner: transfer.from)
            let toKey = BalanceKey(token: transfer.token, owner: transfer.to)
            let fromBalance = state.balances[fromKey] ?? .zero
            let (debited, underflow) = fromBalance.subtractingReportingOverflow(transfer.value)
            if underflow { return .insufficientFunds(balance: fromBalance, required: transfer.value) }
            if fromKey != toKey {
                let (credited, overflow) = (state.balances[toKey] ?? .zero).addingReportingOverflow(transfer.value)
                if overflow { return .overflow }
                state.balances[toKey] = credited
                state.balances[fromKey] = debited
            }
            if let allowanceKey { state.allowances[allowanceKey] = remainingAllowance }
            state.usedNonces.insert(nonceKey)
            state.transfers.append(transfer)
            return nil
        }
        if let failure { throw failure }
    }

    public func mint(_ amount: UInt256, to owner: Address, token: Address) async throws(LedgerError) {
        let failure: LedgerError? = state.withLock { state in
            let key = BalanceKey(token: token, owner: owner)
            let (sum, overflow) = (state.balances[key] ?? .zero).addingReportingOverflow(amount)
            if overflow { return .overflow }
            state.balances[key] = sum
            return nil
        }
        if let failure { throw failure }
    }

    /// The transfers applied so far, oldest first.
    public var transfers: [LedgerTransfer] { state.withLock { $0.transfers } }

    /// Every non-zero balance of `token`, by owner.
    public func balances(token: Address) -> [Address: UInt256] {
        state.withLock { state in
            var result: [Address: UInt256] = [:]
            for (key, value) in state.balances where key.token == token && !value.isZero { result[key.owner] = value }
            return result
        }
    }
}
