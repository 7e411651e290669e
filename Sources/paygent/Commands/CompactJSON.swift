import ArgumentParser
import PaygentFoundation
import Foundation
import PaygentAgents
import PaygentChain
import PaygentCore
import PaygentDemo
import PaygentEVM
import PaygentSQLite
import X402

/// One value as compact JSON on one line (JSON lines output).
enum CompactJSON {
    static func line<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
