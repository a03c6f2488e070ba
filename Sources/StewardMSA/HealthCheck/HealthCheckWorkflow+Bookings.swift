import StewardCore

extension HealthCheckWorkflow.State {
    /// The date this health check holds in its contract year: a proposed or agreed date, until it is
    /// cancelled. A pending proposal holds it too, so two health checks cannot both be agreed in one year.
    public var heldDate: LocalDate? {
        switch self {
        case .scheduling(_, let proposal): proposal?.date
        case .scheduled(_, let date), .inProgress(_, let date), .reporting(_, let date),
            .delivered(_, let date, _), .closed(_, let date, _):
            date
        case .cancelled: nil
        }
    }
}

extension HealthCheckWorkflow.Input {
    /// The input with the customer's other bookings as the database knows them.
    public func booking(_ dates: [LocalDate]) -> Self {
        var input = self
        input.bookedDates = dates
        return input
    }
}

extension HealthCheckWorkflow.Event {
    /// The event with the customer's other bookings as the database knows them (events that
    /// carry none are returned unchanged).
    public func booking(_ dates: [LocalDate]) -> Self {
        switch self {
        case .proposeDate(let date, _): .proposeDate(date: date, bookedDates: dates)
        case .reschedule(let date, _): .reschedule(date: date, bookedDates: dates)
        default: self
        }
    }
}
