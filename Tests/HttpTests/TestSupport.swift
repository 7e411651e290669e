import Synchronization
import Testing
@testable import Http

/// The ``HTTPError`` an operation fails with, or `nil` when it succeeds.
func failure<T>(_ operation: () async throws -> T) async -> HTTPError? {
    do {
        _ = try await operation()
        return nil
    } catch let error as HTTPError {
        return error
    } catch {
        Issue.record("not an HTTPError: \(error)")
        return nil
    }
}

/// The ``HTTPError`` a finished task failed with, or `nil`.
func failure<T>(of result: Result<T, any Error>) -> HTTPError? {
    guard case .failure(let error) = result else { return nil }
    return error as? HTTPError
}

/// A thread-safe list the streaming callbacks (on the transfer thread) append to.
final class Recorder<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    func append(_ item: Element) { items.withLock { $0.append(item) } }
    var all: [Element] { items.withLock { $0 } }
}
