import Foundation
import StewardCore

// The decisions that take more than a line: the first response, resolving, what follows a
// resolution, severity changes and cancelling.
extension IncidentWorkflow {
    /// The state, event and context of one decision, for the errors it may raise.
    struct Step {
        let state: State
        let event: Event
        let context: WorkflowContext

        var now: Date { context.now }

        /// A rule of the contract refused the event.
        func violation(_ reason: String, field: String? = nil) -> TransitionError {
            IncidentWorkflow.ruleViolation(reason, field: field, in: state, on: event)
        }

        /// Refuses blank text; the incident keeps the text as it was written.
        func requireText(_ text: String, field: String, what: String) throws(TransitionError) {
            try IncidentWorkflow.required(text, field: field, what: what, in: state, on: event)
        }

        /// Only a staff member's message to the customer counts as a response (DESIGN.md 4a).
        func requireStaff() throws(TransitionError) {
            guard context.actor.isStaff else {
                throw violation(
                    "only a staff member's customer-visible message is a first response, and \(context.actor) is not "
                        + "staff; an automatic acknowledgement, an internal note or an assignment is not a response, and a "
                        + "customer's message is customerReplied"
                )
            }
        }
    }

    /// A staff message to the customer: the first one stops the clock and hands the incident to the
    /// support group to resolve; later ones change nothing.
    func respond(_ message: String, _ step: Step) throws(TransitionError) -> Transition<State, Event> {
        try step.requireStaff()
        try step.requireText(message, field: "message", what: "the message the customer sees")
        guard case .new(var incident) = step.state else { return Transition(to: step.state) }
        let effects = try firstResponse(&incident, step)
        return Transition(to: .inProgress(incident: incident), effects: effects + [.createTask(resolveTask(for: incident))])
    }

    /// Stops the first-response clock at `now` and withdraws the `respond` task.
    private func firstResponse(_ incident: inout Incident, _ step: Step) throws(TransitionError) -> [Effect<Event>] {
        let (clock, actions) = incident.clock.respond(at: step.now, supportCalendar: try supportCalendar(of: incident, step))
        incident.clock = clock
        return slaEffects(actions, of: incident) + [.cancelTask(name: TaskName.respond)]
    }

    /// Resolves the incident: its open tasks and daily reports stop, and the auto-close timer is set
    /// the policy's business days of the support calendar later. An unanswered incident's resolution
    /// is its first response.
    func resolve(_ summary: String, _ step: Step) throws(TransitionError) -> Transition<State, Event> {
        try step.requireText(summary, field: "summary", what: "the resolution the customer is told")
        var incident = step.state.incident
        let calendar = try supportCalendar(of: incident, step)
        var effects: [Effect<Event>] = []
        switch step.state {
        case .new:
            guard step.context.actor.isStaff else {
                throw step.violation(
                    "this incident has had no first response, so its resolution would be the first response, "
                        + "and only a staff member's customer-visible message is one; \(step.context.actor) is not staff"
                )
            }
            effects += try firstResponse(&incident, step)
        case .inProgress:
            effects.append(.cancelTask(name: TaskName.resolve))
        default:
            break
        }
        effects += stopDailyReports(&incident)
        let autoCloseAt = policy.autoCloseAt(resolvedAt: step.now, supportCalendar: calendar)
        effects.append(.scheduleTimer(name: TimerName.autoClose, at: autoCloseAt, event: .autoCloseDue))
        let resolution = Resolution(at: step.now, summary: summary, autoCloseAt: autoCloseAt)
        return Transition(to: .resolved(incident: incident, resolution: resolution), effects: effects)
    }

    /// What follows a resolution: the customer confirms, the auto-close timer closes it, or it is reopened.
    func settle(_ step: Step) throws(TransitionError) -> Transition<State, Event> {
        guard case .resolved(var incident, let resolution) = step.state else {
            throw Self.refusal(of: step.event, in: step.state)
        }
        switch step.event {
        case .confirm:
            return Transition(
                to: .closed(incident: incident, resolution: resolution, closure: Closure(at: step.now, reason: .confirmed)),
                effects: [.cancelTimer(name: TimerName.autoClose)]
            )
        case .autoCloseDue:
            // A timer of an earlier resolution that was reopened: this resolution's timer is still to come.
            guard step.now >= resolution.autoCloseAt else { return Transition(to: step.state) }
            return Transition(
                to: .closed(incident: incident, resolution: resolution, closure: Closure(at: step.now, reason: .autoClosed))
            )
        default:
            // reopen: back to the support group; a severity-1 incident reports daily again.
            incident.reopenCount += 1
            var effects: [Effect<Event>] = [.cancelTimer(name: TimerName.autoClose), .createTask(resolveTask(for: incident))]
            if incident.severity == .critical {
                effects += startDailyReports(&incident, after: step.now, now: step.now)
            }
            return Transition(to: .inProgress(incident: incident), effects: effects)
        }
    }

    /// Changes the severity before the resolution: the clock recomputes its target from the original
    /// receipt (a target already past is one breach at once, never back-dated warnings), an open
    /// `respond` task is re-created in its new place in the queue, and daily reports start with
    /// severity 1 (the first 24 hours after the change) and stop when it is left.
    ///
    /// The `resolve` task keeps its place: re-creating it would take it from the engineer who claimed it.
    func changeSeverity(to severity: Severity, reason: String, _ step: Step) throws(TransitionError) -> Transition<State, Event> {
        try step.requireText(reason, field: "reason", what: "the reason for the change, for the history")
        var incident = step.state.incident
        guard severity != incident.severity else {
            throw step.violation("the incident is already severity \(severity); choose another severity", field: "to")
        }
        let (clock, actions) = incident.clock.changeSeverity(
            to: severity,
            at: step.now,
            policy: policy.sla,
            supportCalendar: try supportCalendar(of: incident, step)
        )
        let wasCritical = incident.severity == .critical
        incident.clock = clock
        incident.severity = severity
        var effects = slaEffects(actions, of: incident)
        if case .new = step.state {
            effects += [.cancelTask(name: TaskName.respond), .createTask(respondTask(for: incident))]
        }
        if severity == .critical {
            effects += startDailyReports(&incident, after: step.now, now: step.now)
        } else if wasCritical {
            effects += stopDailyReports(&incident)
        }
        return Transition(to: step.state.replacing(incident), effects: effects)
    }

    /// Withdraws the request from any state that is not terminal, dropping its open tasks and timers.
    func cancel(reason: String, _ step: Step) -> Transition<State, Event> {
        var incident = step.state.incident
        var effects: [Effect<Event>] = []
        switch step.state {
        case .new:
            effects = [.cancelTask(name: TaskName.respond)] + pendingSLATimers(of: incident.clock)
        case .inProgress:
            effects = [.cancelTask(name: TaskName.resolve)]
        case .resolved:
            effects = [.cancelTimer(name: TimerName.autoClose)]
        case .waitingForCustomer, .closed, .cancelled:
            break
        }
        effects += stopDailyReports(&incident)
        return Transition(
            to: .cancelled(incident: incident, cancellation: Cancellation(at: step.now, reason: reason)),
            effects: effects
        )
    }

    /// The incident's support calendar, or an error when the policy no longer defines it.
    private func supportCalendar(of incident: Incident, _ step: Step) throws(TransitionError) -> BusinessCalendar {
        guard let calendar = policy.calendar(named: incident.supportCalendar) else {
            throw step.violation(unknownCalendar(incident.supportCalendar), field: "supportCalendar")
        }
        return calendar
    }

    func unknownCalendar(_ name: String) -> String {
        "there is no support calendar named \"\(name)\"; use one of \(policy.calendarNames.joined(separator: ", ")) "
            + "or add it to workflows/calendars.yaml"
    }
}
