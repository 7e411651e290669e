import NIOCore
import PaygentCore
import PaygentEVM
import PaygentFoundation
import PostgresNIO

/// A statement parameter. Amounts go as `numeric` in text form, so nothing is ever rounded.
enum PGValue: Sendable {
    case text(String)
    case int(Int64)
    case bool(Bool)
    case double(Double)
    case numeric(UInt256)
    case bytes([UInt8])
    case null

    static func optional(_ text: String?) -> PGValue { text.map(PGValue.text) ?? .null }
    static func optional(_ value: Int64?) -> PGValue { value.map(PGValue.int) ?? .null }
    static func optional(_ value: UInt256?) -> PGValue { value.map(PGValue.numeric) ?? .null }
    static func int(_ value: Int) -> PGValue { .int(Int64(value)) }
    static func time(_ value: Timestamp) -> PGValue { .int(value.milliseconds) }
    static func optionalTime(_ value: Timestamp?) -> PGValue { value.map { .int($0.milliseconds) } ?? .null }
    static func usd(_ value: USDAmount) -> PGValue { .numeric(value.micros) }
    static func optionalUSD(_ value: USDAmount?) -> PGValue { value.map { .numeric($0.micros) } ?? .null }
    static func address(_ value: Address) -> PGValue { .text(value.lowercasedHex) }
    static func optionalAddress(_ value: Address?) -> PGValue { value.map { .text($0.lowercasedHex) } ?? .null }
}

extension PGValue: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = .text(value) }
}

extension PGValue: ExpressibleByIntegerLiteral {
    init(integerLiteral value: Int64) { self = .int(value) }
}

/// The wire form of one non-null ``PGValue``.
struct PGEncoded: PostgresThrowingDynamicTypeEncodable {
    let value: PGValue

    var psqlType: PostgresDataType {
        switch value {
        case .text, .null: .text
        case .int: .int8
        case .bool: .bool
        case .double: .float8
        case .numeric: .numeric
        case .bytes: .bytea
        }
    }

    var psqlFormat: PostgresFormat {
        if case .numeric = value { return .text }
        return .binary
    }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) throws {
        switch value {
        case .text(let text): buffer.writeString(text)
        case .int(let int): buffer.writeInteger(int)
        case .bool(let bool): buffer.writeInteger(UInt8(bool ? 1 : 0))
        case .double(let double): buffer.writeInteger(double.bitPattern)
        case .numeric(let amount): buffer.writeString(amount.description)
        case .bytes(let bytes): buffer.writeBytes(bytes)
        case .null: break
        }
    }
}

extension PostgresBindings {
    mutating func append(_ value: PGValue) throws {
        if case .null = value { appendNull() } else { try append(PGEncoded(value: value)) }
    }
}

/// A result row, read by column index in the binary format PostgresNIO asks for.
struct PGRow {
    let cells: [PostgresCell]

    init(_ row: PostgresRow) { cells = Array(row) }

    private func bytes(_ index: Int) -> ByteBuffer? { cells[index].bytes }

    func isNull(_ index: Int) -> Bool { cells[index].bytes == nil }

    func optionalString(_ index: Int) -> String? {
        guard var buffer = bytes(index) else { return nil }
        return buffer.readString(length: buffer.readableBytes)
    }
    func string(_ index: Int) throws -> String {
        guard let text = optionalString(index) else { throw PostgresStoreError.decoding("column \(cells[index].columnName) is NULL") }
        return text
    }

    func optionalInt64(_ index: Int) throws -> Int64? {
        guard var buffer = bytes(index) else { return nil }
        switch cells[index].dataType {
        case .int8: if let v = buffer.readInteger(as: Int64.self) { return v }
        case .int4: if let v = buffer.readInteger(as: Int32.self) { return Int64(v) }
        case .int2: if let v = buffer.readInteger(as: Int16.self) { return Int64(v) }
        case .numeric: if let v = try Self.numeric(&buffer).uint64Value, v <= UInt64(Int64.max) { return Int64(v) }
        default: break
        }
        throw PostgresStoreError.decoding("column \(cells[index].columnName) is not an integer (\(cells[index].dataType))")
    }
    func int64(_ index: Int) throws -> Int64 {
        guard let value = try optionalInt64(index) else { throw PostgresStoreError.decoding("column \(cells[index].columnName) is NULL") }
        return value
    }
    func int(_ index: Int) throws -> Int { Int(try int64(index)) }

    func bool(_ index: Int) throws -> Bool {
        guard var buffer = bytes(index), let byte = buffer.readInteger(as: UInt8.self) else {
            throw PostgresStoreError.decoding("column \(cells[index].columnName) is not a boolean")
        }
        return byte != 0
    }

    func double(_ index: Int) throws -> Double {
        guard var buffer = bytes(index) else { throw PostgresStoreError.decoding("column \(cells[index].columnName) is NULL") }
        switch cells[index].dataType {
        case .float8: if let bits = buffer.readInteger(as: UInt64.self) { return Double(bitPattern: bits) }
        case .float4: if let bits = buffer.readInteger(as: UInt32.self) { return Double(Float(bitPattern: bits)) }
        default: break
        }
        throw PostgresStoreError.decoding("column \(cells[index].columnName) is not a float")
    }

    func timestamp(_ index: Int) throws -> Timestamp { Timestamp(milliseconds: try int64(index)) }
    func optionalTimestamp(_ index: Int) throws -> Timestamp? { try optionalInt64(index).map(Timestamp.init(milliseconds:)) }

    func optionalAmount(_ index: Int) throws -> UInt256? {
        guard var buffer = bytes(index) else { return nil }
        guard cells[index].dataType == .numeric, cells[index].format == .binary else {
            throw PostgresStoreError.decoding("column \(cells[index].columnName) is not numeric")
        }
        return try Self.numeric(&buffer)
    }
    func amount(_ index: Int) throws -> UInt256 {
        guard let value = try optionalAmount(index) else { throw PostgresStoreError.decoding("column \(cells[index].columnName) is NULL") }
        return value
    }
    func usd(_ index: Int) throws -> USDAmount { USDAmount(micros: try amount(index)) }
    func optionalUSD(_ index: Int) throws -> USDAmount? { try optionalAmount(index).map(USDAmount.init(micros:)) }

    func address(_ index: Int) throws -> Address {
        let text = try string(index)
        do { return try Address(text) } catch { throw PostgresStoreError.decoding("bad address column: \(text)") }
    }
    func optionalAddress(_ index: Int) throws -> Address? {
        guard let text = optionalString(index) else { return nil }
        do { return try Address(text) } catch { throw PostgresStoreError.decoding("bad address column: \(text)") }
    }

    func json(_ index: Int) throws -> JSONValue { try JSONValue.parse(try string(index)) }
    func optionalJSON(_ index: Int) throws -> JSONValue? { try optionalString(index).map { try JSONValue.parse($0) } }

    func optionalBytes(_ index: Int) -> [UInt8]? {
        guard var buffer = bytes(index) else { return nil }
        return buffer.readBytes(length: buffer.readableBytes)
    }

    /// A non-negative integral `numeric` in PostgreSQL's binary form (base-10000 digit groups),
    /// exactly; saturates at `UInt256.max` (sums of amounts can exceed it).
    static func numeric(_ buffer: inout ByteBuffer) throws -> UInt256 {
        guard let count = buffer.readInteger(as: Int16.self), let weight = buffer.readInteger(as: Int16.self),
              let sign = buffer.readInteger(as: UInt16.self), buffer.readInteger(as: UInt16.self) != nil, count >= 0
        else { throw PostgresStoreError.decoding("malformed numeric") }
        guard sign == 0 else { throw PostgresStoreError.decoding("a negative or NaN amount") }
        var value = UInt256.zero
        let base = UInt256(10_000)
        var saturated = false
        for position in 0..<Int(count) {
            guard let group = buffer.readInteger(as: Int16.self), (0..<10_000).contains(group) else {
                throw PostgresStoreError.decoding("malformed numeric digit")
            }
            // Digit groups after the decimal point must be zero (amounts are integers).
            if position > Int(weight) {
                guard group == 0 else { throw PostgresStoreError.decoding("a fractional amount") }
                continue
            }
            let shifted = value.multipliedReportingOverflow(by: base)
            let added = shifted.partialValue.addingReportingOverflow(UInt256(UInt64(group)))
            if shifted.overflow || added.overflow { saturated = true }
            value = added.partialValue
        }
        if Int(weight) >= Int(count) {
            for _ in 0..<(Int(weight) - Int(count) + 1) {
                let shifted = value.multipliedReportingOverflow(by: base)
                if shifted.overflow { saturated = true }
                value = shifted.partialValue
            }
        }
        return saturated ? .max : value
    }
}
