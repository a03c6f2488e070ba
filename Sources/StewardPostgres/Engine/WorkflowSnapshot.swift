import Foundation
import PostgresNIO
import StewardCore

/// A workflow as stored: its state, who must move it, and its version for optimistic concurrency.
public struct WorkflowSnapshot: Sendable, Hashable {
    public var id: UUID
    public var customerID: String
    public var type: String
    public var definitionVersion: Int
    public var stateName: String
    /// The full typed state as JSON.
    public var state: Data
    public var mover: Mover
    public var isTerminal: Bool
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date
    public var stateEnteredAt: Date
    /// When an operator paused it; a paused workflow accepts no event and its timers wait.
    public var pausedAt: Date?
    /// Its number in filing order, which its reference (`MSA-2026-000123`) is made of.
    public var referenceNumber: Int64? = nil

    /// The reference people quote, in the year it was filed.
    public var reference: RequestReference? {
        referenceNumber.map { RequestReference(number: $0, filedAt: createdAt) }
    }
}

extension WorkflowSnapshot {
    /// The columns `init(row:)` reads, in order.
    public static let columns = """
        workflow_id, customer_id, type, definition_version, state_name, state::text, mover, is_terminal,
        version, created_at, updated_at, state_entered_at, paused_at, reference
        """

    public init(row: PostgresRow) throws {
        let (
            id, customerID, type, definitionVersion, stateName, state, mover, isTerminal, version, created, updated, entered, paused,
            reference
        ) =
            try row.decode(
                (UUID, String, String, Int, String, String, String, Bool, Int64, Date, Date, Date, Date?, Int64?).self,
                context: .default
            )
        self.id = id
        self.customerID = customerID
        self.type = type
        self.definitionVersion = definitionVersion
        self.stateName = stateName
        self.state = Data(state.utf8)
        self.mover = Mover(mover) ?? .system
        self.isTerminal = isTerminal
        self.version = version
        createdAt = created
        updatedAt = updated
        stateEnteredAt = entered
        pausedAt = paused
        referenceNumber = reference
    }
}

/// The outcome of ``WorkflowEngine/start(type:customerID:input:idempotencyKey:actor:)``.
public struct StartResult: Sendable {
    public var workflow: WorkflowSnapshot
    /// False when the idempotency key matched an earlier start: `workflow` is that one.
    public var created: Bool
}
