import Foundation
import Logging
import PostgresNIO
import StewardCore

/// What one transaction writes: every transition through ``write(_:)`` (states, history rows,
/// effects), one NOTIFY at the end when any of it made work for the workers, and the metrics of
/// its transitions once it has committed. `start`, `send`, timer batches, task completion and
/// repairs all write through one.
final class UnitOfWork {
    let connection: PostgresConnection
    let engine: WorkflowEngine
    let now: Date
    /// The transitions written so far, in order; counted after the commit.
    private(set) var written: [AppliedTransition] = []
    private var wakesWorkers = false
    /// The customers whose requests or tasks the unit changed, for the live pages' NOTIFY.
    private var changedCustomers: Set<String> = []

    init(connection: PostgresConnection, engine: WorkflowEngine, now: Date) {
        self.connection = connection
        self.engine = engine
        self.now = now
    }

    private var logger: Logger { engine.logger }

    /// Asks for one NOTIFY at the end of the transaction: it made jobs due.
    func wakeWorkers() {
        wakesWorkers = true
    }

    /// Asks for the live pages' NOTIFY naming `customerID`: the unit changed their tasks or jobs
    /// without moving a request (a claim, a retry).
    func announceChange(of customerID: String) {
        changedCustomers.insert(customerID)
    }

    /// Writes decided transitions: every state and history row with one statement, then their
    /// effects (``WorkflowEngine/materialise(_:now:on:)``). A workflow that moves twice is written
    /// step by step, in order. A step without `from` is a workflow just inserted by `start` (its
    /// history's `from_state` is null).
    func write(_ steps: [AppliedTransition]) async throws {
        guard !steps.isEmpty else { return }
        guard Set(steps.map(\.workflow.id)).count == steps.count else {
            for step in steps { try await write([step]) }
            return
        }
        try await connection.run(try WriteTransitions(now: now, steps: steps), logger: logger)
        if try await engine.materialise(steps, now: now, on: connection) { wakeWorkers() }
        written += steps
    }

    /// Ends the unit inside its transaction with one statement of NOTIFYs: the workers', if any
    /// work was made due, and the live pages', if any request moved.
    func finish() async throws {
        var notifications = Notifications()
        if wakesWorkers { notifications.append(channel: WorkflowEngine.wakeChannel, payload: "") }
        let changed = changedCustomers.union(written.map(\.workflow.customerID))
        if !changed.isEmpty {
            notifications.append(channel: WorkflowEngine.changesChannel, payload: WorkflowEngine.changesPayload(changed))
        }
        guard !notifications.channels.isEmpty else { return }
        try await connection.run(notifications, logger: logger)
    }
}

/// ``UnitOfWork/write(_:)``'s statement: the moved workflows' new states and every step's history row.
private struct WriteTransitions: HotStatement {
    static let sql = """
        WITH moved AS (
            UPDATE workflows
            SET state_name = next.state_name, state = next.state::jsonb, mover = next.mover, is_terminal = next.is_terminal,
                version = next.version, updated_at = $1::timestamptz, state_entered_at = next.state_entered_at, sla = next.sla::jsonb
            FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::int8[], $8::timestamptz[], $9::text[])
                 AS next(workflow_id, state_name, state, mover, is_terminal, version, state_entered_at, sla)
            WHERE workflows.workflow_id = next.workflow_id
        )
        INSERT INTO workflow_events (workflow_id, customer_id, seq, actor, event, from_state, to_state, payload, created_at)
        SELECT workflow_id, customer_id, seq, actor, event, nullif(from_state, ''), to_state, payload::jsonb, $1::timestamptz
        FROM unnest($10::uuid[], $11::text[], $12::int8[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[])
             AS history(workflow_id, customer_id, seq, actor, event, from_state, to_state, payload)
        """

    var now: Date
    var steps: [AppliedTransition]
    /// The moved steps' `sla` column, encoded once here: encoding can fail, bindings cannot.
    private var slas: [String]

    init(now: Date, steps: [AppliedTransition]) throws {
        self.now = now
        self.steps = steps
        slas = try steps.filter { $0.from != nil }.map { try $0.transition.slaJSON() }
    }

    var bindings: PostgresBindings {
        let moved = steps.filter { $0.from != nil }.map(\.workflow)
        let histories = steps.map(\.workflow)
        return PostgresBindings(
            now, moved.map(\.id), moved.map(\.stateName), moved.map { String(decoding: $0.state, as: UTF8.self) },
            moved.map(\.mover.description), moved.map(\.isTerminal), moved.map(\.version), moved.map(\.stateEnteredAt), slas,
            histories.map(\.id), histories.map(\.customerID), histories.map(\.version), steps.map(\.actor.description),
            steps.map(\.transition.event), steps.map { $0.from?.stateName ?? "" }, histories.map(\.stateName),
            steps.map { String(decoding: $0.payload, as: UTF8.self) })
    }
}

/// The NOTIFYs a unit sends as it ends, in one round trip.
private struct Notifications: HotStatement {
    static let sql = "SELECT pg_notify(channel, payload) FROM unnest($1::text[], $2::text[]) AS notification(channel, payload)"

    private(set) var channels: [String] = []
    private var payloads: [String] = []

    mutating func append(channel: String, payload: String) {
        channels.append(channel)
        payloads.append(payload)
    }

    var bindings: PostgresBindings { PostgresBindings(channels, payloads) }
}

/// One transition decided for a workflow: where it was (nil when `start` just created it), where
/// it goes, the event or input that moved it, and who sent it.
struct AppliedTransition: Sendable {
    var from: WorkflowSnapshot?
    var workflow: WorkflowSnapshot
    var transition: RecordedTransition
    var payload: Data
    var actor: Participant
    var at: Date
}

extension WorkflowEngine {
    /// Runs `body` in one transaction through a ``UnitOfWork``, and counts the transitions it
    /// wrote once the transaction has committed (so a batch rolled back and applied again is
    /// counted once).
    func inTransaction<Result: Sendable>(_ body: (UnitOfWork) async throws -> Result) async throws -> Result {
        let now = clock.now
        let (result, written) = try await client.transaction(logger: logger) { connection in
            let unit = UnitOfWork(connection: connection, engine: self, now: now)
            let result = try await body(unit)
            try await unit.finish()
            return (result, unit.written)
        }
        count(written)
        return result
    }
}

extension RecordedTransition {
    /// The `sla` column's JSON: the target's figures, or null for a type without one.
    func slaJSON() throws -> String {
        guard let slaFigures else { return "null" }
        return String(decoding: try JSONCoding.encoder.encode(slaFigures), as: UTF8.self)
    }
}
