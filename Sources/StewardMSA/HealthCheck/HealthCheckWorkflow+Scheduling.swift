import Foundation
import StewardCore

// The contract's rules for a health-check date (DESIGN 4a): at least 14 calendar days after today
// in the customer's zone, a business day of the customer's calendar, and one health check per
// contract year counted from the contract's start date.
extension HealthCheckWorkflow {
    /// Calendar days between "today" in the customer's zone and the earliest date that may be proposed.
    public static let minimumNoticeDays = 14

    /// One year of a contract: from `start` up to (not including) `end`, the next year's start.
    ///
    /// Year `k` starts on the contract start's `k`-th anniversary; a contract started on 29 February
    /// has its anniversaries on 28 February in common years.
    public struct ContractYear: Sendable, Hashable, CustomStringConvertible {
        /// 0 for the year the contract starts with.
        public let index: Int
        public let start: LocalDate
        public let end: LocalDate

        /// The contract year `date` falls in, or nil when `date` is before the contract starts.
        public static func containing(_ date: LocalDate, contractStart: LocalDate) -> ContractYear? {
            guard date >= contractStart else { return nil }
            var index = date.year - contractStart.year
            if anniversary(of: contractStart, years: index) > date { index -= 1 }
            return ContractYear(
                index: index,
                start: anniversary(of: contractStart, years: index),
                end: anniversary(of: contractStart, years: index + 1)
            )
        }

        /// `2026-06-15 to 2027-06-14`: the first and last day.
        public var description: String { "\(start) to \(end.adding(days: -1))" }

        private static func anniversary(of start: LocalDate, years: Int) -> LocalDate {
            LocalDate(year: start.year + years, month: start.month, day: start.day)
                ?? LocalDate(year: start.year + years, month: start.month, day: 28)
                ?? LocalDate(year: 9999, month: 12, day: 31)!
        }
    }

    /// Checks `date` against the rules in the request's calendar, which it returns, or throws a rule
    /// error naming `field` that says what to propose instead.
    ///
    /// - Parameter bookedDates: The customer's other health checks that are not cancelled; nil skips
    ///   the quota (at confirmation, when the shell sends no bookings).
    @discardableResult
    func checkDate(
        _ date: LocalDate,
        bookedDates: [LocalDate]?,
        for request: Request,
        field: String,
        context: WorkflowContext,
        _ state: State? = nil,
        _ event: Event? = nil
    ) throws(TransitionError) -> BusinessCalendar {
        let calendar = try calendar(for: request, state, event)
        func refuse(_ reason: String) -> TransitionError {
            Self.ruleViolation(reason, field: field, in: state, on: event)
        }
        let today = calendar.localDate(of: context.now)
        let earliest = today.adding(days: Self.minimumNoticeDays)
        guard date >= earliest else {
            let ahead = (1..<Self.minimumNoticeDays).first { today.adding(days: $0) == date }
            let distance = ahead.map { "only \($0) day\($0 == 1 ? "" : "s") after" } ?? "not after"
            throw refuse(
                "\(date) is \(distance) today (\(today) in \(calendar.timeZoneIdentifier)); a health-check date must be "
                    + "agreed at least \(Self.minimumNoticeDays) days ahead: propose \(earliest) or later"
            )
        }
        guard calendar.isBusinessDay(date) else {
            let what =
                calendar.holidays.contains(date)
                ? "a holiday in calendar '\(calendar.name)'"
                : "a \(Self.dayName(date.weekday)), which has no working hours in calendar '\(calendar.name)'"
            throw refuse(
                "\(date) is \(what); the health check takes one business day: propose a business day such as "
                    + "\(calendar.nextBusinessDay(after: date))"
            )
        }
        guard let year = ContractYear.containing(date, contractStart: request.contractStart) else {
            throw refuse("\(date) is before the contract starts on \(request.contractStart); propose a date inside the contract")
        }
        // A booking is for this contract year or the next: a date further ahead holds a quota nobody can plan for.
        let thisYear = ContractYear.containing(max(today, request.contractStart), contractStart: request.contractStart)
        if let thisYear, let nextYear = ContractYear.containing(thisYear.end, contractStart: request.contractStart), date >= nextYear.end {
            throw refuse(
                "\(date) is beyond the next contract year (\(nextYear)); a health check is booked for this contract year "
                    + "(\(thisYear)) or the next: propose a date before \(nextYear.end)"
            )
        }
        let taken = (bookedDates ?? []).sorted().first { ContractYear.containing($0, contractStart: request.contractStart) == year }
        if let taken {
            throw refuse(
                "the health check of contract year \(year) is already used (another health check is booked on \(taken)); "
                    + "the contract includes one per contract year: propose a date on or after \(year.end), "
                    + "or cancel the other health check first"
            )
        }
        return calendar
    }

    /// The request's calendar, or a rule error listing the known ones.
    @discardableResult
    func calendar(for request: Request, _ state: State? = nil, _ event: Event? = nil) throws(TransitionError) -> BusinessCalendar {
        if let calendar = calendars[request.calendar] { return calendar }
        let known = calendars.isEmpty ? "none" : calendars.keys.sorted().joined(separator: ", ")
        throw Self.ruleViolation(
            "'\(request.calendar)' is not a known business calendar (known: \(known)); "
                + "use the support calendar named in the customer's contract, or add it to workflows/calendars.yaml",
            field: "calendar",
            in: state,
            on: event
        )
    }

    private static func dayName(_ weekday: Locale.Weekday) -> String {
        switch weekday {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        @unknown default: weekday.rawValue
        }
    }
}
