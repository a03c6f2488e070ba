import Foundation
import StewardCore

extension IncidentWorkflow {
    /// What an incident is and where its clocks stand: the data every state carries and every
    /// decision reads.
    public struct Incident: Codable, Sendable, Hashable {
        /// What is wrong, in the customer's words.
        public internal(set) var summary: String
        public internal(set) var channel: Channel
        public internal(set) var tier: SupportTier
        /// The name of the support calendar the customer's contract names, looked up in the policy.
        public internal(set) var supportCalendar: String
        public internal(set) var dailyReportVia: DailyReportVia
        /// The severity now. The clock keeps the severity of its target, which a change after the
        /// first response no longer moves.
        public internal(set) var severity: Severity
        /// The first-response SLA, counted from the original receipt.
        public internal(set) var clock: SLAClock
        /// The staff member the incident was last assigned to.
        public internal(set) var assignee: String?
        /// When the automatic acknowledgement of receipt first went out.
        public internal(set) var acknowledgedAt: Date?
        /// The daily status reports of a severity-1 incident.
        public internal(set) var dailyReports: DailyReports
        /// How often a resolution did not hold.
        public internal(set) var reopenCount: Int

        init(_ input: Input, clock: SLAClock) {
            summary = input.summary
            channel = input.channel
            tier = input.tier
            supportCalendar = input.supportCalendar
            dailyReportVia = input.dailyReportVia
            severity = input.severity
            self.clock = clock
            assignee = nil
            acknowledgedAt = nil
            dailyReports = DailyReports()
            reopenCount = 0
        }

        /// When the customer called or wrote.
        public var receivedAt: Date { clock.receivedAt }

        /// The incident's place in a group's queue (`TaskSpec.priority`): severity, then tier.
        public var priority: Int {
            QueueOrder(severity: severity, tier: tier, dueAt: clock.dueAt).priority
        }
    }

    /// The daily status reports of a severity-1 incident.
    public struct DailyReports: Codable, Sendable, Hashable {
        /// Reports made so far; the next one is number `made + 1`. Never reset, so every report's
        /// dedup key and call task name stay unique, even across severity changes and reopens.
        public internal(set) var made: Int = 0
        /// When the pending `daily-report` timer fires; nil while no reports are scheduled.
        public internal(set) var nextAt: Date?
        /// The number of the call task the TAM-or-duty-manager has not completed yet.
        public internal(set) var openCall: Int?

        /// Whether reports are being made.
        public var isScheduled: Bool { nextAt != nil }
    }
}
