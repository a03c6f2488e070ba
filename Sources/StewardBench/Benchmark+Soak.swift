import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardPostgres
import StewardRuntime
import StewardTestSupport
import Synchronization

/// `steward bench --soak`: tickets filed and finished at a steady rate for a while, with the sizes
/// of the tables they churn printed every minute, to show whether autovacuum keeps them bounded.
extension Benchmark {
    /// The queue, and the per-request tables whose rows are updated after they are written.
    static let soakTables = ["jobs", "tasks", "outbox", "workflows"]
    /// The engineer who accepts and finishes the soak's tickets.
    static let soakAgent = "bench-agent"

    /// One table's size and autovacuum's work on it, as the server's statistics had them.
    struct TableSize: Sendable {
        var name: String
        var heapBytes: Int
        var indexBytes: Int
        var liveRows: Int
        var deadRows: Int
        var autovacuums: Int

        var totalBytes: Int { heapBytes + indexBytes }
    }

    /// The soak at one moment.
    struct SoakSnapshot: Sendable {
        var elapsed: Duration
        var filed: Int
        var finished: Int
        var readyJobs: Int
        var tables: [TableSize]
    }

    /// Files `ticketsPerSecond` tickets a second for `seconds` on a fresh private cluster and drives
    /// each to done, with 4 worker loops running throughout. Prints the churned tables at the start,
    /// every minute and at the end, and the claim time before and after, with no manual VACUUM or
    /// ANALYZE in between: a manual vacuum would hide the bloat this is about.
    public func runSoak(seconds: Int, ticketsPerSecond: Int = 20) async throws {
        let cluster = try startCluster()
        defer { cluster.destroy() }
        try await withDatabase(on: cluster, name: "steward_soak") { client in
            let engine = WorkflowEngine(client: client, registry: WorkflowRegistry([AnyWorkflow(TicketWorkflow())]), logger: logger)
            let queue = JobQueue(client: client, logger: logger)
            try await seedCustomer(client)
            try await seedSupportGroup(client)
            let claimAtStart = try await claimTime(queue: queue, client: client, vacuumFirst: false)
            print(String(format: "claim time (median of 90 claims of 20 from 2,000 ready deliveries), soak start: %.3f ms", claimAtStart))
            print(
                "soak: \(ticketsPerSecond) tickets filed per second for \(seconds) s. Each escalates at once (a timer, then a "
                    + "notification), is accepted from its triage task a second later and finished (a notification); 4 worker loops "
                    + "fire the timers and deliver to the log. No manual VACUUM or ANALYZE from here to the end.")
            print(
                "soak lines: heap and indexes from pg_relation_size and pg_indexes_size; live rows, dead rows and autovacuums "
                    + "from pg_stat_user_tables (the server's running estimates)")
            let tally = SoakTally()
            let started = ContinuousClock.now
            let end = started + .seconds(seconds)
            let first = try await soakSnapshot(client, since: started, tally: tally)
            printSnapshot(first, at: "start")
            var configuration = WorkerPool.Configuration(concurrency: 4)
            configuration.workerID = "bench-soak"
            let pool = WorkerPool(
                engine: engine, queue: queue, sender: LoggingNotificationSender(logger: logger), configuration: configuration,
                logger: logger)
            let minutes = try await withThrowingTaskGroup(of: Void.self, returning: [SoakSnapshot].self) { group in
                group.addTask { try await pool.run() }
                defer { group.cancelAll() }
                async let everyMinute = reportEveryMinute(client, since: started, until: end, tally: tally)
                try await fileTickets(ticketsPerSecond, from: started, until: end, engine: engine, tally: tally)
                let snapshots = try await everyMinute
                try await waitForDrain(client)
                return snapshots
            }
            let last = try await soakSnapshot(client, since: started, tally: tally)
            printSnapshot(last, at: "end")
            let escalations = try await count(
                "SELECT count(*)::int8 FROM outbox WHERE template = 'ticket-escalated' AND status = 'sent'", client)
            let doneNotices = try await count(
                "SELECT count(*)::int8 FROM outbox WHERE template = 'ticket-done' AND status = 'sent'", client)
            print(
                "soak: \(last.finished) tickets finished; delivered \(escalations) escalations (a ticket accepted before its timer "
                    + "fired has none) and \(doneNotices) ticket-done notices")
            let claimAtEnd = try await claimTime(queue: queue, client: client, vacuumFirst: false)
            print(
                String(
                    format: "claim time (median, as at the start), soak end, after %d s of churn and no manual VACUUM: %.3f ms", seconds,
                    claimAtEnd))
            print(String(format: "ratio claim time end/start: %.2f (target <= 1.2)", claimAtEnd / claimAtStart))
            printGrowth(from: minutes.first ?? first, named: minutes.isEmpty ? "the start" : "minute 1", to: last)
        }
    }

    /// The group the tickets' triage tasks go to, with the one engineer who works them.
    private func seedSupportGroup(_ client: PostgresClient) async throws {
        try await client.query("INSERT INTO groups (group_name, title) VALUES ('support', 'Support')", logger: logger)
        try await client.query(
            "INSERT INTO staff (staff_id, name, email) VALUES (\(Self.soakAgent), 'Bench Agent', 'agent@bench.example')", logger: logger)
        try await client.query("INSERT INTO group_members (group_name, staff_id) VALUES ('support', \(Self.soakAgent))", logger: logger)
    }

    /// Files one ticket every 1/`ticketsPerSecond` s from `start` until `end`, each driven to done by
    /// a task of its own; returns when the last is done. At most 5 s of filings are in flight: a
    /// machine that cannot keep up files fewer (the minute lines show it) instead of piling them up.
    private func fileTickets(
        _ ticketsPerSecond: Int, from start: ContinuousClock.Instant, until end: ContinuousClock.Instant, engine: WorkflowEngine,
        tally: SoakTally
    ) async throws {
        let board = TaskBoard(engine: engine)
        let interval = Duration.seconds(1) / ticketsPerSecond
        let inFlightLimit = 5 * ticketsPerSecond
        try await withThrowingDiscardingTaskGroup { group in
            var number = 0
            while start + interval * number < end {
                try await Task.sleep(until: start + interval * number, clock: .continuous)
                while tally.inFlight >= inFlightLimit { try await Task.sleep(for: .milliseconds(10)) }
                tally.recordFiled()
                group.addTask { [number] in
                    try await fileAndFinishTicket(number, engine: engine, board: board)
                    tally.recordFinished()
                }
                number += 1
            }
        }
    }

    /// One ticket's life: filed (a triage task, and an escalation timer due at once), a second in
    /// triage (the workers usually fire the timer and deliver its notification meanwhile), accepted
    /// from its task (which cancels the timer if it has not fired), finished (a notification).
    private func fileAndFinishTicket(_ number: Int, engine: WorkflowEngine, board: TaskBoard) async throws {
        let id = try await engine.start(
            TicketWorkflow.self, customerID: "bench", input: .init(title: "soak ticket \(number)", escalateAfter: 0), actor: .system
        ).workflow.id
        try await Task.sleep(for: .seconds(1))
        guard let triage = try await board.tasks(workflowID: id).first(where: { $0.name == "triage" && $0.status == .open }) else {
            throw BenchmarkFailure("soak ticket \(number) (\(id)) has no open triage task to accept")
        }
        try await board.complete(taskID: triage.id, by: Self.soakAgent, outcome: JSONCoding.encoder.encode(TicketWorkflow.Event.accept))
        try await engine.send(TicketWorkflow.self, workflowID: id, event: .finish, actor: .staff(Self.soakAgent))
    }

    /// Prints a snapshot at the end of every whole minute before `end`, and returns them.
    private func reportEveryMinute(
        _ client: PostgresClient, since start: ContinuousClock.Instant, until end: ContinuousClock.Instant, tally: SoakTally
    ) async throws -> [SoakSnapshot] {
        var snapshots: [SoakSnapshot] = []
        var minute = 1
        while start + .seconds(60 * minute) < end {
            try await Task.sleep(until: start + .seconds(60 * minute), clock: .continuous)
            let snapshot = try await soakSnapshot(client, since: start, tally: tally)
            printSnapshot(snapshot, at: "minute \(minute)")
            snapshots.append(snapshot)
            minute += 1
        }
        return snapshots
    }

    /// Waits for the workers to finish the jobs the last tickets left (their deliveries).
    private func waitForDrain(_ client: PostgresClient) async throws {
        let deadline = ContinuousClock.now + .seconds(300)
        while try await count("SELECT count(*)::int8 FROM jobs WHERE status IN ('ready', 'running')", client) > 0 {
            guard ContinuousClock.now < deadline else {
                throw BenchmarkFailure("the workers did not finish the soak's jobs within 5 minutes of its end: try a lower --soak-rate")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private func soakSnapshot(
        _ client: PostgresClient, since start: ContinuousClock.Instant, tally: SoakTally
    ) async throws -> SoakSnapshot {
        let rows = try await client.query(
            """
            SELECT relname::text, pg_relation_size(relid), pg_indexes_size(relid), n_live_tup, n_dead_tup, autovacuum_count
            FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname::text = ANY(\(Self.soakTables))
            ORDER BY array_position(\(Self.soakTables), relname::text)
            """,
            logger: logger
        )
        var tables: [TableSize] = []
        for try await (name, heap, indexes, live, dead, autovacuums) in rows.decode((String, Int, Int, Int, Int, Int).self) {
            tables.append(
                TableSize(name: name, heapBytes: heap, indexBytes: indexes, liveRows: live, deadRows: dead, autovacuums: autovacuums))
        }
        let ready = try await count("SELECT count(*)::int8 FROM jobs WHERE status = 'ready'", client)
        return SoakSnapshot(
            elapsed: ContinuousClock.now - start, filed: tally.filed, finished: tally.finished, readyJobs: ready, tables: tables)
    }

    /// One line for the soak as a whole, then one per table.
    private func printSnapshot(_ snapshot: SoakSnapshot, at moment: String) {
        let head = "soak \(moment) (\(Int(snapshot.elapsed.timeInterval.rounded())) s), \(snapshot.finished) tickets finished"
        print("\(head), \(snapshot.filed - snapshot.finished) in flight, \(snapshot.readyJobs) ready jobs (the workers' backlog)")
        for table in snapshot.tables {
            print(
                "\(head), \(table.name): heap \(Self.megabytes(table.heapBytes)), indexes \(Self.megabytes(table.indexBytes)), "
                    + "live rows \(table.liveRows), dead rows \(table.deadRows), autovacuums \(table.autovacuums)")
        }
    }

    /// How much each table grew from `first` to `last`, in all and per ticket finished in between.
    private func printGrowth(from first: SoakSnapshot, named moment: String, to last: SoakSnapshot) {
        let tickets = last.finished - first.finished
        for (before, after) in zip(first.tables, last.tables) {
            let growth = after.totalBytes - before.totalBytes
            let perTicket =
                tickets > 0 ? String(format: ", %.0f bytes per ticket finished in between", Double(growth) / Double(tickets)) : ""
            print(
                "growth of \(after.name) (heap and indexes) from \(moment) to the end: "
                    + String(format: "%+.2f MB", Double(growth) / 1_048_576)
                    + " (\(Self.megabytes(before.totalBytes)) to \(Self.megabytes(after.totalBytes)))\(perTicket)")
        }
        print(
            "jobs keeps only the work in hand, so what it grows by is bloat; tasks, outbox and workflows keep rows for every ticket, "
                + "so they grow with the tickets, and their bloat is the dead rows autovacuum leaves standing")
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.2f MB", Double(bytes) / 1_048_576)
    }
}

/// The soak's tickets filed and finished so far, shared by the tasks that drive them.
final class SoakTally: Sendable {
    private let counts = Mutex((filed: 0, finished: 0))

    var filed: Int { counts.withLock { $0.filed } }
    var finished: Int { counts.withLock { $0.finished } }
    var inFlight: Int { counts.withLock { $0.filed - $0.finished } }

    func recordFiled() {
        counts.withLock { $0.filed += 1 }
    }

    func recordFinished() {
        counts.withLock { $0.finished += 1 }
    }
}
