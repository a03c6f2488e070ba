import Synchronization

/// A database call that did not answer in time.
public struct DeadlineExceeded: Error, Sendable, CustomStringConvertible {
    public var limit: Duration
    public var description: String { "no answer from the database within \(limit)" }
}

/// Runs `operation` but stops waiting for it after `limit`, or as soon as the caller is cancelled.
///
/// A statement sent on a connection that the server just dropped (a restart, a failover) can wait
/// forever inside the driver, and so would a worker or an API request awaiting it; while the
/// server is down, a query waits for a connection without end. A task group would wait for such a
/// child too, so the work runs in a task of its own that the caller abandons (and cancels) past
/// the limit. Fencing makes sure a worker's abandoned call can never commit a job it no longer
/// holds; an API client retries with its idempotency key.
public func withDeadline<Value: Sendable>(
    _ limit: Duration,
    _ operation: @Sendable @escaping () async throws -> Value
) async throws -> Value {
    let race = DeadlineRace<Value>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            race.begin(continuation)
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
    } onCancel: {
        if race.settle(.failure(CancellationError())) { race.abandonWork() }
    }
}

/// The work and the timer of one ``withDeadline(_:_:)``: whichever ends first (or the caller's
/// cancellation) resumes the caller, once.
private final class DeadlineRace<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        /// A result that came before the continuation did (a cancellation before the start).
        var early: Result<Value, any Error>?
        var settled = false
        var work: Task<Void, Never>?
    }

    private let state = Mutex(State())

    func begin(_ continuation: CheckedContinuation<Value, any Error>) {
        let early = state.withLock { state -> Result<Value, any Error>? in
            guard let early = state.early else {
                state.continuation = continuation
                return nil
            }
            return early
        }
        if let early { continuation.resume(with: early) }
    }

    /// Keeps the work so it can be abandoned; abandons it at once if the race is already over.
    func adopt(_ work: Task<Void, Never>) {
        let over = state.withLock { state in
            state.work = work
            return state.settled
        }
        if over { work.cancel() }
    }

    /// Resumes the caller with `result` unless the race was settled already; returns whether this call settled it.
    func settle(_ result: Result<Value, any Error>) -> Bool {
        let (settledNow, continuation) = state.withLock { state -> (Bool, CheckedContinuation<Value, any Error>?) in
            guard !state.settled else { return (false, nil) }
            state.settled = true
            defer { state.continuation = nil }
            if state.continuation == nil { state.early = result }
            return (true, state.continuation)
        }
        continuation?.resume(with: result)
        return settledNow
    }

    func abandonWork() {
        state.withLock { $0.work }?.cancel()
    }
}
