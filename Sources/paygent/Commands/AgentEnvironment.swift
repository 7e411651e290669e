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

/// Where `agent run` runs: a demo fleet without agents, or the user's store with one wallet key.
struct AgentEnvironment {
    /// The control plane the run talks to.
    let paygent: any AgentHost
    /// The embedded control plane this command opened (closed with it); nil for the demo's.
    let local: EmbeddedPaygent?
    let runtime: AgentRuntime
    let wallet: Address
    let databasePath: String
    let isDemo: Bool
    let fleet: DemoFleetHandle?

    static func open(_ options: AgentCommand.Run) async throws -> AgentEnvironment {
        if options.useDemo {
            let fleet: DemoFleetHandle
            do {
                fleet = try await DemoFleet.start(DemoFleetOptions(databasePath: options.databasePath, agents: 0, startAgents: false))
            } catch {
                throw CLIError("cannot start the demo environment: \(error)")
            }
            return AgentEnvironment(paygent: fleet.paygent, local: nil, runtime: fleet.runtime, wallet: fleet.cliWallet,
                                    databasePath: fleet.databasePath, isDemo: true, fleet: fleet)
        }
        // Flags win; otherwise what `paygent init` set up (and a clear word when it has not run).
        let explicitKey = options.keyFile != nil || options.devnetAccount != nil || ProcessInfo.processInfo.environment["PAYGENT_KEY_FILE"] != nil
        let setup = explicitKey ? try SetupConfig.load() : try SetupConfig.required(for: "`paygent agent run` without --demo or --key-file")
        let key = try setup.flatMap { explicitKey ? nil : try KeyFile.load($0.keyFile) } ?? loadKey(options)
        let path = options.databasePath ?? ProcessInfo.processInfo.environment["PAYGENT_DATABASE"] ?? SQLiteStore.defaultPath()
        let paygent = try await CLIStore.open(path)
        let tokens = setup?.tokens ?? [PaymentToken.cronosTestnetUSDC]
        let facilitator = LocalFacilitator(
            ledger: paygent.ledger,
            configuration: .init(networks: Array(Set(tokens.map(\.network))), tokens: tokens, signers: [DevnetAccounts.facilitatorSigner.address]))
        let runtime = AgentRuntime(paygent: paygent, wallets: KeyRing([key]), facilitator: facilitator,
                                   configuration: AgentRuntimeConfiguration(paymentTokens: tokens))
        // Outcomes of signed payments: from the chain on a real network, from the store's ledger on the devnet.
        paygent.startMaintenance(settlements: await CLIStore.settlements(for: paygent))
        return AgentEnvironment(paygent: paygent, local: paygent, runtime: runtime, wallet: key.address, databasePath: path, isDemo: false, fleet: nil)
    }

    static func loadKey(_ options: AgentCommand.Run) throws(CLIError) -> PrivateKey {
        if let account = options.devnetAccount {
            guard options.keyFile == nil else { throw CLIError("use either --key-file or --devnet-account, not both") }
            guard (0...999).contains(account) else { throw CLIError("--devnet-account must be between 0 and 999") }
            return DevnetAccounts.key(account)
        }
        guard let file = options.keyFile ?? ProcessInfo.processInfo.environment["PAYGENT_KEY_FILE"] else {
            throw CLIError("no wallet: run `paygent init`, or give --key-file FILE or --devnet-account N (or use --demo)")
        }
        return try KeyFile.load(file)
    }

    func close() async {
        if let fleet {
            await fleet.stop()
        } else {
            await runtime.shutdown()
            try? await local?.close()
        }
    }
}
