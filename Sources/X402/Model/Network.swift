/// An EVM network as x402 names it: either a legacy v1 name (`cronos-testnet`, `base-sepolia`)
/// or a CAIP-2 identifier (`eip155:338`).
///
/// The identifier is kept exactly as written, because the reference compares network strings
/// literally (`network_mismatch`); ``chainID`` is what the name resolves to. Use
/// ``isSameChain(as:)`` to compare chains regardless of spelling.
public struct Network: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The identifier as written on the wire.
    public let identifier: String
    /// The EVM chain id.
    public let chainID: UInt64

    /// Legacy v1 names and their chain ids (the reference's v1 table plus Cronos).
    public static let knownNames: [(name: String, chainID: UInt64)] = [
        ("cronos-testnet", 338), ("cronos-mainnet", 25), ("cronos", 25),
        ("base-sepolia", 84532), ("base", 8453), ("ethereum", 1),
        ("polygon", 137), ("polygon-amoy", 80002), ("avalanche", 43114), ("avalanche-fuji", 43113),
        ("abstract", 2741), ("abstract-testnet", 11124), ("iotex", 4689), ("sei", 1329), ("sei-testnet", 1328),
        ("peaq", 3338), ("story", 1513), ("educhain", 656476), ("skale-base-sepolia", 1444673419),
        ("megaeth", 4326), ("monad", 143), ("monad-testnet", 10143), ("stable", 988), ("stable-testnet", 2201),
        ("celo", 42220), ("flare", 14),
    ]

    /// Cronos testnet, v1 spelling (`cronos-testnet`, chain 338).
    public static let cronosTestnet = Network(unchecked: "cronos-testnet", chainID: 338)
    /// Cronos mainnet, v1 spelling (`cronos-mainnet`, chain 25).
    public static let cronosMainnet = Network(unchecked: "cronos-mainnet", chainID: 25)
    /// Base Sepolia, v1 spelling.
    public static let baseSepolia = Network(unchecked: "base-sepolia", chainID: 84532)
    /// Base mainnet, v1 spelling.
    public static let base = Network(unchecked: "base", chainID: 8453)

    /// The CAIP-2 network for `chainID` (`eip155:<chainID>`).
    public static func eip155(_ chainID: UInt64) -> Network {
        Network(unchecked: "eip155:\(chainID)", chainID: chainID)
    }

    private init(unchecked identifier: String, chainID: UInt64) {
        self.identifier = identifier
        self.chainID = chainID
    }

    /// Parses a network name: a known legacy name or `eip155:<decimal chain id>` (chain id 1…2^53).
    public init(_ identifier: String) throws(DecodeError) {
        if identifier.hasPrefix("eip155:") {
            let digits = identifier.dropFirst(7)
            guard !digits.isEmpty, digits.count <= 16, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  digits.first != "0", let id = UInt64(digits), id <= 1 << 53
            else { throw .unknownNetwork(identifier) }
            self.init(unchecked: identifier, chainID: id)
            return
        }
        guard let known = Self.knownNames.first(where: { $0.name == identifier }) else {
            throw .unknownNetwork(identifier)
        }
        self.init(unchecked: identifier, chainID: known.chainID)
    }

    /// The CAIP-2 spelling of this network (v2 wire form).
    public var caip2: Network { .eip155(chainID) }

    /// The legacy v1 spelling of this network, or the CAIP-2 one when the chain has no legacy name.
    public var legacy: Network {
        if !isCAIP2 { return self }
        if let known = Self.knownNames.first(where: { $0.chainID == chainID }) {
            return Network(unchecked: known.name, chainID: chainID)
        }
        return self
    }

    /// Whether the identifier is in CAIP-2 form.
    public var isCAIP2: Bool { identifier.hasPrefix("eip155:") }

    /// Whether `other` names the same chain, however it is spelled.
    public func isSameChain(as other: Network) -> Bool { chainID == other.chainID }

    public var description: String { identifier }

    public static func < (lhs: Network, rhs: Network) -> Bool {
        (lhs.chainID, lhs.identifier) < (rhs.chainID, rhs.identifier)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(identifier)
    }
}
