import Foundation
import StewardCore
import StewardMSA

/// Customers' reports for their contacts and TAMs.
extension ServiceDesk {
    /// The customer's figures for `quarter` (default: the current one), cut in the time zone of
    /// the customer's support calendar.
    public func quarterlyReport(of customerID: String, quarter: Quarter?, for principal: Principal) async throws -> QuarterlyReport {
        try principal.require(.readReports)
        guard !customerID.contains("\0"), principal.seesCustomer(customerID), let terms = try await contracts.terms(of: customerID)
        else {
            throw ServiceDeskError.notFound("customer '\(customerID)'")
        }
        let timeZone = (policy.calendars[terms.supportCalendar] ?? .roundTheClock).timeZone
        let now = engine.clock.now
        let quarter = quarter ?? Quarter.containing(now, in: timeZone)
        let filed = try await queries.requests(of: customerID, filedIn: quarter.interval(in: timeZone))
        let incidents = try definition(for: IncidentWorkflow.type)
        return QuarterlyReport(
            customerID: customerID,
            quarter: quarter,
            timeZone: timeZone,
            requests: filed.map { .init(type: $0.type, isTerminal: $0.isTerminal, state: $0.state) },
            incidentSLA: { incidents.slaStatus(state: $0, at: now) }
        )
    }
}
