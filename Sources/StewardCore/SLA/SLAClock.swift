import Foundation

/// The first-response SLA of one incident: its target, the warnings still to come, the first
/// response and the breach.
///
/// A pure value: each operation returns the next clock and the ``SLAAction``s its workflow turns
/// into effects, and never performs I/O. The rules (DESIGN.md section 4a):
///
/// - The clock is never paused; it stops at the first staff response, and later responses change
///   nothing.
/// - Each warning fires once, at its instant: a duplicate, early or stale `warningDue` does nothing.
/// - A breach is recorded once per incident, and stays recorded: a later severity change neither
///   records a second one nor clears it, so a response after a recorded breach is not met. No
///   warnings fire after a breach.
/// - A severity change before the first response recomputes the target from the original receipt
///   instant and judges each threshold of the new target by its instant alone: an instant still in
///   the future is armed (again), even if the same fraction already fired under the old target,
///   because the TAM needs to hear that the new deadline approaches; an instant already past never
///   fires, so there is no burst of back-dated warnings. A new due instant already past records
///   the breach at once. After the first response a severity change leaves the clock as it is.
/// - At the due instant itself a response is in time, unless the breach timer was applied first.
public struct SLAClock: Sendable, Hashable, Codable {
    /// The first staff response and the time it took.
    public struct FirstResponse: Sendable, Hashable {
        public let at: Date
        /// The time counted by the target between receipt and response: business time of the
        /// support calendar for a business-hours target, all time for a round-the-clock one.
        public let businessTime: Duration
        /// The real time between receipt and response.
        public let wallClockTime: Duration
    }

    /// A severity change, kept so reports can tell what the incident was filed as.
    public struct SeverityChange: Sendable, Hashable, Codable {
        public let at: Date
        public let from: Severity
        public let to: Severity
    }

    /// The target in force: the latest severity's, computed from the original receipt instant.
    public private(set) var target: ResponseTarget
    /// Warnings armed and not yet fired, in ascending order of fraction.
    public private(set) var pendingWarnings: [ResponseTarget.Warning]
    /// The first staff response, once given.
    public private(set) var firstResponse: FirstResponse?
    /// The instant the target was missed, once a breach is recorded.
    public private(set) var breachedAt: Date?
    /// The severity whose target was missed; it differs from ``severity`` when the severity changed
    /// after the breach. Absent in clocks stored before it was kept: their ``severity`` then.
    public private(set) var breachedSeverity: Severity?
    /// Severity changes before the first response, oldest first.
    public private(set) var severityChanges: [SeverityChange]

    private init(target: ResponseTarget) {
        self.target = target
        pendingWarnings = []
        firstResponse = nil
        breachedAt = nil
        breachedSeverity = nil
        severityChanges = []
    }

    public var receivedAt: Date { target.receivedAt }
    public var severity: Severity { target.severity }
    public var dueAt: Date { target.dueAt }

    /// Whether the first response came in time.
    public var isMet: Bool { firstResponse != nil && breachedAt == nil }
    /// Whether a breach is recorded.
    public var isBreached: Bool { breachedAt != nil }

    /// Starts the clock of an incident received at `receivedAt`, arming every warning and the breach.
    ///
    /// `now` is normally `receivedAt`; it is later when staff log a phone call or an e-mail after
    /// the fact. Thresholds already past then behave as after a severity change: warnings are
    /// skipped, and a due instant already past records the breach at once.
    public static func start(
        receivedAt: Date,
        severity: Severity,
        tier: SupportTier,
        policy: SLAPolicy,
        supportCalendar: BusinessCalendar,
        at now: Date
    ) -> (clock: SLAClock, actions: [SLAAction]) {
        let target = ResponseTarget(
            receivedAt: receivedAt,
            severity: severity,
            tier: tier,
            policy: policy,
            supportCalendar: supportCalendar
        )
        var clock = SLAClock(target: target)
        let actions = clock.arm(target, at: now, breachTimerPending: false)
        return (clock, actions)
    }

    /// The warning timer for `fraction` fired: tells the TAM once, if that warning is still pending
    /// and its instant has come; otherwise (a duplicate, or a stale timer of an earlier target)
    /// nothing happens.
    public func warningDue(fraction: Double, at now: Date) -> (clock: SLAClock, actions: [SLAAction]) {
        guard firstResponse == nil, breachedAt == nil,
            let index = pendingWarnings.firstIndex(where: { $0.fraction == fraction }),
            pendingWarnings[index].at <= now
        else { return (self, []) }
        var clock = self
        clock.pendingWarnings.remove(at: index)
        return (clock, [.notifyWarning(fraction: fraction, dueAt: dueAt)])
    }

    /// The breach timer fired: records the breach at the due instant, once, unless the first
    /// response came first or the target has since moved later (a stale timer).
    public func breachDue(at now: Date) -> (clock: SLAClock, actions: [SLAAction]) {
        guard firstResponse == nil, breachedAt == nil, dueAt <= now else { return (self, []) }
        var clock = self
        // Warnings whose timers have not been applied yet would only repeat what the breach says.
        var actions = clock.pendingWarnings.map { SLAAction.cancelWarning(fraction: $0.fraction) }
        clock.pendingWarnings = []
        clock.recordBreach()
        actions.append(.recordBreach(breachedAt: dueAt))
        return (clock, actions)
    }

    /// The first customer-visible staff message: stops the clock, met if `now` is at or before the
    /// due instant and no breach is recorded. Cancels the pending timers, records the breach if the
    /// response is late and its timer has not fired yet, and keeps the elapsed times. A later
    /// response changes nothing.
    public func respond(at now: Date, supportCalendar: BusinessCalendar) -> (clock: SLAClock, actions: [SLAAction]) {
        guard firstResponse == nil else { return (self, []) }
        var clock = self
        var actions = clock.pendingWarnings.map { SLAAction.cancelWarning(fraction: $0.fraction) }
        clock.pendingWarnings = []
        if breachedAt == nil {
            actions.append(.cancelBreach)
            if now > dueAt {
                clock.recordBreach()
                actions.append(.recordBreach(breachedAt: dueAt))
            }
        }
        clock.firstResponse = FirstResponse(
            at: now,
            businessTime: countingCalendar(support: supportCalendar).businessTime(from: receivedAt, to: now),
            wallClockTime: .seconds(now.timeIntervalSince(receivedAt))
        )
        return (clock, actions)
    }

    /// The incident's severity changed at `now`: recomputes the target from the original receipt
    /// instant and re-arms its thresholds (see the rules above). Nothing changes after the first
    /// response or when the severity is the same.
    public func changeSeverity(
        to severity: Severity,
        at now: Date,
        policy: SLAPolicy,
        supportCalendar: BusinessCalendar
    ) -> (clock: SLAClock, actions: [SLAAction]) {
        guard firstResponse == nil, severity != self.severity else { return (self, []) }
        var clock = self
        clock.severityChanges.append(SeverityChange(at: now, from: self.severity, to: severity))
        let target = ResponseTarget(
            receivedAt: receivedAt,
            severity: severity,
            tier: target.tier,
            policy: policy,
            supportCalendar: supportCalendar
        )
        let actions = clock.arm(target, at: now, breachTimerPending: breachedAt == nil)
        return (clock, actions)
    }

    /// The time counted by the target from receipt to `now`, or to the first response once given.
    public func elapsedBusinessTime(at now: Date, supportCalendar: BusinessCalendar) -> Duration {
        firstResponse?.businessTime
            ?? countingCalendar(support: supportCalendar).businessTime(from: receivedAt, to: now)
    }

    /// The real time from receipt to `now`, or to the first response once given.
    public func elapsedWallClock(at now: Date) -> Duration {
        firstResponse?.wallClockTime ?? .seconds(now.timeIntervalSince(receivedAt))
    }

    /// The time counted by the target from `now` (or the first response once given) to the due
    /// instant; negative once it has passed.
    public func remaining(at now: Date, supportCalendar: BusinessCalendar) -> Duration {
        SLAFigures(clock: self, supportCalendar: supportCalendar).remaining(at: now, calendar: countingCalendar(support: supportCalendar))
    }

    /// Where the target stands at `now` for a customer with `supportCalendar`: what a TAM's countdown shows.
    public func status(at now: Date, supportCalendar: BusinessCalendar) -> SLAStatus {
        SLAFigures(clock: self, supportCalendar: supportCalendar).status(at: now, calendar: countingCalendar(support: supportCalendar))
    }

    /// Records that the target in force was missed at its due instant.
    private mutating func recordBreach() {
        breachedAt = target.dueAt
        breachedSeverity = target.severity
    }

    private func countingCalendar(support: BusinessCalendar) -> BusinessCalendar {
        target.responseTime.counting.calendar(support: support)
    }

    /// Makes `target` the one in force and arms its thresholds as seen at `now`. Before the first
    /// response only; `breachTimerPending` says whether a breach timer is armed to be replaced.
    private mutating func arm(_ target: ResponseTarget, at now: Date, breachTimerPending: Bool) -> [SLAAction] {
        self.target = target
        // A recorded breach stays, and with it nothing is armed: pendingWarnings is already empty.
        guard breachedAt == nil else { return [] }
        let armed = target.warnings.filter { $0.at > now }
        // A fraction armed again needs no cancel: scheduling it replaces its timer.
        var actions = pendingWarnings.filter { old in !armed.contains { $0.fraction == old.fraction } }
            .map { SLAAction.cancelWarning(fraction: $0.fraction) }
        pendingWarnings = armed
        actions += armed.map { .scheduleWarning(fraction: $0.fraction, at: $0.at) }
        if target.dueAt > now {
            actions.append(.scheduleBreach(at: target.dueAt))
        } else {
            if breachTimerPending { actions.append(.cancelBreach) }
            recordBreach()
            actions.append(.recordBreach(breachedAt: target.dueAt))
        }
        return actions
    }
}

// Elapsed times are written as seconds, so a stored clock stays readable.
extension SLAClock.FirstResponse: Codable {
    private enum CodingKeys: String, CodingKey {
        case at, businessSeconds, wallClockSeconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        at = try container.decode(Date.self, forKey: .at)
        businessTime = .seconds(try container.decode(Double.self, forKey: .businessSeconds))
        wallClockTime = .seconds(try container.decode(Double.self, forKey: .wallClockSeconds))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(at, forKey: .at)
        try container.encode(businessTime.timeInterval, forKey: .businessSeconds)
        try container.encode(wallClockTime.timeInterval, forKey: .wallClockSeconds)
    }
}
