import Foundation
import StewardCore

/// An incident's first-response SLA recomputed from its history alone (DESIGN.md section 3: the
/// stored deadlines are a cache of this replay).
public struct ReplayedIncident: Sendable, Hashable {
    public var summary: String
    public var channel: IncidentWorkflow.Channel
    /// The severity it was received with.
    public var receivedSeverity: Severity
    /// The severity now; after the first response it may differ from the clock's.
    public var severity: Severity
    /// The clock as the history makes it: receipt, severity changes, the first response and the
    /// breach timer, each applied at its recorded instant.
    public var clock: SLAClock
    /// When the resolution in force was given; nil when it is not resolved (or was reopened since).
    public var resolvedAt: Date?
    /// What the target in force counts: all time, or the support calendar's business hours.
    public let counting: SLAPolicy.Counting
    let countingCalendar: BusinessCalendar
    let isTerminal: Bool

    /// Where the target stands at `now`: a target past due without an answer is breached even
    /// before the breach timer has fired.
    public func standing(at now: Date) -> SLAStatus.Standing {
        if clock.isBreached { return .breached }
        if clock.firstResponse != nil { return .met }
        return now <= clock.dueAt ? .running : .breached
    }

    /// The counted time by which the target was missed: up to the first response, or up to `now`
    /// while unanswered; nil when it was not missed.
    public func missedBy(at now: Date) -> Duration? {
        guard standing(at: now) == .breached else { return nil }
        return countingCalendar.businessTime(from: clock.dueAt, to: clock.firstResponse?.at ?? now)
    }

    /// Whether the incident is open and unanswered with its due instant still ahead at `now`.
    public func isAwaiting(at now: Date) -> Bool {
        !isTerminal && standing(at: now) == .running
    }
}

extension IncidentWorkflow {
    /// Replays `history` (oldest first, beginning with `start`) through the SLA rules of this
    /// workflow's policy.
    ///
    /// Only the facts the SLA rests on are read: the receipt and severity of the input, each
    /// `changeSeverity`, the first `respond` (or a resolution given while the incident was `new`,
    /// which is its first response) and the breach timer. An event in the history was accepted
    /// when it was recorded, so each was made by someone allowed to make it.
    public func replay(_ history: [ReportedRequest.Event]) throws(ReportError) -> ReplayedIncident {
        guard let start = history.first, start.event == "start",
            let input = try? JSONCoding.decoder.decode(Input.self, from: start.payload)
        else { throw ReportError.unreadableHistory("the incident's history does not begin with its filing") }
        guard let calendar = policy.calendar(named: input.supportCalendar) else {
            throw ReportError.unreadableHistory(unknownCalendar(input.supportCalendar))
        }
        var clock = SLAClock.start(
            receivedAt: input.receivedAt ?? start.at, severity: input.severity, tier: input.tier, policy: policy.sla,
            supportCalendar: calendar, at: start.at
        ).clock
        var resolvedAt: Date?
        var severity = input.severity
        for entry in history.dropFirst() {
            switch entry.event {
            case "changeSeverity":
                guard case .changeSeverity(let changed, _)? = try? JSONCoding.decoder.decode(Event.self, from: entry.payload) else {
                    throw ReportError.unreadableHistory("a severity change at \(entry.at.formatted(.iso8601)) cannot be read")
                }
                clock = clock.changeSeverity(to: changed, at: entry.at, policy: policy.sla, supportCalendar: calendar).clock
                severity = changed
            case "respond":
                clock = clock.respond(at: entry.at, supportCalendar: calendar).clock
            case "slaBreachDue":
                clock = clock.breachDue(at: entry.at).clock
            case "resolve":
                if entry.fromState == "new" { clock = clock.respond(at: entry.at, supportCalendar: calendar).clock }
                resolvedAt = entry.at
            case "reopen":
                resolvedAt = nil
            default:
                break
            }
        }
        let counting = clock.target.responseTime.counting
        let terminal = history.last.map { ["closed", "cancelled"].contains($0.toState) } ?? false
        return ReplayedIncident(
            summary: input.summary, channel: input.channel, receivedSeverity: input.severity, severity: severity, clock: clock,
            resolvedAt: resolvedAt, counting: counting, countingCalendar: counting.calendar(support: calendar), isTerminal: terminal
        )
    }
}
