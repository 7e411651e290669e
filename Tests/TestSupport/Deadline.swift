/// Runs `body`, failing with `what` when it takes longer than `seconds` (every wait in these tests has a deadline).
public func withDeadline<T: Sendable>(_ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw DeadlineExceeded(description: "\(what): no result within \(seconds) s")
        }
        return value
    }
}

/// A body that ran past its deadline.
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public var description: String
}
