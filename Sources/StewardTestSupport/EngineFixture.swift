import Foundation
import PostgresNIO
import StewardCore
import StewardPostgres

/// An engine on a fresh test database with a clock the test moves, and the test workflows registered.
public struct EngineFixture: Sendable {
    /// A fixed, ordinary instant: Tuesday 24 November 2026, 12:00 UTC.
    public static let epoch = Date(timeIntervalSince1970: 1_795_521_600)

    public let database: TestDatabase
    public let clock: ManualClock
    public let engine: WorkflowEngine
    public let queue: JobQueue
    public let board: TaskBoard

    /// Runs `body` against a fresh database seeded with customer `acme` and group `support` (alice, bob).
    public static func with<Result: Sendable>(
        retryPolicy: RetryPolicy = RetryPolicy(initialDelay: .seconds(1), maximumDelay: .seconds(60), maxAttempts: 3),
        _ body: (EngineFixture) async throws -> Result
    ) async throws -> Result {
        try await TestPostgres.withDatabase { database in
            try await database.seed()
            let fixture = EngineFixture(database: database, retryPolicy: retryPolicy)
            return try await body(fixture)
        }
    }

    public init(database: TestDatabase, retryPolicy: RetryPolicy = RetryPolicy(), clock: ManualClock = ManualClock(EngineFixture.epoch)) {
        self.database = database
        self.clock = clock
        engine = WorkflowEngine(
            client: database.client,
            registry: WorkflowRegistry([AnyWorkflow(TicketWorkflow()), AnyWorkflow(TimerChainWorkflow())]),
            clock: clock,
            logger: TestPostgres.logger
        )
        queue = JobQueue(client: database.client, clock: clock, retryPolicy: retryPolicy, logger: TestPostgres.logger)
        board = TaskBoard(engine: engine)
    }

    /// Files a ticket for `acme` and returns its id.
    public func fileTicket(_ title: String = "scanner crashes", escalateAfter: Double = 3_600) async throws -> UUID {
        try await engine.start(
            TicketWorkflow.self,
            customerID: "acme",
            input: .init(title: title, escalateAfter: escalateAfter),
            actor: .customer("acme-bob")
        ).workflow.id
    }

    /// Fires the timers due now, as one worker's batch does.
    @discardableResult
    public func fireDueTimers(limit: Int = 100) async throws -> TimerBatchOutcome {
        try await engine.fireDueTimers(limit: limit, queue: queue)
    }

    /// A delivery job for `acme`, due now, with no outbox row behind it: a job workers hold under
    /// a lease, for tests of the lease itself.
    public func insertDeliveryJob(name: String = "1") async throws {
        try await database.client.query(
            """
            INSERT INTO jobs (customer_id, kind, name, payload, run_at, created_at)
            VALUES ('acme', 'notification', \(name), '{}', \(clock.now), \(clock.now))
            """)
    }

    /// Makes the server refuse any change to one workflow's row, as a failing constraint would.
    public func refuseUpdates(of workflowID: UUID) async throws {
        try await database.client.query(
            """
            CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'refused by the test'; END $$
            """)
        try await database.client.query(
            PostgresQuery(
                unsafeSQL: """
                    CREATE TRIGGER refuse BEFORE UPDATE ON workflows FOR EACH ROW
                    WHEN (OLD.workflow_id = '\(workflowID.uuidString)') EXECUTE FUNCTION refuse()
                    """))
    }

    /// Moves the clock to the next ready job's time once nothing is due or running, as time would
    /// pass for workers that are waiting on a retry; false when there is nothing to wait for.
    @discardableResult
    public func advanceToNextDueJob() async throws -> Bool {
        let busy = try await database.count(
            "SELECT count(*)::int8 FROM jobs WHERE status = 'running' OR (status = 'ready' AND run_at <= \(clock.now))")
        guard busy == 0,
            let next = try await database.client.query("SELECT min(run_at) FROM jobs WHERE status = 'ready'", logger: TestPostgres.logger)
                .collect().first?.decode(Date?.self) ?? nil
        else { return false }
        clock.set(next)
        return true
    }

    /// Waits until `condition` holds, checking every 20 ms, or fails after `timeout`.
    public static func eventually(
        timeout: Duration = .seconds(60),
        _ what: String,
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TimedOut(what: what, timeout: timeout)
    }

    public struct TimedOut: Error, CustomStringConvertible {
        public var what: String
        public var timeout: Duration
        public var description: String { "waited \(timeout) for \(what)" }
    }
}
