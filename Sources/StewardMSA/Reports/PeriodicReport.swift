import Foundation
import StewardCore

/// What a custom periodic report may contain; a TAM picks some for each schedule.
public enum ReportSection: String, Sendable, Hashable, Codable, CaseIterable, ListedChoice {
    public static let what = "section"

    case openRequests = "open-requests"
    case slaCompliance = "sla-compliance"
    case breaches
    case patchesAndReleases = "patches-and-releases"
    case healthCheck = "health-check"
}

/// One run of a customer's custom periodic report: the sections its schedule chose, over the
/// period before the run.
public struct PeriodicReport: Sendable, Hashable, Codable {
    public var customer: ReportCustomer
    /// The schedule's name, e.g. `Weekly status`.
    public var title: String
    public var timeZone: String
    public var from: Date
    public var to: Date
    public var generatedAt: Date
    /// The chosen sections in the order the schedule lists them; the others are nil.
    public var sections: [ReportSection]
    /// Requests open at `generatedAt`, oldest first.
    public var openRequests: [OpenRequest]?
    /// First responses of incidents received in the period, per severity.
    public var slaCompliance: [FirstResponseFigures]?
    /// Breaches of incidents received in the period.
    public var breaches: [Breach]?
    /// Patches and releases delivered in the period.
    public var deliveries: [Delivery]?
    /// The contract year's health check.
    public var healthCheck: HealthCheckUse?
}

/// A request still open, as a status report lists it.
public struct OpenRequest: Sendable, Hashable, Codable {
    public var request: UUID
    public var reference: String
    public var type: String
    public var summary: String
    public var state: String
    public var receivedAt: Date
    /// An incident's severity now.
    public var severity: Int?
    /// An unanswered incident's first-response due instant.
    public var dueAt: Date?
    /// `running`, `met` or `breached` for an incident.
    public var standing: String?
}

extension PeriodicReport {
    /// The report of `period` with `sections`, from `history` (the customer's requests received in
    /// the period, those still open, the patches and releases delivered in it and the health checks).
    public init(
        title: String, customer: ReportCustomer, sections: [ReportSection], period: DateInterval, history: CustomerHistory,
        contractStart: LocalDate
    ) {
        self.customer = customer
        self.title = title
        timeZone = history.timeZone.identifier
        from = period.start
        to = period.end
        generatedAt = history.now
        self.sections = sections
        let incidents = history.received(in: period).filter { $0.incident != nil }
        let chosen = Set(sections)
        openRequests = chosen.contains(.openRequests) ? history.openRequests() : nil
        slaCompliance = chosen.contains(.slaCompliance) ? history.firstResponses(of: incidents) : nil
        breaches = chosen.contains(.breaches) ? history.breaches(of: incidents) : nil
        deliveries = chosen.contains(.patchesAndReleases) ? history.deliveries(in: period) : nil
        healthCheck =
            chosen.contains(.healthCheck)
            ? history.healthCheck(
                ofContractYearContaining: LocalDate(of: period.end.addingTimeInterval(-1), in: history.timeZone),
                contractStart: contractStart)
            : nil
    }
}
