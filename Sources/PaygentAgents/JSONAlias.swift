import PaygentCore

/// Inside this module `JSONValue` is the control plane's free-form JSON (X402 has its own,
/// order-preserving one for wire messages; it is never needed here under that name).
typealias JSONValue = PaygentCore.JSONValue
