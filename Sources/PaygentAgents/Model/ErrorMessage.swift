import PaygentCore

/// The one-line message of `error` (a ``PaygentError``'s message, else its description).
func errorMessage(_ error: any Error) -> String {
    if let error = error as? PaygentError { return error.message }
    if let error = error as? AgentFailure { return error.message }
    return String(describing: error)
}
