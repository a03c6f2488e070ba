import Foundation
import StewardPostgres
import StewardRuntime
import StewardTestSupport
import Synchronization

/// Runs worker pools for the duration of `body`, then cancels them.
func withWorkers<Result: Sendable>(
    _ fixture: EngineFixture,
    count: Int = 1,
    configuration: WorkerPool.Configuration = .fastForTests,
    sender: any NotificationSender = RecordingSender(),
    reports: (any JobRunner)? = nil,
    _ body: ([WorkerPool]) async throws -> Result
) async throws -> Result {
    try await withWorkers(
        engine: fixture.engine,
        queue: fixture.queue,
        count: count,
        configuration: configuration,
        sender: sender,
        reports: reports,
        body
    )
}

/// Runs worker pools over any engine and queue (a real clock, a private cluster).
func withWorkers<Result: Sendable>(
    engine: WorkflowEngine,
    queue: JobQueue,
    count: Int = 1,
    configuration: WorkerPool.Configuration = .fastForTests,
    sender: any NotificationSender = RecordingSender(),
    reports: (any JobRunner)? = nil,
    _ body: ([WorkerPool]) async throws -> Result
) async throws -> Result {
    let pools = (0..<count).map { index in
        var configuration = configuration
        configuration.workerID = "worker-\(index)"
        return WorkerPool(
            engine: engine,
            queue: queue,
            sender: sender,
            reports: reports,
            configuration: configuration,
            logger: TestPostgres.logger
        )
    }
    return try await withThrowingTaskGroup(of: Void.self) { group in
        for pool in pools { group.addTask { try await pool.run() } }
        defer { group.cancelAll() }
        return try await body(pools)
    }
}

extension WorkerPool.Configuration {
    /// One claim loop, short polls and lease checks, so tests that move a manual clock see progress.
    static var fastForTests: Self {
        Self(concurrency: 1, batchSize: 20, lease: .seconds(30), pollInterval: .milliseconds(50), leaseCheckInterval: .milliseconds(50))
    }
}

/// A notification sender that records what it delivered, can fail the first attempts, and can be slow.
final class RecordingSender: NotificationSender {
    private let state = Mutex<(delivered: [OutboxMessage], attempts: [Int64: Int])>(([], [:]))
    let failuresBeforeSuccess: Int
    let delay: Duration

    init(failuresBeforeSuccess: Int = 0, delay: Duration = .zero) {
        self.failuresBeforeSuccess = failuresBeforeSuccess
        self.delay = delay
    }

    func deliver(_ message: OutboxMessage) async -> DeliveryOutcome {
        if delay > .zero { try? await Task.sleep(for: delay) }
        let fail = state.withLock { state -> Bool in
            state.attempts[message.id, default: 0] += 1
            guard state.attempts[message.id]! > failuresBeforeSuccess else { return true }
            state.delivered.append(message)
            return false
        }
        return fail ? .retry("mail relay refused the message", retryAfter: nil) : .sent("recorded")
    }

    var delivered: [OutboxMessage] { state.withLock { $0.delivered } }
    func attempts(_ id: Int64) -> Int { state.withLock { $0.attempts[id] ?? 0 } }
}
