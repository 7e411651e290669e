import PaygentEVM

/// What a rolling 24 h limit counts. Each live (held or captured) hold adds to four keys.
public enum WindowKey: Sendable, Hashable {
    /// USD micro-dollars spent by a wallet.
    case walletUSD(Address)
    /// Base units of one token spent by a wallet.
    case walletToken(wallet: Address, token: Address)
    /// USD micro-dollars paid to a registry service.
    case serviceUSD(String)
    /// USD micro-dollars paid to a recipient.
    case recipientUSD(Address)

    /// The keys and amounts `hold` counts under.
    public static func entries(for hold: Hold) -> [(WindowKey, UInt256)] {
        var result: [(WindowKey, UInt256)] = [
            (.walletUSD(hold.wallet), hold.amountUSD.micros),
            (.walletToken(wallet: hold.wallet, token: hold.token), hold.amount),
            (.recipientUSD(hold.recipient), hold.amountUSD.micros),
        ]
        if let service = hold.serviceID { result.append((.serviceUSD(service), hold.amountUSD.micros)) }
        return result
    }
}

/// What the velocity limit counts: holds taken per session (or per wallet without a session).
public enum VelocityKey: Sendable, Hashable {
    /// Holds of a session.
    case session(String)
    /// Holds of a wallet outside any session.
    case wallet(Address)

    /// The key `hold` counts under.
    public static func key(for hold: Hold) -> VelocityKey {
        if let session = hold.sessionID { return .session(session) }
        return .wallet(hold.wallet)
    }
}
