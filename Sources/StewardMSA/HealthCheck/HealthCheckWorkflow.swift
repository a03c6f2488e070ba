import Foundation
import StewardCore

/// The yearly remote health check: a date agreed at least two weeks ahead on a business day,
/// one per contract year, performed in one business day and reported as a checklist.
///
/// ```
/// requested ─start─► scheduling ─proposeDate─► scheduling ─confirmDate─► scheduled
///   scheduled ─reschedule─► scheduling
///   scheduled ─startDue─► in_progress ─finishAssessment─► reporting ─deliver─► delivered
///   delivered ─confirm | autoCloseDue─► closed
/// ```
/// Every proposed date (and a rescheduled one) must pass the rules in `HealthCheckWorkflow+Scheduling.swift`.
/// The date is agreed when the customer confirms it, so the 14-day notice and the business day
/// are checked again then (a proposal can age past the notice); the quota was checked with the
/// bookings sent with the proposal. The TAM (or the duty manager) is told when a health check is
/// requested, when a date is confirmed or moved, when a scheduled one is cancelled and when the
/// report is delivered.
public struct HealthCheckWorkflow: DeclaredWorkflow {
    public static let type = "health-check"
    /// The group that performs health checks and writes their reports.
    public static let group = "health-check"

    public let version = 1
    /// The business calendars by name; a health check names its customer's.
    public var calendars: [String: BusinessCalendar]
    public var configuration: Configuration

    public init(calendars: [String: BusinessCalendar], configuration: Configuration = Configuration()) {
        self.calendars = calendars
        self.configuration = configuration
    }

    /// Opens `scheduling`, with the input's date proposed when it has one.
    public func start(_ input: Input, context: WorkflowContext) throws(TransitionError) -> Transition<State, Event> {
        var request = Request(calendar: input.calendar, contractStart: input.contractStart)
        try calendar(for: request)
        var effects: [Effect<Event>] = [
            .notify(
                Notification(
                    to: .tamOrDutyManager,
                    template: "health-check-requested",
                    fields: ["contractStart": "\(request.contractStart)"],
                    dedupKey: "tam-requested"
                )
            )
        ]
        guard let date = input.proposedDate else {
            return Transition(to: .scheduling(request: request, proposal: nil), effects: effects)
        }
        try checkDate(date, bookedDates: input.bookedDates, for: request, field: "proposedDate", context: context)
        request.proposals = 1
        effects.append(proposalNotice(date, request))
        return Transition(to: .scheduling(request: request, proposal: proposal(of: date, context)), effects: effects)
    }

    public func decide(
        _ state: State, on event: Event, context: WorkflowContext
    ) throws(TransitionError)
        -> Transition<State, Event>
    {
        try Self.checkDeclared(event, in: state)
        switch (state, event) {
        case (.scheduling(var request, _), .proposeDate(let date, let bookedDates)):
            try checkDate(date, bookedDates: bookedDates, for: request, field: "date", context: context, state, event)
            request.proposals += 1
            return Transition(
                to: .scheduling(request: request, proposal: proposal(of: date, context)),
                effects: [proposalNotice(date, request)]
            )
        case (.scheduling(let request, let proposal), .confirmDate):
            guard let date = proposal?.date else {
                throw Self.ruleViolation(
                    "no date has been proposed yet; propose one with proposeDate, then confirm it", field: "date", in: state, on: event)
            }
            let calendar = try checkDate(date, bookedDates: nil, for: request, field: "date", context: context, state, event)
            // A business day has working hours, so it has a first working interval.
            let startsAt = calendar.workingIntervals(on: date)[0].start
            let fields = ["date": "\(date)", "startsAt": startsAt.formatted(.iso8601)]
            return Transition(
                to: .scheduled(request: request, date: date),
                effects: [
                    .scheduleTimer(name: "health-check-start", at: startsAt, event: .startDue),
                    .notify(.tamOrDutyManager, "health-check-scheduled", fields, key: "tam-scheduled-\(request.proposals)"),
                    .notify(.customerContacts, "health-check-scheduled", fields, key: "customer-scheduled-\(request.proposals)"),
                ]
            )
        case (.scheduled(var request, let previous), .reschedule(let date, let bookedDates)):
            try checkDate(date, bookedDates: bookedDates, for: request, field: "date", context: context, state, event)
            request.proposals += 1
            return Transition(
                to: .scheduling(request: request, proposal: proposal(of: date, context)),
                effects: [
                    .cancelTimer(name: "health-check-start"),
                    .notify(
                        Notification(
                            to: .tamOrDutyManager,
                            template: "health-check-rescheduled",
                            fields: ["previousDate": "\(previous)", "date": "\(date)"],
                            dedupKey: "tam-rescheduled-\(request.proposals)"
                        )
                    ),
                    proposalNotice(date, request),
                ]
            )
        case (.scheduled(let request, let date), .startDue):
            let calendar = try calendar(for: request, state, event)
            // One business day: the agreed day, or the next business day if it has since become a holiday.
            let day = calendar.isBusinessDay(date) ? date : calendar.nextBusinessDay(after: date)
            return Transition(
                to: .inProgress(request: request, date: date),
                effects: [
                    .createTask(
                        TaskSpec(
                            name: "perform-health-check",
                            group: Self.group,
                            title: "Perform the remote health check of \(date)",
                            dueAt: calendar.workingIntervals(on: day).last?.end
                        )
                    )
                ]
            )
        case (.inProgress(let request, let date), .finishAssessment):
            return Transition(
                to: .reporting(request: request, date: date),
                effects: [
                    .cancelTask(name: "perform-health-check"),
                    .createTask(
                        TaskSpec(name: "write-report", group: Self.group, title: "Write the report of the health check of \(date)")
                    ),
                ]
            )
        case (.reporting(let request, let date), .deliver(let checklist)):
            let checklist = try checked(checklist, state, event)
            let worst = checklist.map(\.severity).max { Self.rank($0) < Self.rank($1) } ?? .low
            let fields = ["date": "\(date)", "items": "\(checklist.count)", "highestSeverity": worst.rawValue]
            return Transition(
                to: .delivered(request: request, date: date, checklist: checklist),
                effects: [
                    .cancelTask(name: "write-report"),
                    .notify(.customerContacts, "health-check-report", fields, key: "customer-report"),
                    .notify(.tamOrDutyManager, "health-check-delivered", fields, key: "tam-report"),
                    .scheduleTimer(name: "auto-close", at: context.now.adding(configuration.autoCloseAfter), event: .autoCloseDue),
                ]
            )
        case (.delivered(let request, let date, let checklist), .confirm):
            return Transition(to: .closed(request: request, date: date, checklist: checklist), effects: [.cancelTimer(name: "auto-close")])
        case (.delivered(let request, let date, let checklist), .autoCloseDue):
            return Transition(to: .closed(request: request, date: date, checklist: checklist))
        case (.scheduled(_, let date), .cancel(let reason)):
            _ = try Self.required(reason, field: "reason", what: "why the request is withdrawn, for the history", in: state, on: event)
            return Transition(
                to: .cancelled(reason: reason),
                effects: [
                    .notify(
                        Notification(
                            to: .tamOrDutyManager,
                            template: "health-check-cancelled",
                            fields: ["date": "\(date)", "reason": reason],
                            dedupKey: "tam-cancelled"
                        )
                    )
                ]
            )
        case (_, .cancel(let reason)):
            _ = try Self.required(reason, field: "reason", what: "why the request is withdrawn, for the history", in: state, on: event)
            return Transition(to: .cancelled(reason: reason))
        default:
            // Every pair the table declares has a case above, and any other was refused first; this
            // catches a row added to the table before its decision.
            throw Self.refusal(of: event, in: state)
        }
    }

    public func mover(of state: State) -> Mover {
        switch state {
        // Nothing proposed yet: the TAM agrees a date with the customer; then the customer confirms.
        case .scheduling(_, nil): .tam
        case .scheduling: .customer
        case .scheduled: .system
        case .inProgress, .reporting: .group(Self.group)
        case .delivered: .customer
        case .closed, .cancelled: .nobody
        }
    }

    /// The checklist with its text trimmed, or a rule error naming the empty list or the first blank field.
    private func checked(_ checklist: [ChecklistItem], _ state: State, _ event: Event) throws(TransitionError) -> [ChecklistItem] {
        func refuse(_ reason: String, field: String) -> TransitionError {
            Self.ruleViolation(reason, field: field, in: state, on: event)
        }
        guard !checklist.isEmpty else {
            throw refuse(
                "the checklist is empty; the report lists at least one finding with its severity and recommendation",
                field: "checklist"
            )
        }
        var items: [ChecklistItem] = []
        for (index, item) in checklist.enumerated() {
            var item = item
            item.finding = item.finding.trimmingCharacters(in: .whitespacesAndNewlines)
            item.recommendation = item.recommendation.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !item.finding.isEmpty else {
                throw refuse("checklist item \(index + 1) has no finding; say what was found", field: "checklist[\(index)].finding")
            }
            guard !item.recommendation.isEmpty else {
                throw refuse(
                    "checklist item \(index + 1) has no recommendation; say what the customer should do about it",
                    field: "checklist[\(index)].recommendation"
                )
            }
            items.append(item)
        }
        return items
    }

    private func proposal(of date: LocalDate, _ context: WorkflowContext) -> Proposal {
        Proposal(date: date, proposedBy: context.actor.description, proposedAt: context.now)
    }

    private func proposalNotice(_ date: LocalDate, _ request: Request) -> Effect<Event> {
        .notify(
            Notification(
                to: .customerContacts,
                template: "health-check-date-proposed",
                fields: ["date": "\(date)"],
                dedupKey: "customer-proposal-\(request.proposals)"
            )
        )
    }

    private static func rank(_ severity: ChecklistItem.Severity) -> Int {
        ChecklistItem.Severity.allCases.firstIndex(of: severity) ?? 0
    }
}
