import Foundation
import StewardCore

extension HealthCheckWorkflow: CustomerUpdated {
    /// `Health check of the contract year from 2026-06-15`: the contract year of the agreed or
    /// proposed date, or, before one is proposed, of today in the customer's calendar; nil once cancelled.
    public func summary(of state: State, at now: Date) -> String? {
        let request: Request
        let date: LocalDate?
        switch state {
        case .scheduling(let scheduling, let proposal): (request, date) = (scheduling, proposal?.date)
        case .scheduled(let scheduled, let agreed), .inProgress(let scheduled, let agreed), .reporting(let scheduled, let agreed),
            .delivered(let scheduled, let agreed, _), .closed(let scheduled, let agreed, _):
            (request, date) = (scheduled, agreed)
        case .cancelled: return nil
        }
        let today = (calendars[request.calendar] ?? .roundTheClock).localDate(of: now)
        let year = ContractYear.containing(date ?? today, contractStart: request.contractStart)
        return "Health check of the contract year from \(year?.start ?? request.contractStart)"
    }
}
