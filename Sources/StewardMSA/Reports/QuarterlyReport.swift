import Foundation
import StewardCore

/// A customer's quarterly report: what the TAM sends at each quarter's end, computed from the
/// history of the customer's requests (``QuarterlyReport/init(customer:quarter:timeZone:requests:contractStart:incidents:now:)``)
/// and rendered as HTML, CSV or JSON.
///
/// Durations are whole minutes, rounded to the nearest; a miss is rounded up, so a target missed
/// by seconds shows as missed by 1 minute, never 0.
public struct QuarterlyReport: Sendable, Hashable, Codable {
    public var customer: ReportCustomer
    public var quarter: String
    /// The customer's own zone, in which the quarter is cut.
    public var timeZone: String
    public var from: Date
    public var to: Date
    /// The instant the figures were computed at: open requests are judged as they stood then.
    public var generatedAt: Date
    /// This quarter's figures.
    public var current: QuarterFigures
    /// The previous quarter's, for comparison.
    public var previous: QuarterFigures
    /// Every first-response breach of an incident received in the quarter, oldest first.
    public var breaches: [Breach]
    /// Private patches and AV database releases delivered in the quarter, oldest first.
    public var deliveries: [Delivery]
    /// The health check of the contract year the quarter ends in.
    public var healthCheck: HealthCheckUse
    /// Requests received per week (weeks start on Monday in the customer's zone), for a chart.
    public var weeks: [WeekCount]
    /// First responses by the share of their target they took, for a chart.
    public var responseTimes: [ResponseTimeBucket]
}

/// Who a report is about.
public struct ReportCustomer: Sendable, Hashable, Codable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A name and how many: one row of a breakdown, in a fixed order.
public struct ReportCount: Sendable, Hashable, Codable {
    public var name: String
    public var count: Int

    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}

/// One quarter's figures.
public struct QuarterFigures: Sendable, Hashable, Codable {
    public var quarter: String
    public var from: Date
    public var to: Date
    /// Requests received in the quarter.
    public var received: Int
    /// Of those, still open when the report was made.
    public var stillOpen: Int
    /// Received by request type, every type listed.
    public var byType: [ReportCount]
    /// Incidents received by channel, every channel listed.
    public var byChannel: [ReportCount]
    /// Incidents by the severity they were received with, 1 to 4.
    public var bySeverity: [ReportCount]
    /// First-response compliance and times per severity, 1 to 4.
    public var firstResponse: [FirstResponseFigures]
    /// Time from receipt to resolution per severity, 1 to 4.
    public var resolution: [ResolutionFigures]
    public var patchesDelivered: Int
    public var releasesDelivered: Int
}

/// The first responses to the incidents of one severity (the severity of the target in force).
public struct FirstResponseFigures: Sendable, Hashable, Codable {
    public var severity: Int
    /// `wall-clock` for round-the-clock targets, `business` for business-hours ones: what the
    /// minutes below count.
    public var counting: String
    public var targetMinutes: Int
    public var met: Int
    public var breached: Int
    /// Open, unanswered and not yet due.
    public var awaiting: Int
    /// met / (met + breached) in percent, to one decimal; nil when none is judged yet.
    public var metPercent: Double?
    public var medianMinutes: Int?
    public var p90Minutes: Int?
    public var worstMinutes: Int?
}

/// How long the incidents of one severity took to be resolved, in wall-clock minutes.
public struct ResolutionFigures: Sendable, Hashable, Codable {
    public var severity: Int
    public var resolved: Int
    public var medianMinutes: Int?
    public var p90Minutes: Int?
    public var worstMinutes: Int?
}

/// A first-response target missed.
public struct Breach: Sendable, Hashable, Codable {
    public var request: UUID
    public var reference: String
    public var summary: String
    public var severity: Int
    public var counting: String
    public var targetMinutes: Int
    public var receivedAt: Date
    public var dueAt: Date
    /// The first response; nil while still unanswered.
    public var answeredAt: Date?
    /// Counted minutes from the due instant to the answer, or to the report's instant while unanswered.
    public var missedByMinutes: Int
}

/// A private patch or AV database release delivered.
public struct Delivery: Sendable, Hashable, Codable {
    public var request: UUID
    public var reference: String
    /// `private-patch` or `av-database-release`.
    public var type: String
    /// What was delivered: a product and version, or a release id.
    public var what: String
    public var receivedAt: Date
    public var deliveredAt: Date
    /// Wall-clock minutes from the request to the delivery.
    public var leadTimeMinutes: Int
}

/// Whether the contract year's health check is used.
public struct HealthCheckUse: Sendable, Hashable, Codable {
    /// The contract year the quarter ends in: its first and last day.
    public var contractYearStart: LocalDate?
    public var contractYearEnd: LocalDate?
    public var used: Bool
    public var request: UUID?
    public var reference: String?
    /// The date held or done.
    public var date: LocalDate?
    public var state: String?
    /// Findings on the delivered checklist; nil until it is delivered.
    public var findings: Int?

    public init(
        contractYearStart: LocalDate? = nil, contractYearEnd: LocalDate? = nil, used: Bool, request: UUID? = nil, reference: String? = nil,
        date: LocalDate? = nil, state: String? = nil, findings: Int? = nil
    ) {
        self.contractYearStart = contractYearStart
        self.contractYearEnd = contractYearEnd
        self.used = used
        self.request = request
        self.reference = reference
        self.date = date
        self.state = state
        self.findings = findings
    }
}

/// Requests received in one week.
public struct WeekCount: Sendable, Hashable, Codable {
    /// The week's Monday in the customer's zone (the quarter's first week may start before the quarter).
    public var weekStarting: LocalDate
    public var incidents: Int
    /// Private patches, AV database releases and health checks.
    public var otherRequests: Int
}

/// First responses that took up to a share of their target.
public struct ResponseTimeBucket: Sendable, Hashable, Codable {
    /// For example `≤ 25 %`, `25–50 %`, `late`.
    public var label: String
    /// Answered incidents per severity 1 to 4.
    public var bySeverity: [Int]
}
