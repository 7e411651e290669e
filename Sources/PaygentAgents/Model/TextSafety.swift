import PaygentCore

/// Untrusted text (service bodies, model output, remote errors) made safe to store and show:
/// control characters replaced, length bounded.
enum TextSafety {
    static func clean(_ text: String, limit: Int = 500) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit { out += "…"; break }
            if scalar == "\n" || scalar == "\t" {
                out.unicodeScalars.append(" ")
            } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value)
            {
                out.unicodeScalars.append("?")
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}

/// The one-line message of `error` (a ``PaygentError``'s message, else its description).
func errorMessage(_ error: any Error) -> String {
    if let error = error as? PaygentError { return error.message }
    if let error = error as? AgentFailure { return error.message }
    return String(describing: error)
}
