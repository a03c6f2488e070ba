import Foundation
import PostgresNIO
import StewardCore
import StewardPostgres

/// A request as a list shows it: what it is, whose, where it stands and who must act, with its
/// SLA's standing. Its state stays out: only the single request's read carries it
/// (``RequestRecord``).
public struct RequestSummary: Sendable {
    public var id: UUID
    public var customerID: String
    public var type: String
    public var stateName: String
    public var mover: Mover
    public var isTerminal: Bool
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date
    public var stateEnteredAt: Date
    public var pausedAt: Date?
    public var referenceNumber: Int64?
    /// Where the response-time target stands, for request types with one.
    public var sla: SLAStatus?
    /// What the row holds of the SLA, from which the service desk works out ``sla``.
    var storedSLA: StoredSLA = .none

    /// The reference people quote, in the year it was filed.
    public var reference: RequestReference? {
        referenceNumber.map { RequestReference(number: $0, filedAt: createdAt) }
    }

    /// The severity of the target in force, for request types with one.
    public var severity: Severity? { sla?.severity }
}

/// A row's `sla` column: the figures, none (a type without an SLA), or nothing yet (written before
/// the column existed), when only the state can tell.
enum StoredSLA: Sendable {
    case none
    case figures(SLAFigures)
    case notRecorded(state: Data)
}

extension RequestSummary {
    /// The columns `init(row:)` reads, in order: the state only where no figures were stored.
    static let columns = """
        workflow_id, customer_id, type, state_name, mover, is_terminal, version, created_at, updated_at, state_entered_at,
        paused_at, reference, sla::text, CASE WHEN sla IS NULL THEN state::text END
        """

    init(row: PostgresRow) throws {
        let (id, customerID, type, stateName, mover, isTerminal, version, created, updated, entered, paused, reference, sla, state) =
            try row.decode(
                (UUID, String, String, String, String, Bool, Int64, Date, Date, Date, Date?, Int64?, String?, String?).self,
                context: .default)
        self.id = id
        self.customerID = customerID
        self.type = type
        self.stateName = stateName
        self.mover = Mover(mover) ?? .system
        self.isTerminal = isTerminal
        self.version = version
        createdAt = created
        updatedAt = updated
        stateEnteredAt = entered
        pausedAt = paused
        referenceNumber = reference
        switch (sla, state) {
        case (nil, let state?): storedSLA = .notRecorded(state: Data(state.utf8))
        case (let figures?, _) where figures != "null":
            storedSLA = .figures(try JSONCoding.decoder.decode(SLAFigures.self, from: Data(figures.utf8)))
        default: storedSLA = .none
        }
    }

    /// The summary of a request read whole.
    init(_ snapshot: WorkflowSnapshot, sla: SLAStatus?) {
        id = snapshot.id
        customerID = snapshot.customerID
        type = snapshot.type
        stateName = snapshot.stateName
        mover = snapshot.mover
        isTerminal = snapshot.isTerminal
        version = snapshot.version
        createdAt = snapshot.createdAt
        updatedAt = snapshot.updatedAt
        stateEnteredAt = snapshot.stateEnteredAt
        pausedAt = snapshot.pausedAt
        referenceNumber = snapshot.referenceNumber
        self.sla = sla
    }
}
