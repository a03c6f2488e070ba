import Foundation
import StewardCore
import StewardMSA
import StewardMSAStore

/// Customers' reports for their contacts and TAMs.
extension ServiceDesk {
    /// The customer's quarterly report for `quarter` (default: the current one so far), cut in the
    /// customer's own time zone, its SLA figures replayed from the requests' histories.
    public func quarterlyReport(of customerID: String, quarter: Quarter?, for principal: Principal) async throws -> QuarterlyReport {
        try principal.require(.readReports)
        let (customer, terms) = try await reportedCustomer(customerID, for: principal)
        let now = engine.clock.now
        let quarter = quarter ?? Quarter.containing(now, in: terms.timeZone)
        let covering = DateInterval(
            start: quarter.previous.interval(in: terms.timeZone).start, end: quarter.interval(in: terms.timeZone).end)
        let history = try await reports.history(of: terms, covering: covering, now: now, incidents: policy.incidentWorkflow)
        do {
            return try QuarterlyReport(customer: customer, quarter: quarter, history: history, contractStart: terms.contractStart)
        } catch {
            throw Self.refusal(error)
        }
    }

    /// The customer and their contract, if `principal` may see them; not found otherwise, so nobody
    /// learns which customers exist.
    func reportedCustomer(_ customerID: String, for principal: Principal) async throws -> (ReportCustomer, ContractTerms) {
        guard !customerID.contains("\0"), principal.seesCustomer(customerID), let terms = try await contracts.terms(of: customerID),
            let customer = try await reports.customer(customerID)
        else {
            throw ServiceDeskError.notFound("customer '\(customerID)'")
        }
        return (customer, terms)
    }

    /// Bad input is the caller's to fix; a history that cannot be replayed is ours and goes on as it is.
    static func refusal(_ error: ReportError) -> any Error {
        guard case .invalid(let message, let field) = error else { return error }
        return ServiceDeskError.invalid(message, field: field)
    }
}
