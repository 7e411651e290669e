import PaygentFoundation

/// The parsed form of an EIP-712 member type.
indirect enum EIP712FieldType: Hashable {
    case bool
    case address
    case uint(bits: Int)
    case int(bits: Int)
    case fixedBytes(Int)
    case bytes
    case string
    case array(EIP712FieldType, length: Int?)
    case structure(String)

    /// Parses a type string against the struct names in `types`.
    static func parse(_ text: String, structs types: [String: [TypedData.Field]]) throws(TypedDataError) -> EIP712FieldType {
        if text.hasSuffix("]") {
            // Bound the recursion below: no real type has this many dimensions.
            guard text.utf8.lazy.filter({ $0 == UInt8(ascii: "[") }).count <= maxArrayDimensions else { throw .unknownType(text) }
            guard let open = text.lastIndex(of: "[") else { throw .unknownType(text) }
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
            let element = try parse(String(text[..<open]), structs: types)
            if inner.isEmpty { return .array(element, length: nil) }
            guard inner.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let n = Int(inner) else {
                throw .unknownType(text)
            }
            return .array(element, length: n)
        }
        switch text {
        case "bool": return .bool
        case "address": return .address
        case "bytes": return .bytes
        case "string": return .string
        case "uint": return .uint(bits: 256)
        case "int": return .int(bits: 256)
        default: break
        }
        if let n = sizeSuffix(text, prefix: "bytes"), (1...32).contains(n) { return .fixedBytes(n) }
        if let n = sizeSuffix(text, prefix: "uint"), n % 8 == 0, (8...256).contains(n) { return .uint(bits: n) }
        if let n = sizeSuffix(text, prefix: "int"), n % 8 == 0, (8...256).contains(n) { return .int(bits: n) }
        if types[text] != nil { return .structure(text) }
        throw .unknownType(text)
    }

    /// The most array dimensions a member type may have.
    static let maxArrayDimensions = 32

    private static func sizeSuffix(_ text: String, prefix: String) -> Int? {
        guard text.hasPrefix(prefix) else { return nil }
        let digits = text.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.first != "0", digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return Int(digits)
    }
}

/// Implements EIP-712 `encodeType`, `encodeData` and `hashStruct` over a set of struct types.
struct TypedDataEncoder {
    var types: [String: [TypedData.Field]]
    private var typeHashes: [String: [UInt8]] = [:]
    private var parsedTypes: [String: EIP712FieldType] = [:]

    init(types: [String: [TypedData.Field]]) { self.types = types }

    static let zeroWord = [UInt8](repeating: 0, count: 32)

    mutating func fieldType(_ text: String) throws(TypedDataError) -> EIP712FieldType {
        if let cached = parsedTypes[text] { return cached }
        let parsed = try EIP712FieldType.parse(text, structs: types)
        parsedTypes[text] = parsed
        return parsed
    }

    /// `Primary(fields)` followed by every struct it depends on, sorted by name.
    mutating func encodeType(_ primary: String) throws(TypedDataError) -> String {
        guard types[primary] != nil else { throw .unknownType(primary) }
        var found = Set<String>()
        try collectDependencies(primary, into: &found)
        found.remove(primary)
        let ordered = [primary] + found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var result = ""
        for name in ordered {
            let members = types[name]!.map { "\($0.type) \($0.name)" }.joined(separator: ",")
            result += "\(name)(\(members))"
        }
        return result
    }

    /// Every struct reachable from `name` (iteratively, so deep type chains cannot exhaust the stack).
    private mutating func collectDependencies(_ name: String, into found: inout Set<String>) throws(TypedDataError) {
        var pending = [name]
        while let next = pending.popLast() {
            guard found.insert(next).inserted, let fields = types[next] else { continue }
            for field in fields {
                // Validates the whole type string, then follows the struct at its core.
                _ = try fieldType(field.type)
                let core = TypedData.coreTypeName(field.type)
                if types[core] != nil, !found.contains(core) { pending.append(core) }
            }
        }
    }

    mutating func typeHash(_ name: String) throws(TypedDataError) -> [UInt8] {
        if let cached = typeHashes[name] { return cached }
        let hash = Keccak256.hash(try encodeType(name))
        typeHashes[name] = hash
        return hash
    }

    /// keccak256(typeHash ‖ encodeData(value)).
    mutating func hashStruct(_ name: String, value: TypedData.Value, path: String) throws(TypedDataError) -> [UInt8] {
        guard let fields = types[name] else { throw .unknownType(name) }
        guard case .object(let members) = value else {
            throw .invalidValue(path: path, type: name, reason: "expected an object, got \(value.kind)")
        }
        var words = ABIWords(capacity: fields.count + 1)
        words.append(word: try typeHash(name))
        for field in fields {
            let type = try fieldType(field.type)
            words.append(word: try encodeField(type, typeName: field.type, value: members[field.name], path: path + "." + field.name))
        }
        return words.hash
    }

    /// The 32-byte encoding of one member value.
    mutating func encodeField(_ type: EIP712FieldType, typeName: String, value: TypedData.Value?, path: String) throws(TypedDataError) -> [UInt8] {
        let present: TypedData.Value? = if case .null? = value { nil } else { value }
        switch type {
        case .structure(let name):
            guard let present else { return Self.zeroWord }
            return try hashStruct(name, value: present, path: path)
        case .string:
            guard let present else { return Self.zeroWord }
            guard case .string(let text) = present else {
                throw .invalidValue(path: path, type: typeName, reason: "expected a string, got \(present.kind)")
            }
            return Keccak256.hash(text)
        case .bytes:
            guard let present else { return Self.zeroWord }
            return Keccak256.hash(try bytesValue(present, typeName: typeName, path: path))
        default:
            break
        }
        guard let value = present else { throw .missingValue(path: path, type: typeName) }
        switch type {
        case .array(let element, let length):
            guard case .array(let items) = value else {
                throw .invalidValue(path: path, type: typeName, reason: "expected an array, got \(value.kind)")
            }
            if let length, items.count != length {
                throw .invalidValue(path: path, type: typeName, reason: "expected \(length) elements, got \(items.count)")
            }
            let elementName = String(typeName[..<typeName.lastIndex(of: "[")!])
            var words = ABIWords(capacity: items.count)
            for (i, item) in items.enumerated() {
                words.append(word: try encodeField(element, typeName: elementName, value: item, path: "\(path)[\(i)]"))
            }
            return words.hash
        case .bool:
            let flag: Bool
            switch value {
            case .bool(let b): flag = b
            case .number(let n) where n == "0" || n == "1": flag = n == "1"
            case .string(let s) where ["true", "True", "1"].contains(s): flag = true
            case .string(let s) where ["false", "False", "0"].contains(s): flag = false
            default: throw .invalidValue(path: path, type: typeName, reason: "expected a boolean, got \(value.kind)")
            }
            return UInt256(flag ? 1 : 0).bigEndianBytes
        case .address:
            guard case .string(let text) = value else {
                throw .invalidValue(path: path, type: typeName, reason: "expected an address string, got \(value.kind)")
            }
            do {
                return [UInt8](repeating: 0, count: 12) + (try Address(text)).bytes
            } catch {
                throw .invalidValue(path: path, type: typeName, reason: error.description)
            }
        case .fixedBytes(let size):
            let bytes = try bytesValue(value, typeName: typeName, path: path)
            guard bytes.count <= size else {
                throw .invalidValue(path: path, type: typeName, reason: "\(bytes.count) bytes do not fit in \(typeName)")
            }
            return bytes + [UInt8](repeating: 0, count: 32 - bytes.count)
        case .uint(let bits):
            let (negative, magnitude) = try integerValue(value, typeName: typeName, path: path)
            guard !negative || magnitude.isZero else {
                throw .invalidValue(path: path, type: typeName, reason: "negative value for an unsigned type")
            }
            guard magnitude.bitWidth <= bits else {
                throw .invalidValue(path: path, type: typeName, reason: "value does not fit in \(bits) bits")
            }
            return magnitude.bigEndianBytes
        case .int(let bits):
            let (negative, magnitude) = try integerValue(value, typeName: typeName, path: path)
            // Range: −2^(bits−1) … 2^(bits−1) − 1.
            let limit = UInt256(1).shiftedLeft(bits - 1)
            if negative {
                guard magnitude <= limit else {
                    throw .invalidValue(path: path, type: typeName, reason: "value does not fit in \(typeName)")
                }
                // Two's complement over 256 bits: 2^256 − magnitude.
                return UInt256.zero.subtractingReportingOverflow(magnitude).partialValue.bigEndianBytes
            }
            guard magnitude < limit else {
                throw .invalidValue(path: path, type: typeName, reason: "value does not fit in \(typeName)")
            }
            return magnitude.bigEndianBytes
        case .structure, .string, .bytes:
            fatalError("handled above")
        }
    }

    /// An integer given as a JSON number, a decimal string (optionally signed) or a `0x` hex string.
    private func integerValue(_ value: TypedData.Value, typeName: String, path: String) throws(TypedDataError) -> (negative: Bool, magnitude: UInt256) {
        var text: Substring
        switch value {
        case .number(let n): text = Substring(n)
        case .string(let s): text = Substring(s.trimmed(.asciiWhitespace))
        default: throw .invalidValue(path: path, type: typeName, reason: "expected an integer, got \(value.kind)")
        }
        var negative = false
        if text.hasPrefix("-") { negative = true; text = text.dropFirst() } else if text.hasPrefix("+"), case .string = value { text = text.dropFirst() }
        do {
            if case .string = value, text.hasPrefix("0x") || text.hasPrefix("0X") {
                return (negative, try UInt256(hex: String(text)))
            }
            return (negative, try UInt256(decimal: String(text)))
        } catch {
            let reason = switch error {
            case .overflow: "integer does not fit in 256 bits"
            case .empty: "empty integer"
            case .invalidCharacter: "not an integer: \(String(reflecting: String(text)))"
            }
            throw .invalidValue(path: path, type: typeName, reason: reason)
        }
    }

    /// Bytes given as `0x` hex (odd length is left-padded with a zero nibble), other strings as
    /// UTF-8 text, or a non-negative JSON integer as its minimal big-endian bytes, as eth_account does.
    private func bytesValue(_ value: TypedData.Value, typeName: String, path: String) throws(TypedDataError) -> [UInt8] {
        switch value {
        case .string(let s):
            if s.hasPrefix("0x"), s.utf8.dropFirst(2).allSatisfy({ Hex.nibble($0) != nil }) {
                let digits = s.dropFirst(2)
                let padded = digits.utf8.count % 2 == 1 ? "0" + digits : String(digits)
                return (try? Hex.decode(padded)) ?? []
            }
            return Array(s.utf8)
        case .number(let n):
            if n.hasPrefix("-"), n.dropFirst().allSatisfy(\.isNumber) { return [0] }
            guard let v = try? UInt256(decimal: n) else {
                throw .invalidValue(path: path, type: typeName, reason: "expected bytes, got the number \(n)")
            }
            let all = v.bigEndianBytes
            let significant = Array(all.drop { $0 == 0 })
            return significant.isEmpty ? [0] : significant
        default:
            throw .invalidValue(path: path, type: typeName, reason: "expected a hex string, got \(value.kind)")
        }
    }
}
