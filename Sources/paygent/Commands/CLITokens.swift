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

/// Human amounts of the known tokens (``PaymentToken/known``).
enum CLITokens {
    /// `0.01 devUSDC.e (10000 base units)`, or `10000 base units of 0x…` for unknown tokens.
    static func describe(_ amount: UInt256, asset: Address, chainID: UInt64) -> String {
        guard let token = PaymentToken.known(asset: asset, chainID: chainID) else { return "\(amount) base units of \(asset)" }
        return "\(token.format(amount)) \(token.symbol) (\(amount) base units)"
    }
}
