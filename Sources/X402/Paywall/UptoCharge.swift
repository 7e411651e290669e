import PaygentEVM
import PaygentFoundation

/// The amount an `upto` route's handler charges, read from its `Settlement-Overrides` header
/// (`{"amount":"<base units>"}`): a decimal integer no larger than the signed maximum.
public enum UptoCharge {
    /// Why a handler's settlement amount cannot be used.
    public struct Unusable: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// Parses `header`; the charge must be at most `maximum`.
    public static func parse(_ header: String, maximum: UInt256) -> Result<UInt256, Unusable> {
        let object: JSONObject
        do {
            guard let parsed = try JSONParser.parse(header, limits: JSONLimits(maxBytes: 1024, maxDepth: 4)).objectValue else {
                return .failure(Unusable(description: "Settlement-Overrides is not a JSON object"))
            }
            object = parsed
        } catch {
            return .failure(Unusable(description: "Settlement-Overrides is not JSON: \(error)"))
        }
        let charge: UInt256
        do {
            charge = try FieldReader(object, path: "Settlement-Overrides").uint256("amount")
        } catch {
            return .failure(Unusable(description: error.description))
        }
        guard charge <= maximum else {
            return .failure(Unusable(description: "charge \(charge) exceeds the signed maximum \(maximum)"))
        }
        return .success(charge)
    }
}
