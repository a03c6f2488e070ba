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

/// Customers' report schedules: the quarterly one every customer has, and the periodic ones their
/// TAM defines.
extension ServiceDesk {
    /// The customer's schedules, the quarterly one first.
    public func reportSchedules(of customerID: String, for principal: Principal) async throws -> [ScheduledReport] {
        try principal.require(.readReports)
        _ = try await reportedCustomer(customerID, for: principal)
        return try await schedules.schedules(of: customerID)
    }

    /// Adds a periodic report to the customer's schedules; refused, with nothing written, when it
    /// cannot run as written or names someone who is not the customer's active contact.
    public func scheduleReport(_ body: Data, for customerID: String, by principal: Principal) async throws -> ScheduledReport {
        try principal.require(.scheduleReports)
        let (_, terms) = try await reportedCustomer(customerID, for: principal)
        let schedule: ReportSchedule
        do {
            schedule = try JSONCoding.decodeStrictly(body, as: ReportSchedule.self)
        } catch {
            throw ServiceDeskError.invalid(error.reason, field: error.field)
        }
        let now = engine.clock.now
        do {
            try schedule.check(in: terms.timeZone, from: now)
        } catch {
            throw Self.refusal(error)
        }
        let contacts = try await customer(customerID, for: principal).contacts.filter(\.active).map(\.id)
        if let stranger = schedule.recipients.first(where: { !contacts.contains($0) }) {
            throw ServiceDeskError.invalid(
                "'\(stranger)' is not an active contact of \(customerID); choose among \(contacts.joined(separator: ", "))",
                field: "recipients")
        }
        return try await schedules.create(schedule, for: customerID, timeZone: terms.timeZone, by: principal.actor, at: now)
    }

    /// Deletes a periodic report's schedule; a run under way sends nothing. The quarterly report is
    /// the contract's and stays.
    public func deleteReportSchedule(_ id: UUID, of customerID: String, reason: String, by principal: Principal) async throws {
        try principal.require(.scheduleReports)
        _ = try await reportedCustomer(customerID, for: principal)
        switch try await schedules.delete(id, of: customerID, by: principal.actor, reason: reason, at: engine.clock.now) {
        case .deleted: return
        case .notFound: throw ServiceDeskError.notFound("report schedule \(id) of \(customerID)")
        case .quarterly:
            throw ServiceDeskError(
                .conflict, "the quarterly report is the contract's and cannot be deleted; delete a periodic report instead")
        }
    }
}

extension ServiceDesk {
    /// The checklist of a delivered health check, as the file its customer downloads.
    public func healthCheckChecklist(of id: UUID, for principal: Principal) async throws -> CSVTable {
        let snapshot = try await visibleRequest(id, to: principal)
        guard snapshot.type == HealthCheckWorkflow.type,
            let state = try? JSONCoding.decoder.decode(HealthCheckWorkflow.State.self, from: snapshot.state),
            let checklist = state.checklist
        else {
            throw ServiceDeskError.notFound("the checklist of request \(id) (it is a health check's, once its report is delivered)")
        }
        return HealthCheckWorkflow.checklistFile(checklist, of: snapshot.reference?.description ?? snapshot.id.uuidString.lowercased())
    }
}
