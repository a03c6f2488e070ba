import Foundation

/// Where an incident waiting for its first response stands in a group's queue.
///
/// Ascending order is queue order: the more severe first, then MSA Enterprise before standard
/// support, then the earlier due instant.
public struct QueueOrder: Sendable, Hashable, Comparable {
    public let severity: Severity
    public let tier: SupportTier
    public let dueAt: Date

    public init(severity: Severity, tier: SupportTier, dueAt: Date) {
        self.severity = severity
        self.tier = tier
        self.dueAt = dueAt
    }

    /// The place of the incident whose first-response clock is `clock`.
    public init(_ clock: SLAClock) {
        self.init(severity: clock.severity, tier: clock.target.tier, dueAt: clock.dueAt)
    }

    public static func < (lhs: QueueOrder, rhs: QueueOrder) -> Bool {
        (lhs.severity.rawValue, lhs.tier.rank, lhs.dueAt) < (rhs.severity.rawValue, rhs.tier.rank, rhs.dueAt)
    }

    /// Severity and tier as one number for `TaskSpec.priority`, lower first: 10 for severity 1
    /// enterprise, 11 for severity 1 standard, 20, 21, … 41. The due instant goes in `TaskSpec.dueAt`.
    public var priority: Int {
        severity.rawValue * 10 + tier.rank
    }
}
