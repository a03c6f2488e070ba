import Foundation
import StewardCore

/// The incident request type (DESIGN.md sections 1, 2 and 4a).
///
/// `new` (first-response clock runs; task `respond` for the support group) → `respond` →
/// `in_progress` ⇄ (`requestInfo` / `customerReplied`) `waiting_for_customer` → `resolve` →
/// `resolved` → (`confirm`, or `autoCloseDue` after the policy's business days) `closed`;
/// `reopen` from `resolved`; `cancel` from every state that is not terminal. ``transitions`` lists
/// every event and where it leads.
///
/// The rules the decisions keep:
/// - The first response is the first `respond` by a staff member: it stops the first-response
///   clock (``SLAClock``), met or breached. An automatic acknowledgement, an internal note or an
///   assignment is not a response, and the clock is never paused. Resolving an unanswered incident
///   is its first response too, so only staff may do that.
/// - SLA warnings and the breach are timers (`sla-warning-50`, `sla-breach`) that notify the
///   TAM-or-duty-manager; a severity change recomputes the target from the original receipt.
/// - A severity-1 incident makes a daily status report every 24 hours until it is resolved or
///   cancelled: an e-mail, or a call task for the TAM group when the customer chose phone.
/// - Every state has someone to move it: the support group has a task in `new` (`respond`) and in
///   `in_progress` (`resolve`); `waiting_for_customer` and `resolved` wait on the customer.
public struct IncidentWorkflow: DeclaredWorkflow {
    public static let type = "incident"

    public let version = 1

    public var policy: IncidentPolicy

    public init(policy: IncidentPolicy = IncidentPolicy()) {
        self.policy = policy
    }

    /// Files an incident: the first-response clock starts at the receipt, the support group gets its
    /// `respond` task, the SLA timers are armed, and a severity-1 incident schedules its first daily
    /// report 24 hours after the receipt.
    public func start(_ input: Input, context: WorkflowContext) throws(TransitionError) -> Transition<State, Event> {
        guard !input.summary.allSatisfy(\.isWhitespace) else {
            throw TransitionError(
                code: .ruleViolated,
                workflowType: Self.type,
                reason: "the summary is empty; say what is wrong, in the customer's words",
                field: "summary"
            )
        }
        guard let calendar = policy.calendar(named: input.supportCalendar) else {
            throw TransitionError(
                code: .ruleViolated,
                workflowType: Self.type,
                reason: unknownCalendar(input.supportCalendar),
                field: "supportCalendar"
            )
        }
        let receivedAt = input.receivedAt ?? context.now
        guard receivedAt <= context.now else {
            throw TransitionError(
                code: .ruleViolated,
                workflowType: Self.type,
                reason: "receivedAt \(receivedAt.formatted(.iso8601)) is in the future (now is "
                    + "\(context.now.formatted(.iso8601))); give the instant the customer called or wrote, or leave it out",
                field: "receivedAt"
            )
        }
        let earliest = context.now.addingTimeInterval(-policy.receivedWithin.timeInterval)
        guard receivedAt >= earliest else {
            let days = Int(policy.receivedWithin.timeInterval / 86_400)
            throw TransitionError(
                code: .ruleViolated,
                workflowType: Self.type,
                reason: "receivedAt \(receivedAt.formatted(.iso8601)) is more than \(days) days ago; a call or an e-mail is "
                    + "logged within \(days) days of its receipt (policy incidents.receivedWithinDays), so give an instant after "
                    + "\(earliest.formatted(.iso8601))",
                field: "receivedAt"
            )
        }
        let (clock, actions) = SLAClock.start(
            receivedAt: receivedAt,
            severity: input.severity,
            tier: input.tier,
            policy: policy.sla,
            supportCalendar: calendar,
            at: context.now
        )
        var incident = Incident(input, clock: clock)
        var effects: [Effect<Event>] = [.createTask(respondTask(for: incident))]
        effects += slaEffects(actions, of: incident)
        if incident.severity == .critical {
            effects += startDailyReports(&incident, after: receivedAt, now: context.now)
        }
        return Transition(to: .new(incident: incident), effects: effects)
    }

    public func decide(
        _ state: State, on event: Event, context: WorkflowContext
    ) throws(TransitionError)
        -> Transition<State, Event>
    {
        try Self.checkDeclared(event, in: state)
        let step = Step(state: state, event: event, context: context)
        var incident = state.incident
        switch event {
        case .respond(let message):
            return try respond(message, step)
        case .addInternalNote:
            return Transition(to: state)
        case .acknowledge:
            incident.acknowledgedAt = incident.acknowledgedAt ?? context.now
            return Transition(to: state.replacing(incident))
        case .assign(let staffID):
            try step.requireText(staffID, field: "to", what: "the staff member to assign the incident to")
            incident.assignee = staffID
            return Transition(to: state.replacing(incident))
        case .requestInfo:
            return Transition(to: .waitingForCustomer(incident: incident), effects: [.cancelTask(name: TaskName.resolve)])
        case .customerReplied:
            return Transition(to: .inProgress(incident: incident), effects: [.createTask(resolveTask(for: incident))])
        case .resolve(let summary):
            return try resolve(summary, step)
        case .confirm, .autoCloseDue, .reopen:
            return try settle(step)
        case .changeSeverity(let severity, let reason):
            return try changeSeverity(to: severity, reason: reason, step)
        case .cancel(let reason):
            try step.requireText(reason, field: "reason", what: "why the request is withdrawn, for the history")
            return cancel(reason: reason, step)
        case .slaWarningDue(let fraction):
            let (clock, actions) = incident.clock.warningDue(fraction: fraction, at: context.now)
            incident.clock = clock
            return Transition(to: state.replacing(incident), effects: slaEffects(actions, of: incident))
        case .slaBreachDue:
            let (clock, actions) = incident.clock.breachDue(at: context.now)
            incident.clock = clock
            return Transition(to: state.replacing(incident), effects: slaEffects(actions, of: incident))
        case .dailyReportDue(let digest):
            let effects = makeDailyReport(&incident, stateName: state.name, digest: digest, now: context.now)
            return Transition(to: state.replacing(incident), effects: effects)
        case .dailyReportCallDone:
            // The call is done: its task ends with this event (completed through it, or withdrawn
            // when the notes were sent to the request directly).
            let done = incident.dailyReports.openCall.map { [Effect<Event>.cancelTask(name: TaskName.dailyReportCall($0))] } ?? []
            incident.dailyReports.openCall = nil
            return Transition(to: state.replacing(incident), effects: done)
        }
    }

    public func mover(of state: State) -> Mover {
        switch state {
        case .new, .inProgress: .group("support")
        case .waitingForCustomer, .resolved: .customer
        case .closed, .cancelled: .nobody
        }
    }
}
