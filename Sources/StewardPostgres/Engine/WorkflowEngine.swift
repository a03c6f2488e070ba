import Foundation
import Logging
import Metrics
import PostgresNIO
import StewardCore

/// Starts workflows and moves them, one transaction per transition.
///
/// Each transition locks the workflow's row, checks the expected version, decides (pure), writes
/// the new state, appends to the history, materialises the effects (tasks, timers, outbox rows)
/// and sends one NOTIFY to wake the workers, all in one transaction.
public final class WorkflowEngine: Sendable {
    /// The channel workers LISTEN on; a transaction that creates jobs notifies it once.
    public static let wakeChannel = "steward_jobs"
    /// The channel the console's and the portal's live pages LISTEN on: a transaction that moved
    /// requests or their tasks notifies it once, naming their customers (comma-separated).
    public static let changesChannel = "steward_changes"

    /// The payload of a ``changesChannel`` notification for `customers`; empty ("anything may have
    /// changed") when the names would not fit PostgreSQL's 8000-byte limit.
    static func changesPayload(_ customers: some Sequence<String>) -> String {
        let payload = Set(customers).sorted().joined(separator: ",")
        return payload.utf8.count < 7900 ? payload : ""
    }

    public let client: PostgresClient
    public let registry: WorkflowRegistry
    public let clock: any WallClock
    /// Chooses the person behind role-based recipients; nil keeps recipients as addressed.
    public let routing: (any NotificationRouting)?
    /// Fills in facts from the database before a caller's input or event is decided.
    public let facts: (any FactProvider)?
    let logger: Logger

    public init(
        client: PostgresClient,
        registry: WorkflowRegistry,
        clock: any WallClock = SystemClock(),
        routing: (any NotificationRouting)? = nil,
        facts: (any FactProvider)? = nil,
        logger: Logger
    ) {
        self.client = client
        self.registry = registry
        self.clock = clock
        self.routing = routing
        self.facts = facts
        self.logger = logger
    }

    /// Starts a workflow of `type` for a customer. A repeated `idempotencyKey` (per customer and type)
    /// returns the workflow the first call started, with `created == false`.
    public func start(
        type: String,
        customerID: String,
        input: Data,
        idempotencyKey: String? = nil,
        actor: Participant
    ) async throws -> StartResult {
        let definition = try definition(for: type)
        let id = UUID()
        return try await inTransaction { unit in
            let now = unit.now
            let connection = unit.connection
            if let idempotencyKey,
                let existing = try await self.workflow(customerID: customerID, type: type, idempotencyKey: idempotencyKey, on: connection)
            {
                return StartResult(workflow: existing, created: false)
            }
            let input =
                try await self.facts?.complete(input, type: type, customerID: customerID, workflowID: nil, on: connection) ?? input
            let context = WorkflowContext(now: now, workflowID: id, customerID: customerID, actor: actor)
            let transition: RecordedTransition
            do throws(TransitionError) {
                transition = try definition.start(input: input, context: context)
            } catch {
                throw EngineError.refused(error, workflowID: nil)
            }
            let known = try await connection.query(
                "SELECT 1 FROM customers WHERE customer_id = \(customerID)",
                logger: self.logger
            ).all()
            guard !known.isEmpty else {
                throw EngineError(.unknownCustomer, "no customer '\(customerID)': create the customer before filing requests for it")
            }
            var snapshot = WorkflowSnapshot(
                id: id,
                customerID: customerID,
                type: type,
                definitionVersion: definition.version,
                stateName: transition.stateName,
                state: transition.state,
                mover: transition.mover,
                isTerminal: transition.isTerminal,
                version: 1,
                createdAt: now,
                updatedAt: now,
                stateEnteredAt: now,
                pausedAt: nil
            )
            let inserted = try await connection.query(
                """
                INSERT INTO workflows (workflow_id, customer_id, type, definition_version, state_name, state, mover,
                                       is_terminal, version, idempotency_key, created_at, updated_at, state_entered_at, sla)
                VALUES (\(id), \(customerID), \(type), \(definition.version), \(transition.stateName),
                        \(String(decoding: transition.state, as: UTF8.self))::jsonb, \(transition.mover.description),
                        \(transition.isTerminal), 1, \(idempotencyKey), \(now), \(now), \(now), \(try transition.slaJSON())::jsonb)
                ON CONFLICT (customer_id, type, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING reference
                """,
                logger: self.logger
            ).all()
            snapshot.referenceNumber = try inserted.first?.decode(Int64.self, context: .default)
            if inserted.isEmpty, let idempotencyKey,
                let existing = try await self.workflow(customerID: customerID, type: type, idempotencyKey: idempotencyKey, on: connection)
            {
                // Another start with the same key committed while we decided.
                return StartResult(workflow: existing, created: false)
            }
            try await unit.write([
                AppliedTransition(from: nil, workflow: snapshot, transition: transition, payload: input, actor: actor, at: now)
            ])
            return StartResult(workflow: snapshot, created: true)
        }
    }

    /// Sends an event to a workflow. With `expectedVersion`, refuses with a version conflict when the
    /// workflow moved since the caller read it. `alongside` writes the caller's own record in the
    /// transition's transaction (mail received with the reply it carried): both commit or neither.
    @discardableResult
    public func send(
        workflowID: UUID,
        event: Data,
        expectedVersion: Int64? = nil,
        actor: Participant,
        alongside: (@Sendable (PostgresConnection) async throws -> Void)? = nil
    ) async throws -> WorkflowSnapshot {
        try await inTransaction { unit in
            let moved = try await self.apply(event: event, to: workflowID, expectedVersion: expectedVersion, actor: actor, in: unit)
                .workflow
            try await alongside?(unit.connection)
            return moved
        }
    }

    /// The workflow as stored now.
    public func workflow(id: UUID) async throws -> WorkflowSnapshot {
        let rows = try await client.query(
            "SELECT \(unescaped: WorkflowSnapshot.columns) FROM workflows WHERE workflow_id = \(id)",
            logger: logger
        ).all()
        guard let row = rows.first else { throw Self.notFound(id) }
        return try WorkflowSnapshot(row: row)
    }

    /// Locks the workflow, checks it may move, decides and writes one event in `unit`'s
    /// transaction; returns the transition written.
    @discardableResult
    func apply(
        event: Data,
        to workflowID: UUID,
        expectedVersion: Int64?,
        actor: Participant,
        in unit: UnitOfWork
    ) async throws -> AppliedTransition {
        let snapshot = try await lock(workflowID, on: unit.connection)
        if snapshot.pausedAt != nil {
            throw EngineError(
                .workflowPaused,
                "workflow \(workflowID) is paused by an operator and accepts no event; an operator resumes it",
                workflowID: workflowID
            )
        }
        if let expectedVersion, expectedVersion != snapshot.version {
            throw EngineError(
                .versionConflict,
                "workflow \(workflowID) is at version \(snapshot.version), not \(expectedVersion): it moved since you read it; read it again and retry",
                workflowID: workflowID,
                currentVersion: snapshot.version
            )
        }
        let event =
            try await facts?.complete(
                event, type: snapshot.type, customerID: snapshot.customerID, workflowID: snapshot.id, on: unit.connection)
            ?? event
        let step = try decide(event: event, for: snapshot, actor: actor, now: unit.now)
        try await unit.write([step])
        return step
    }

    /// The workflow, its row locked until the caller's transaction ends.
    func lock(_ workflowID: UUID, on connection: PostgresConnection) async throws -> WorkflowSnapshot {
        let rows = try await connection.query(
            "SELECT \(unescaped: WorkflowSnapshot.columns) FROM workflows WHERE workflow_id = \(workflowID) FOR NO KEY UPDATE",
            logger: logger
        ).all()
        guard let row = rows.first else { throw Self.notFound(workflowID) }
        return try WorkflowSnapshot(row: row)
    }

    /// The pure part of a transition: the workflow's decision and the snapshot it leads to.
    func decide(
        event: Data,
        for snapshot: WorkflowSnapshot,
        actor: Participant,
        now: Date
    ) throws(EngineError) -> AppliedTransition {
        let definition = try definition(for: snapshot.type)
        guard !snapshot.isTerminal else {
            let name = definition.eventName(of: event) ?? "event"
            throw EngineError.refused(.invalid(snapshot.type, state: snapshot.stateName, event: name), workflowID: snapshot.id)
        }
        let context = WorkflowContext(now: now, workflowID: snapshot.id, customerID: snapshot.customerID, actor: actor)
        let transition: RecordedTransition
        do {
            transition = try definition.decide(state: snapshot.state, event: event, context: context)
        } catch {
            throw EngineError.refused(error, workflowID: snapshot.id)
        }
        var next = snapshot
        next.version += 1
        next.updatedAt = now
        if transition.stateName != snapshot.stateName { next.stateEnteredAt = now }
        next.stateName = transition.stateName
        next.state = transition.state
        next.mover = transition.mover
        next.isTerminal = transition.isTerminal
        return AppliedTransition(from: snapshot, workflow: next, transition: transition, payload: event, actor: actor, at: now)
    }

    /// Counts committed transitions in the metrics, and the SLA breaches they record: a breach event
    /// that leaves the target breached where it was not (an early or repeated one records nothing).
    /// Called after the commit, so a batch rolled back and applied again is counted once.
    func count(_ applied: [AppliedTransition]) {
        for step in applied {
            let type = step.workflow.type
            Counter(label: "steward_transitions_total", dimensions: [("type", type), ("event", step.transition.event)]).increment()
            guard let definition = try? registry.definition(for: type), definition.slaBreachEvents.contains(step.transition.event)
            else { continue }
            let before = step.from.flatMap { definition.slaStatus(state: $0.state, at: step.at)?.breachedAt }
            let after = definition.slaStatus(state: step.workflow.state, at: step.at)?.breachedAt
            if before == nil, after != nil {
                Counter(label: "steward_sla_breaches_total", dimensions: [("type", type)]).increment()
            }
        }
    }

    static func notFound(_ id: UUID) -> EngineError {
        EngineError(.workflowNotFound, "no workflow \(id): check the id", workflowID: id)
    }

    private func definition(for type: String) throws(EngineError) -> AnyWorkflow {
        do {
            return try registry.definition(for: type)
        } catch {
            throw EngineError(.unknownWorkflowType, error.description)
        }
    }

    private func workflow(
        customerID: String,
        type: String,
        idempotencyKey: String,
        on connection: PostgresConnection
    ) async throws -> WorkflowSnapshot? {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: WorkflowSnapshot.columns) FROM workflows
            WHERE customer_id = \(customerID) AND type = \(type) AND idempotency_key = \(idempotencyKey)
            """,
            logger: logger
        ).all()
        return try rows.first.map(WorkflowSnapshot.init(row:))
    }
}
