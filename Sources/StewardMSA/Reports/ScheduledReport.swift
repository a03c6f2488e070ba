import Foundation

/// A customer's report schedule as stored: the contract's quarterly one or a custom one.
public struct ScheduledReport: Sendable, Hashable {
    public var id: UUID
    public var customerID: String
    public var isQuarterly: Bool
    public var schedule: ReportSchedule
    public var createdBy: String
    public var createdAt: Date
    public var deletedAt: Date?
    /// When its next run is due; nil once deleted.
    public var nextRunAt: Date?

    public init(
        id: UUID, customerID: String, isQuarterly: Bool, schedule: ReportSchedule, createdBy: String, createdAt: Date, deletedAt: Date?,
        nextRunAt: Date?
    ) {
        self.id = id
        self.customerID = customerID
        self.isQuarterly = isQuarterly
        self.schedule = schedule
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.deletedAt = deletedAt
        self.nextRunAt = nextRunAt
    }
}
