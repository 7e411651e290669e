import ArgumentParser
import Foundation
import PaygentEVM

/// `paygent evm`: EIP-712 typed-data signing and signer recovery.
struct EVMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evm",
        abstract: "Sign EIP-712 typed data and recover signers.",
        subcommands: [SignTypedData.self, Recover.self, Interop.self]
    )

    /// Reads and parses an `eth_signTypedData_v4` JSON file.
    static func loadTypedData(_ path: String) throws(CLIError) -> TypedData {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read JSON file \(path)")
        }
        do {
            return try TypedData(json: data)
        } catch {
            throw CLIError("\(path): \(error)")
        }
    }

    /// `paygent evm sign-typed-data --key-file FILE --json FILE`
    struct SignTypedData: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign-typed-data",
            abstract: "Print the 65-byte signature (hex) of an EIP-712 document (eth_signTypedData_v4 JSON)."
        )

        @Option(name: .customLong("key-file"), help: ArgumentHelp("The signing key file.", valueName: "file"))
        var keyFile: String

        @Option(name: .customLong("json"), help: ArgumentHelp("The typed-data JSON document.", valueName: "file"))
        var json: String

        func run() async throws {
            try await runCLI {
                let key = try KeyFile.load(keyFile)
                let document = try EVMCommand.loadTypedData(json)
                print(try document.sign(with: key).hex)
            }
        }
    }

    /// `paygent evm recover --json FILE --signature HEX`
    struct Recover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recover",
            abstract: "Print the address that signed an EIP-712 document."
        )

        @Option(name: .customLong("json"), help: ArgumentHelp("The typed-data JSON document.", valueName: "file"))
        var json: String

        @Option(name: .long, help: ArgumentHelp("The 65-byte signature as hex.", valueName: "hex"))
        var signature: String

        func run() async throws {
            try await runCLI {
                let parsed: Signature
                do { parsed = try Signature(hex: signature) } catch { throw CLIError("--signature: \(error)") }
                let document = try EVMCommand.loadTypedData(json)
                print(try document.recoverSigner(parsed).checksummed)
            }
        }
    }

    /// `paygent evm interop --input FILE [--output FILE]` (hidden): bulk signing and recovery for
    /// the eth_account interop check (scripts/interop/eth_account_typed_data.py).
    ///
    /// Each input line is `{"id": …, "doc": {typed data}, "key": "0x…"?, "signature": "0x…"?}`; each
    /// output line is `{"id": …, "digest": "0x…", "signature": "0x…"?, "address": "0x…"?,
    /// "recovered": "0x…"?, "error": "…"?}` (signature/address from signing with `key`,
    /// recovered from `signature`).
    struct Interop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "interop",
            abstract: "Bulk typed-data signing/recovery for interoperability tests (JSON lines).",
            shouldDisplay: false
        )

        @Option(name: .long, help: ArgumentHelp("JSON-lines input.", valueName: "file"))
        var input: String

        @Option(name: .long, help: ArgumentHelp("JSON-lines output (default: stdout).", valueName: "file"))
        var output: String?

        struct Result: Encodable {
            var id: TypedData.Value
            var digest: String?
            var signature: String?
            var address: String?
            var recovered: String?
            var error: String?
        }

        func run() async throws {
            try await runCLI {
                guard let data = FileManager.default.contents(atPath: input) else {
                    throw CLIError("cannot read \(input)")
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                var out = Data()
                for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
                    let record: TypedData.Value
                    do { record = try TypedData.Value.parse(json: Array(line)) } catch {
                        throw CLIError("\(input):\(number + 1): \(error)")
                    }
                    out.append(try encoder.encode(Self.process(record)))
                    out.append(UInt8(ascii: "\n"))
                }
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: out) else {
                        throw CLIError("cannot write \(output)")
                    }
                } else {
                    StandardStreams.out(out)
                }
            }
        }

        static func process(_ record: TypedData.Value) -> Result {
            var result = Result(id: record["id"] ?? .null)
            do {
                guard let doc = record["doc"] else { throw CLIError("missing \"doc\"") }
                let document = try TypedData(document: doc)
                let digest = try document.signingDigest()
                result.digest = Hex.encode(digest)
                if case .string(let keyHex)? = record["key"] {
                    let key = try PrivateKey(hex: keyHex)
                    result.signature = try key.sign(digest: digest).hex
                    result.address = key.address.checksummed
                }
                if case .string(let signatureHex)? = record["signature"] {
                    result.recovered = try Signature(hex: signatureHex).recoverAddress(digest: digest).checksummed
                }
            } catch {
                result.error = String(describing: error)
            }
            return result
        }
    }
}
