import ArgumentParser
import PaygentFoundation
import Foundation
import Http
import PaygentEVM
import X402
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `paygent x402`: look at what a URL charges and decode x402 headers.
struct X402Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "x402",
        abstract: "Inspect x402 paywalls and decode x402 headers.",
        subcommands: [Inspect.self, Decode.self]
    )

    /// `paygent x402 inspect URL [-X METHOD] [-H 'K: V'] [-d BODY] [--json]`
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Show what a URL charges, in every x402 form it offers (nothing is paid).",
            discussion: """
                Sends the request once without payment. A 402 answer is decoded in all three forms: the v2 \
                PAYMENT-REQUIRED header, the v1 accepts[] body and the Cronos paymentRequirements body. \
                Exit status: 0 when the answer was read (paid or free), 1 when the request failed, 2 on bad input.
                """
        )

        @Argument(help: "The URL to inspect.")
        var url: String

        @OptionGroup var request: RequestOptions

        @Flag(name: .long, help: "Print JSON instead of text.")
        var json = false

        func run() async throws {
            try await runCLI {
                let httpRequest = try request.httpRequest(url: url)
                let response: HTTPResponse
                do {
                    response = try await HTTPClient.shared.send(httpRequest)
                } catch {
                    X402Stderr.write("paygent: error: \(error)\n")
                    throw ExitCode(1)
                }
                let report = InspectReport(url: url, response: response)
                print(json ? JSONWriter.pretty(report.json()) : report.text())
            }
        }
    }

    /// `paygent x402 decode HEADER`
    struct Decode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decode",
            abstract: "Decode an x402 header value (payment required, payment, or payment response; v1, v2 or Cronos).",
            discussion: """
                HEADER is the base64 value, optionally preceded by its name ("PAYMENT-SIGNATURE: eyJ…"); \
                "-" reads it from standard input. Prints pretty JSON: the kind, the dialect, checks, and the value. \
                A value that does not decode is reported on one line with its x402 reason code (exit status 2).
                """
        )

        @Argument(help: "The header value, or - for standard input.")
        var header: String

        func run() async throws {
            try await runCLI {
                var text = header
                if text == "-" {
                    let data = FileHandle.standardInput.readDataToEndOfFile()
                    text = String(decoding: data, as: UTF8.self)
                }
                print(JSONWriter.pretty(try HeaderDecoding.describe(text)))
            }
        }
    }
}
