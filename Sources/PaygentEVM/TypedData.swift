import Foundation

/// An EIP-712 typed-data document in the `eth_signTypedData_v4` JSON format:
/// `{"types": {...}, "primaryType": "...", "domain": {...}, "message": {...}}`.
///
/// Encoding follows EIP-712 (nested structs, arrays of any type including fixed-size and
/// nested arrays, `bytes`, `string`, `bytesN`, `uintN`/`intN`, `address`, `bool`) and accepts the
/// same value spellings as `eth_account`: integers as JSON numbers or decimal / `0x` hex strings,
/// `bytes` as `0x` hex (other strings are taken as UTF-8 text), a missing or null `string`,
/// `bytes` or struct value as the zero word. Every malformed input is a ``TypedDataError``.
public struct TypedData: Sendable, Decodable {
    /// One member of a struct type: `{"name": "wallet", "type": "address"}`.
    public struct Field: Sendable, Hashable, Codable {
        /// The member name.
        public var name: String
        /// The member type, e.g. `uint256`, `Person[]`, `bytes32[2][]`.
        public var type: String

        /// Creates a field.
        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    /// The struct definitions, possibly including `EIP712Domain`.
    public var types: [String: [Field]]
    /// The type of `message`.
    public var primaryType: String
    /// The domain object.
    public var domain: Value
    /// The message object.
    public var message: Value

    /// Creates a document from its parts.
    public init(types: [String: [Field]], primaryType: String, domain: Value, message: Value) {
        self.types = types
        self.primaryType = primaryType
        self.domain = domain
        self.message = message
    }

    /// Parses a JSON document exactly (integers of any size keep every digit).
    public init(json: Data) throws(TypedDataError) {
        try self.init(document: TypedDataJSON.parse(Array(json)))
    }

    /// Parses a JSON document from UTF-8 bytes.
    public init(jsonBytes: [UInt8]) throws(TypedDataError) {
        try self.init(document: TypedDataJSON.parse(jsonBytes))
    }

    /// Decodes through `Decoder` (integers beyond 2^53 lose precision there; prefer ``init(json:)``).
    public init(from decoder: any Decoder) throws {
        let value = try Value(from: decoder)
        do {
            try self.init(document: value)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Reads the four top-level members of a parsed document.
    public init(document: Value) throws(TypedDataError) {
        guard case .object(let root) = document else { throw .invalidDocument("the document must be a JSON object") }
        guard case .object(let typeMembers)? = root["types"] else { throw .invalidDocument("\"types\" must be an object") }
        var types: [String: [Field]] = [:]
        for (typeName, definition) in typeMembers {
            guard case .array(let members) = definition else {
                throw .invalidTypeDefinition("\(typeName) must be an array of {name, type} objects")
            }
            var fields: [Field] = []
            for member in members {
                guard case .string(let name)? = member["name"], case .string(let type)? = member["type"] else {
                    throw .invalidTypeDefinition("every member of \(typeName) needs a string \"name\" and \"type\"")
                }
                fields.append(Field(name: name, type: type))
            }
            types[typeName] = fields
        }
        guard case .object? = root["domain"] else { throw .invalidDocument("\"domain\" must be an object") }
        guard let message = root["message"], case .object = message else { throw .invalidDocument("\"message\" must be an object") }
        let primaryType: String
        switch root["primaryType"] {
        case .string(let name)?: primaryType = name
        case nil, .null?: primaryType = try Self.derivePrimaryType(types)
        default: throw .invalidDocument("\"primaryType\" must be a string")
        }
        guard types[primaryType] != nil else { throw .invalidPrimaryType("\(primaryType) is not defined in types") }
        self.init(types: types, primaryType: primaryType, domain: root["domain"]!, message: message)
    }

    /// The one struct type (other than `EIP712Domain`) that no other type refers to.
    static func derivePrimaryType(_ types: [String: [Field]]) throws(TypedDataError) -> String {
        let names = Set(types.keys).subtracting(["EIP712Domain"])
        var referenced = Set<String>()
        for (name, fields) in types where name != "EIP712Domain" {
            for field in fields {
                let core = coreTypeName(field.type)
                if core != name, names.contains(core) { referenced.insert(core) }
            }
        }
        let roots = names.subtracting(referenced)
        guard roots.count == 1, let root = roots.first else {
            throw .invalidPrimaryType("primaryType is missing and cannot be derived (\(roots.count) candidate types)")
        }
        return root
    }

    /// `Person[2][]` → `Person`.
    static func coreTypeName(_ type: String) -> String {
        if let bracket = type.firstIndex(of: "[") { return String(type[..<bracket]) }
        return type
    }

    // MARK: Hashing

    /// The EIP-712 domain separator: hashStruct of the domain, using the declared
    /// `EIP712Domain` type when there is one, and otherwise the standard fields that are present.
    public func domainSeparator() throws(TypedDataError) -> [UInt8] {
        guard case .object(let members) = domain else { throw .invalidDomain("the domain must be an object") }
        var encoder = TypedDataEncoder(types: types)
        if let declared = types["EIP712Domain"] {
            let declaredNames = Set(declared.map(\.name))
            for key in members.keys where !declaredNames.contains(key) {
                throw .invalidDomain("field \(String(reflecting: key)) is not declared in EIP712Domain")
            }
            for name in declaredNames where members[name] == nil {
                throw .invalidDomain("declared field \(String(reflecting: name)) has no value")
            }
        } else {
            let standard: [(String, String)] = [("name", "string"), ("version", "string"), ("chainId", "uint256"),
                                                ("verifyingContract", "address"), ("salt", "bytes32")]
            let known = Set(standard.map(\.0))
            for key in members.keys where !known.contains(key) {
                throw .invalidDomain("unknown domain field \(String(reflecting: key)) (declare EIP712Domain in types to use it)")
            }
            encoder.types["EIP712Domain"] = standard.filter { members[$0.0] != nil }.map { Field(name: $0.0, type: $0.1) }
        }
        return try encoder.hashStruct("EIP712Domain", value: domain, path: "domain")
    }

    /// The canonical type string of `typeName` with its dependencies, e.g.
    /// `Mail(Person from,Person to,string contents)Person(string name,address wallet)`.
    public func encodeType(_ typeName: String) throws(TypedDataError) -> String {
        var encoder = TypedDataEncoder(types: types)
        return try encoder.encodeType(typeName)
    }

    /// keccak256 of ``encodeType(_:)``.
    public func typeHash(_ typeName: String) throws(TypedDataError) -> [UInt8] {
        Keccak256.hash(try encodeType(typeName))
    }

    /// hashStruct(`typeName`, `data`) = keccak256(typeHash ‖ encodeData(data)).
    public func hashStruct(_ typeName: String, data: Value) throws(TypedDataError) -> [UInt8] {
        var encoder = TypedDataEncoder(types: types)
        return try encoder.hashStruct(typeName, value: data, path: typeName)
    }

    /// hashStruct of the message as its primary type.
    public func hashStruct() throws(TypedDataError) -> [UInt8] {
        var encoder = TypedDataEncoder(types: types)
        return try encoder.hashStruct(primaryType, value: message, path: "message")
    }

    /// The 32-byte digest to sign: keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)).
    /// When the primary type is `EIP712Domain`, the message hash is omitted, as wallets do.
    public func signingDigest() throws(TypedDataError) -> [UInt8] {
        let separator = try domainSeparator()
        if primaryType == "EIP712Domain" {
            return Keccak256.hash([0x19, 0x01] + separator)
        }
        return EIP712.digest(domainSeparator: separator, structHash: try hashStruct())
    }

    /// Signs the document with `key`.
    public func sign(with key: PrivateKey) throws(TypedDataSigningError) -> Signature {
        let digest: [UInt8]
        do { digest = try signingDigest() } catch { throw .typedData(error) }
        do { return try key.sign(digest: digest) } catch { throw .key(error) }
    }

    /// Recovers the address that signed this document.
    public func recoverSigner(_ signature: Signature) throws(TypedDataSigningError) -> Address {
        let digest: [UInt8]
        do { digest = try signingDigest() } catch { throw .typedData(error) }
        do { return try signature.recoverAddress(digest: digest) } catch { throw .signature(error) }
    }
}

/// A failure while signing or recovering a typed-data document.
public enum TypedDataSigningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The document could not be encoded.
    case typedData(TypedDataError)
    /// The key could not sign.
    case key(KeyError)
    /// The signature could not be recovered.
    case signature(SignatureError)

    public var description: String {
        switch self {
        case .typedData(let e): e.description
        case .key(let e): e.description
        case .signature(let e): e.description
        }
    }
}
