import ArgumentParser
import X402Client
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

/// `paygent pay URL`: curl with a wallet — requests a URL and pays its x402 paywall.
struct PayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pay",
        abstract: "Request a URL, paying its x402 paywall, and print the response body.",
        discussion: """
            Understands all three x402 forms (v2 PAYMENT-REQUIRED header, v1 accepts[] body, Cronos \
            paymentRequirements body), prefers v2, picks the cheapest option allowed by --network and \
            --max-amount, signs one EIP-3009 authorisation and retries with it. 429/5xx/transport errors are \
            retried with backoff; a paid request is only ever retried with the same signed authorisation.

            The key comes from --key-file (or $PAYGENT_KEY_FILE), or --devnet-account N for the public \
            throwaway devnet keys that `paygent demo-services serve` funds.

            Exit status: 0 paid or free (HTTP 2xx/3xx), 1 payment refused/failed or HTTP error status, \
            2 bad input, 3 the payment would need a human's approval, 4 the payment's outcome is unknown.
            """
    )

    @Argument(help: "The URL to request.")
    var url: String

    @Option(name: .customLong("key-file"), help: ArgumentHelp("File holding the payer's private key (hex).", valueName: "file"))
    var keyFile: String?

    @Option(name: .customLong("devnet-account"), parsing: .unconditional, help: ArgumentHelp("Use public devnet key N instead of a key file (local devnet only).", valueName: "n"))
    var devnetAccount: Int?

    @Option(name: .customLong("max-amount"), parsing: .unconditional, help: ArgumentHelp("Largest payment in whole tokens (known tokens; see --decimals).", valueName: "amount"))
    var maxAmount: String = "0.10"

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Decimals to assume for tokens the CLI does not know (otherwise they are refused).", valueName: "n"))
    var decimals: Int?

    @Option(name: .long, help: ArgumentHelp("Network allowed to pay on, like eip155:338 or cronos-testnet (repeatable; default any).", valueName: "network"))
    var network: [String] = []

    @OptionGroup var request: RequestOptions

    @Flag(name: .shortAndLong, help: "Show the 402, the chosen requirement and the settlement on stderr.")
    var verbose = false

    func run() async throws {
        let result: X402PaymentResult = try await runCLI {
            let httpRequest = try request.httpRequest(url: url)
            let signer = try loadSigner()
            let networks = try network.map { text throws(CLIError) -> Network in
                do { return try Network(text) } catch { throw CLIError("--network: \(error)") }
            }
            if let decimals, !(0...36).contains(decimals) { throw CLIError("--decimals must be between 0 and 36") }
            // Validate --max-amount now (6 decimals is the tightest common case).
            do { _ = try TokenAmount.parse(maxAmount, decimals: 36) } catch { throw CLIError("--max-amount \(String(reflecting: maxAmount)): \(error)") }
            let policy = TokenMaximumPolicy(maximum: maxAmount, unknownTokenDecimals: decimals)
            let configuration = X402PayerConfiguration(networks: networks.isEmpty ? nil : networks)
            let client = HTTPClient(configuration: .init(timeout: .seconds(request.timeout)))
            let transport: any X402Transport = verbose ? VerboseTransport(client) : client
            let payer = X402Payer(signer: signer, policy: policy, configuration: configuration, transport: transport)
            if verbose { X402Stderr.write("* payer \(signer.address)\n") }
            return await payer.pay(httpRequest)
        }
        try finish(result)
    }

    private func loadSigner() throws(CLIError) -> PrivateKey {
        if let devnetAccount {
            guard keyFile == nil else { throw CLIError("use either --key-file or --devnet-account, not both") }
            guard (0...999).contains(devnetAccount) else { throw CLIError("--devnet-account must be between 0 and 999") }
            return DevnetAccounts.key(devnetAccount)
        }
        guard let path = keyFile ?? ProcessInfo.processInfo.environment["PAYGENT_KEY_FILE"], !path.isEmpty else {
            throw CLIError("no key: pass --key-file FILE (or set PAYGENT_KEY_FILE), or --devnet-account N for the local devnet")
        }
        return try KeyFile.load(path)
    }

    private func finish(_ result: X402PaymentResult) throws {
        switch result {
        case .paid(let receipt):
            if verbose {
                X402Stderr.write("* paid \(CLITokens.describe(receipt.requirement.amount, asset: receipt.requirement.asset, chainID: receipt.requirement.chainID)) to \(receipt.requirement.payTo) on \(receipt.requirement.network) (\(receipt.payment.dialect), \(receipt.attempts) attempt\(receipt.attempts == 1 ? "" : "s"))\n")
                X402Stderr.write("* chosen requirement:\n" + JSONWriter.pretty(requirementJSON(receipt.requirement)) + "\n")
                if let settlement = receipt.settlement {
                    X402Stderr.write("* settlement:\n" + JSONWriter.pretty(settlement.json()) + "\n")
                } else {
                    X402Stderr.write("* the server sent no payment response header\n")
                }
            }
            try emit(receipt.response)
        case .notRequired(let response):
            if verbose { X402Stderr.write("* no payment required (HTTP \(response.status))\n") }
            try emit(response)
        case .approvalRequired(let intent, let reason):
            X402Stderr.write("paygent: payment needs approval: \(reason) (\(CLITokens.describe(intent.amount, asset: intent.asset, chainID: intent.chainID)) to \(intent.payTo))\n")
            throw ExitCode(3)
        case .denied(let reason):
            X402Stderr.write("paygent: error: payment refused: \(reason)\n")
            throw ExitCode(1)
        case .failed(let error):
            X402Stderr.write("paygent: error: \(error)\n")
            if case .outcomeUnknown = error { throw ExitCode(4) }
            throw ExitCode(1)
        }
    }

    private func emit(_ response: HTTPResponse) throws {
        StandardStreams.out(Data(response.body))
        if let last = response.body.last, last != UInt8(ascii: "\n"), isatty(STDOUT_FILENO) != 0 { print() }
        if response.status >= 400 {
            X402Stderr.write("paygent: error: HTTP \(response.status)\n")
            throw ExitCode(1)
        }
    }
}

/// `--max-amount` for any token: the limit is converted with the token's decimals (known tokens,
/// or `--decimals` for others; unknown tokens without it are refused).
struct TokenMaximumPolicy: PaymentPolicy {
    var maximum: String
    var unknownTokenDecimals: Int?

    func authorize(_ intent: PaymentIntent) async throws -> PolicyDecision {
        let decimals: Int
        if let token = PaymentToken.known(asset: intent.asset, chainID: intent.chainID) {
            decimals = token.decimals
        } else if let unknownTokenDecimals {
            decimals = unknownTokenDecimals
        } else {
            return .deny(reason: "token \(intent.asset) on chain \(intent.chainID) is unknown; pass --decimals N to allow it with --max-amount")
        }
        let limit: UInt256
        do { limit = try TokenAmount.parse(maximum, decimals: decimals) } catch {
            return .deny(reason: "--max-amount \(maximum) cannot be expressed with \(decimals) decimals: \(error)")
        }
        guard intent.amount <= limit else {
            return .deny(reason: "\(TokenAmount.format(intent.amount, decimals: decimals)) exceeds --max-amount \(maximum)")
        }
        return .allow(holdID: nil)
    }

    func record(_ outcome: PaymentOutcome, for intent: PaymentIntent, holdID: String?) async {}
}

/// Logs each exchange of `paygent pay -v` on stderr: requests, statuses, the decoded 402 and the
/// payment header sent.
struct VerboseTransport: X402Transport {
    let client: HTTPClient
    init(_ client: HTTPClient) { self.client = client }

    func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        var line = "> \(request.method) \(request.url)"
        if let header = request.headers[X402Header.paymentSignature] ?? request.headers[X402Header.xPayment] {
            let name = request.headers[X402Header.paymentSignature] != nil ? X402Header.paymentSignature : X402Header.xPayment
            line += " with \(name)"
            if let payment = try? PaymentPayload.decodeHeader(header) {
                let a = payment.exact.authorization
                line += " (\(payment.dialect), \(payment.scheme) by \(payment.exact.transferMethod.rawValue), nonce \(Hex.encode(a.nonce)), valid \(a.validAfter)…\(a.validBefore))"
            }
        }
        X402Stderr.write(line + "\n")
        do {
            let response = try await client.send(request)
            X402Stderr.write("< HTTP \(response.status)\n")
            if response.status == 402 { logChallenge(response) }
            return response
        } catch {
            X402Stderr.write("< \(error)\n")
            throw error
        }
    }

    private func logChallenge(_ response: HTTPResponse) {
        if let header = response.headers[X402Header.paymentRequired], let json = try? HeaderCodec.decodeJSON(header) {
            X402Stderr.write("< PAYMENT-REQUIRED:\n" + JSONWriter.pretty(json) + "\n")
        } else if let json = try? JSONParser.parse(response.body) {
            X402Stderr.write("< body:\n" + JSONWriter.pretty(json) + "\n")
        }
    }
}
