import Foundation
import PostgresNIO

/// Human work in a group's queue.
public struct HumanTask: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case open, claimed, completed, cancelled
    }

    public var id: UUID
    public var workflowID: UUID
    public var customerID: String
    public var name: String
    public var group: String
    public var title: String
    public var priority: Int
    public var dueAt: Date?
    /// What the person needs beyond the title.
    public var brief: String?
    public var status: Status
    public var claimedBy: String?
    public var createdAt: Date
    public var lastActivityAt: Date

    public static let columns = """
        task_id, workflow_id, customer_id, name, group_name, title, priority, due_at, status, claimed_by, created_at,
        last_activity_at, brief
        """

    public init(row: PostgresRow) throws {
        let (id, workflowID, customerID, name, group, title, priority, dueAt, status, claimedBy, createdAt, activity, brief) =
            try row.decode(
                (UUID, UUID, String, String, String, String, Int, Date?, String, String?, Date, Date, String?).self,
                context: .default
            )
        self.id = id
        self.workflowID = workflowID
        self.customerID = customerID
        self.name = name
        self.group = group
        self.title = title
        self.priority = priority
        self.dueAt = dueAt
        self.status = Status(rawValue: status) ?? .open
        self.claimedBy = claimedBy
        self.createdAt = createdAt
        lastActivityAt = activity
        self.brief = brief
    }
}
