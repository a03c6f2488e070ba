import Synchronization

/// A database call that did not answer in time.
public struct DeadlineExceeded: Error, Sendable, CustomStringConvertible {
    public var limit: Duration
    public var description: String { "no answer from the database within \(limit)" }
}

/// Runs `operation` but stops waiting for it after `limit`.
///
/// A statement sent on a connection that the server just dropped (a restart, a failover) can wait
/// forever inside the driver, and so would a worker or an API request awaiting it; while the
/// server is down, a query waits for a connection without end. Past the limit the caller gives up
/// on it and goes on; the abandoned call is cancelled. Fencing makes sure a worker's abandoned call
/// can never commit a job it no longer holds; an API client retries with its idempotency key.
public func withDeadline<Value: Sendable>(
    _ limit: Duration,
    _ operation: @Sendable @escaping () async throws -> Value
) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let race = DeadlineRace(continuation)
        let timer = Task {
            try await Task.sleep(for: limit)
            if race.settle(.failure(DeadlineExceeded(limit: limit))) { race.abandonWork() }
        }
        race.adopt(
            Task {
                do {
                    _ = race.settle(.success(try await operation()))
                } catch {
                    _ = race.settle(.failure(error))
                }
                timer.cancel()
            }
        )
    }
}

/// The work and the timer of one ``withDeadline(_:_:)``: whichever ends first resumes the caller, once.
private final class DeadlineRace<Value: Sendable>: Sendable {
    private let state: Mutex<(continuation: CheckedContinuation<Value, any Error>?, work: Task<Void, Never>?)>

    init(_ continuation: CheckedContinuation<Value, any Error>) {
        state = Mutex((continuation, nil))
    }

    func adopt(_ work: Task<Void, Never>) {
        state.withLock { $0.work = work }
    }

    /// Resumes the caller with `result` unless it was resumed already; returns whether this call did.
    func settle(_ result: Result<Value, any Error>) -> Bool {
        let continuation = state.withLock { state in
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: result)
        return continuation != nil
    }

    func abandonWork() {
        state.withLock { $0.work }?.cancel()
    }
}
