import Foundation
import Testing

@testable import StewardCore

// Every expected instant is written in UTC and worked out by hand in the comment beside it.
// The support calendar is Europe/Berlin, Mon–Fri 09:00–18:00, with Good Friday 2026-04-03 and Easter
// Monday 2026-04-06 as holidays. Berlin is CET +01:00 until 2026-03-29 01:00Z, CEST +02:00 after,
// so 09:00–18:00 is 08:00Z–17:00Z in March and 07:00Z–16:00Z in April.
// Weekdays: 2026-03-10 is a Tuesday, 03-13 a Friday, 03-14 a Saturday, 03-16 a Monday, 03-29 a
// Sunday, 04-02 a Thursday, 04-07 a Tuesday.
// Contract policy: severity 1 30 min and severity 2 4 h round the clock, severity 3 6 h and severity 4
// 8 h of business time; warnings at 50 % and 80 %.

private func instant(_ iso8601: String) throws -> Date {
    try Date(iso8601, strategy: .iso8601)
}

private enum Support {
    static let mondayToFriday: [Locale.Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// The Berlin support calendar described at the top of the file; it is a constant, so `try!`.
    static let berlin = try! BusinessCalendar(
        name: "support-berlin",
        timeZoneIdentifier: "Europe/Berlin",
        weeklyHours: Dictionary(uniqueKeysWithValues: mondayToFriday.map { ($0, [WorkingHours("09:00-18:00")!]) }),
        holidays: [LocalDate("2026-04-03")!, LocalDate("2026-04-06")!]
    )
}

private func start(
    _ severity: Severity,
    _ receivedAt: String,
    tier: SupportTier = .standard,
    now: String? = nil
) throws -> (clock: SLAClock, actions: [SLAAction]) {
    SLAClock.start(
        receivedAt: try instant(receivedAt),
        severity: severity,
        tier: tier,
        policy: .contract,
        supportCalendar: Support.berlin,
        at: try instant(now ?? receivedAt)
    )
}

@Suite struct SLAClockTests {
    struct TargetRow: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let severity: Severity
        let receivedAt: String
        let startsCountingAt: String
        let dueAt: String
        /// At 50 % and 80 % of the response time.
        let warnings: [String]

        init(
            _ label: String, _ severity: Severity, _ receivedAt: String, starts: String? = nil, due: String,
            warnings: [String]
        ) {
            (testDescription, self.severity, self.receivedAt, startsCountingAt, dueAt, self.warnings) =
                (label, severity, receivedAt, starts ?? receivedAt, due, warnings)
        }
    }

    // MARK: Targets

    static let roundTheClockTargets: [TargetRow] = [
        // Tue 23:50 CET = 22:50Z; + 30 min = 23:20Z (Wed 00:20 CET); 15 min = 23:05Z; 24 min = 23:14Z.
        TargetRow(
            "severity 1 across midnight", .critical, "2026-03-10T22:50:00Z", due: "2026-03-10T23:20:00Z",
            warnings: ["2026-03-10T23:05:00Z", "2026-03-10T23:14:00Z"]),
        // Sat 23:45 CET = 22:45Z, the support desk closed: + 30 min = 23:15Z; 15 min = 23:00Z; 24 min = 23:09Z.
        TargetRow(
            "severity 1 on a Saturday night", .critical, "2026-03-14T22:45:00Z", due: "2026-03-14T23:15:00Z",
            warnings: ["2026-03-14T23:00:00Z", "2026-03-14T23:09:00Z"]),
        // Good Friday 10:00 CEST = 08:00Z, a holiday: + 30 min = 08:30Z; 08:15Z; 08:24Z.
        TargetRow(
            "severity 1 on a holiday", .critical, "2026-04-03T08:00:00Z", due: "2026-04-03T08:30:00Z",
            warnings: ["2026-04-03T08:15:00Z", "2026-04-03T08:24:00Z"]),
        // Fri 22:00 CET = 21:00Z; + 4 h = Sat 01:00Z; 2 h = 23:00Z; 3 h 12 min = Sat 00:12Z.
        TargetRow(
            "severity 2 from Friday night into the weekend", .high, "2026-03-13T21:00:00Z", due: "2026-03-14T01:00:00Z",
            warnings: ["2026-03-13T23:00:00Z", "2026-03-14T00:12:00Z"]),
        // Sun 29 00:00 CET = Sat 23:00Z; + 4 real hours = 03:00Z, shown as 05:00 CEST: the skipped
        // hour is no time, so the wall clock moves 5 h; 2 h = 01:00Z; 3 h 12 min = 02:12Z.
        TargetRow(
            "severity 2 over the spring-forward night", .high, "2026-03-28T23:00:00Z", due: "2026-03-29T03:00:00Z",
            warnings: ["2026-03-29T01:00:00Z", "2026-03-29T02:12:00Z"]),
    ]

    static let businessHourTargets: [TargetRow] = [
        // Fri 17:00 CET = 16:00Z: 1 h to 18:00; Mon 09:00 CET = 08:00Z + 5 h = 13:00Z (Mon 14:00 Berlin).
        // 50 % = 3 h: 1 h Fri + 2 h Mon = 10:00Z (11:00 Berlin); 80 % = 4 h 48 min: 1 h + 3 h 48 min
        // = 11:48Z (12:48 Berlin).
        TargetRow(
            "severity 3 filed Friday 17:00", .medium, "2026-03-13T16:00:00Z", due: "2026-03-16T13:00:00Z",
            warnings: ["2026-03-16T10:00:00Z", "2026-03-16T11:48:00Z"]),
        // Sat 12:00 CET = 11:00Z: counting starts Mon 09:00 CET = 08:00Z; + 6 h = 14:00Z;
        // + 3 h = 11:00Z; + 4 h 48 min = 12:48Z.
        TargetRow(
            "severity 3 filed Saturday", .medium, "2026-03-14T11:00:00Z", starts: "2026-03-16T08:00:00Z",
            due: "2026-03-16T14:00:00Z", warnings: ["2026-03-16T11:00:00Z", "2026-03-16T12:48:00Z"]),
        // Tue 18:00 CET = 17:00Z is closing time: counting starts Wed 09:00 CET = 08:00Z; + 6 h = 14:00Z.
        TargetRow(
            "severity 3 filed at closing time", .medium, "2026-03-10T17:00:00Z", starts: "2026-03-11T08:00:00Z",
            due: "2026-03-11T14:00:00Z", warnings: ["2026-03-11T11:00:00Z", "2026-03-11T12:48:00Z"]),
        // Thu 17:59 CEST = 15:59Z: 1 min to 18:00; Fri 3 (holiday), Sat, Sun, Mon 6 (holiday) off;
        // Tue 7 09:00 CEST = 07:00Z + 7 h 59 min = 14:59Z. 50 % = 4 h: 1 min + 3 h 59 min = 10:59Z;
        // 80 % = 6 h 24 min: 1 min + 6 h 23 min = 13:23Z.
        TargetRow(
            "severity 4 filed at 17:59 before Easter", .low, "2026-04-02T15:59:00Z", due: "2026-04-07T14:59:00Z",
            warnings: ["2026-04-07T10:59:00Z", "2026-04-07T13:23:00Z"]),
    ]

    @Test(arguments: roundTheClockTargets + businessHourTargets)
    func target(_ row: TargetRow) throws {
        let target = ResponseTarget(
            receivedAt: try instant(row.receivedAt),
            severity: row.severity,
            tier: .standard,
            policy: .contract,
            supportCalendar: Support.berlin
        )
        #expect(target.startsCountingAt == (try instant(row.startsCountingAt)))
        #expect(target.dueAt == (try instant(row.dueAt)))
        #expect(target.warnings.map(\.fraction) == [0.5, 0.8])
        #expect(target.warnings.map(\.at) == (try row.warnings.map(instant)))
    }

    @Test func aTierMayHaveItsOwnResponseTime() throws {
        let policy = try SLAPolicy(
            responseTimes: SLAPolicy.contract.responseTimes,
            tierResponseTimes: [.enterprise: [.critical: .init(.seconds(15 * 60), counting: .roundTheClock)]]
        )
        let receivedAt = try instant("2026-03-10T10:00:00Z")
        func due(_ severity: Severity, _ tier: SupportTier) -> Date {
            ResponseTarget(
                receivedAt: receivedAt, severity: severity, tier: tier, policy: policy, supportCalendar: Support.berlin
            ).dueAt
        }
        // 10:00Z + 15 min for enterprise, + 30 min for standard; severity 2 has no override: + 4 h.
        #expect(due(.critical, .enterprise) == (try instant("2026-03-10T10:15:00Z")))
        #expect(due(.critical, .standard) == (try instant("2026-03-10T10:30:00Z")))
        #expect(due(.high, .enterprise) == (try instant("2026-03-10T14:00:00Z")))
    }

    // MARK: Starting

    @Test func startArmsEveryWarningAndTheBreach() throws {
        let (clock, actions) = try start(.medium, "2026-03-13T16:00:00Z")
        // Friday 17:00 Berlin, severity 3: the instants of the first business-hours row.
        #expect(
            actions == [
                .scheduleWarning(fraction: 0.5, at: try instant("2026-03-16T10:00:00Z")),
                .scheduleWarning(fraction: 0.8, at: try instant("2026-03-16T11:48:00Z")),
                .scheduleBreach(at: try instant("2026-03-16T13:00:00Z")),
            ])
        #expect(clock.pendingWarnings == clock.target.warnings)
        #expect(clock.receivedAt == (try instant("2026-03-13T16:00:00Z")))
        #expect(clock.severity == .medium)
        #expect(!clock.isMet && !clock.isBreached)
    }

    @Test func aCallLoggedLateSkipsPassedWarnings() throws {
        // Severity 1 received 10:00Z, logged 10:20Z: 50 % (10:15Z) has passed, 80 % (10:24Z) has not.
        let (clock, actions) = try start(.critical, "2026-03-10T10:00:00Z", now: "2026-03-10T10:20:00Z")
        #expect(
            actions == [
                .scheduleWarning(fraction: 0.8, at: try instant("2026-03-10T10:24:00Z")),
                .scheduleBreach(at: try instant("2026-03-10T10:30:00Z")),
            ])
        #expect(clock.pendingWarnings.map(\.fraction) == [0.8])
    }

    @Test func aCallLoggedAfterItsTargetIsBreachedAtOnce() throws {
        // Severity 1 received 10:00Z, logged 10:40Z: due 10:30Z has passed.
        let (clock, actions) = try start(.critical, "2026-03-10T10:00:00Z", now: "2026-03-10T10:40:00Z")
        #expect(actions == [.recordBreach(breachedAt: try instant("2026-03-10T10:30:00Z"))])
        #expect(clock.breachedAt == (try instant("2026-03-10T10:30:00Z")))
        #expect(clock.pendingWarnings.isEmpty)
    }

    // MARK: Warnings and breach

    @Test func eachWarningFiresOnceAtItsInstant() throws {
        let started = try start(.medium, "2026-03-13T16:00:00Z").clock
        let dueAt = try instant("2026-03-16T13:00:00Z")

        // 80 % is due at 11:48Z: a timer arriving at 10:00Z is not its own, so nothing happens.
        #expect(started.warningDue(fraction: 0.8, at: try instant("2026-03-16T10:00:00Z")) == (started, []))
        // No warning at 70 % was armed.
        #expect(started.warningDue(fraction: 0.7, at: try instant("2026-03-16T12:00:00Z")) == (started, []))

        let (half, halfActions) = started.warningDue(fraction: 0.5, at: try instant("2026-03-16T10:00:00Z"))
        #expect(halfActions == [.notifyWarning(fraction: 0.5, dueAt: dueAt)])
        #expect(half.pendingWarnings.map(\.fraction) == [0.8])
        // The same timer delivered twice: the second does nothing.
        #expect(half.warningDue(fraction: 0.5, at: try instant("2026-03-16T10:00:01Z")) == (half, []))

        let (both, bothActions) = half.warningDue(fraction: 0.8, at: try instant("2026-03-16T11:48:00Z"))
        #expect(bothActions == [.notifyWarning(fraction: 0.8, dueAt: dueAt)])
        #expect(both.pendingWarnings.isEmpty)
    }

    @Test func theBreachIsRecordedOnceAtTheDueInstant() throws {
        let started = try start(.medium, "2026-03-13T16:00:00Z").clock
        // Due 13:00Z: a breach timer at 12:59Z is stale.
        #expect(started.breachDue(at: try instant("2026-03-16T12:59:00Z")) == (started, []))

        // Warnings not yet applied are dropped: after the breach they would say nothing new.
        let (breached, actions) = started.breachDue(at: try instant("2026-03-16T13:00:00Z"))
        #expect(
            actions == [
                .cancelWarning(fraction: 0.5), .cancelWarning(fraction: 0.8),
                .recordBreach(breachedAt: try instant("2026-03-16T13:00:00Z")),
            ])
        #expect(breached.isBreached && !breached.isMet)
        #expect(breached.breachedAt == (try instant("2026-03-16T13:00:00Z")))
        #expect(breached.breachDue(at: try instant("2026-03-16T13:00:02Z")) == (breached, []))
        #expect(breached.warningDue(fraction: 0.5, at: try instant("2026-03-16T13:00:01Z")) == (breached, []))
    }

    // MARK: Responding

    @Test func aResponseBeforeTheTargetMeetsIt() throws {
        let started = try start(.medium, "2026-03-13T16:00:00Z").clock
        // Mon 10:30 Berlin = 09:30Z, before the due 13:00Z.
        let (met, actions) = started.respond(at: try instant("2026-03-16T09:30:00Z"), supportCalendar: Support.berlin)
        #expect(actions == [.cancelWarning(fraction: 0.5), .cancelWarning(fraction: 0.8), .cancelBreach])
        #expect(met.isMet && !met.isBreached)
        #expect(met.firstResponse?.at == (try instant("2026-03-16T09:30:00Z")))
        // Business: Fri 16:00Z–17:00Z 1 h + Mon 08:00Z–09:30Z 1 h 30 min = 2 h 30 min = 9 000 s.
        // Wall clock: Fri 16:00Z to Mon 09:30Z = 2 days 17 h 30 min = 235 800 s.
        #expect(met.firstResponse?.businessTime == .seconds(9_000))
        #expect(met.firstResponse?.wallClockTime == .seconds(235_800))

        // The clock has stopped: figures read later are those of the response.
        let later = try instant("2026-03-17T12:00:00Z")
        #expect(met.elapsedBusinessTime(at: later, supportCalendar: Support.berlin) == .seconds(9_000))
        #expect(met.elapsedWallClock(at: later) == .seconds(235_800))
        // 09:30Z to 13:00Z, all business time: 3 h 30 min to spare.
        #expect(met.remaining(at: later, supportCalendar: Support.berlin) == .seconds(12_600))

        // Only the first response counts, and timers that were in flight do nothing.
        #expect(met.respond(at: try instant("2026-03-16T14:00:00Z"), supportCalendar: Support.berlin) == (met, []))
        #expect(met.breachDue(at: try instant("2026-03-16T13:00:00Z")) == (met, []))
        #expect(met.warningDue(fraction: 0.8, at: try instant("2026-03-16T11:48:00Z")) == (met, []))
    }

    @Test func aResponseAtTheDueInstantIsInTime() throws {
        let started = try start(.medium, "2026-03-13T16:00:00Z").clock
        let (clock, actions) = started.respond(
            at: try instant("2026-03-16T13:00:00Z"), supportCalendar: Support.berlin)
        #expect(actions == [.cancelWarning(fraction: 0.5), .cancelWarning(fraction: 0.8), .cancelBreach])
        #expect(clock.isMet)
    }

    @Test func aLateResponseWhoseBreachTimerHasNotFiredRecordsTheBreach() throws {
        var clock = try start(.medium, "2026-03-13T16:00:00Z").clock
        clock = clock.warningDue(fraction: 0.5, at: try instant("2026-03-16T10:00:00Z")).clock
        clock = clock.warningDue(fraction: 0.8, at: try instant("2026-03-16T11:48:00Z")).clock
        // Mon 15:30 Berlin = 14:30Z, after the due 13:00Z.
        let (late, actions) = clock.respond(at: try instant("2026-03-16T14:30:00Z"), supportCalendar: Support.berlin)
        #expect(actions == [.cancelBreach, .recordBreach(breachedAt: try instant("2026-03-16T13:00:00Z"))])
        #expect(late.isBreached && !late.isMet)
        // Business: Fri 1 h + Mon 08:00Z–14:30Z 6 h 30 min = 7 h 30 min = 27 000 s.
        // Wall clock: Fri 16:00Z to Mon 14:30Z = 2 days 22 h 30 min = 253 800 s.
        #expect(late.firstResponse?.businessTime == .seconds(27_000))
        #expect(late.firstResponse?.wallClockTime == .seconds(253_800))
        // 14:30Z back to 13:00Z: 1 h 30 min late.
        #expect(late.remaining(at: try instant("2026-03-17T09:00:00Z"), supportCalendar: Support.berlin) == .seconds(-5_400))
        // The breach timer, if it was already claimed, finds the clock stopped.
        #expect(late.breachDue(at: try instant("2026-03-16T14:30:01Z")) == (late, []))
    }

    @Test func aResponseAfterARecordedBreachRecordsNothingMore() throws {
        let started = try start(.medium, "2026-03-13T16:00:00Z").clock
        let breached = started.breachDue(at: try instant("2026-03-16T13:00:00Z")).clock
        let (responded, actions) = breached.respond(
            at: try instant("2026-03-16T14:30:00Z"), supportCalendar: Support.berlin)
        #expect(actions == [])
        #expect(responded.isBreached && !responded.isMet)
        #expect(responded.breachedAt == (try instant("2026-03-16T13:00:00Z")))
    }

    // MARK: Figures while the clock runs

    @Test func figuresWhileRunning() throws {
        let clock = try start(.medium, "2026-03-13T16:00:00Z").clock
        // Sat 12:00Z: 1 h of business time on Friday, 20 h of real time, 5 business hours left.
        let saturday = try instant("2026-03-14T12:00:00Z")
        #expect(clock.elapsedBusinessTime(at: saturday, supportCalendar: Support.berlin) == .seconds(3_600))
        #expect(clock.elapsedWallClock(at: saturday) == .seconds(72_000))
        #expect(clock.remaining(at: saturday, supportCalendar: Support.berlin) == .seconds(18_000))
        // Mon 14:00Z, unanswered: 1 h past the due 13:00Z.
        let overdue = try instant("2026-03-16T14:00:00Z")
        #expect(clock.remaining(at: overdue, supportCalendar: Support.berlin) == .seconds(-3_600))

        // Severity 1 counts round the clock: its business time is all time, weekend or not.
        let critical = try start(.critical, "2026-03-14T22:45:00Z").clock
        let saturdayNight = try instant("2026-03-14T23:05:00Z")
        #expect(critical.elapsedBusinessTime(at: saturdayNight, supportCalendar: Support.berlin) == .seconds(1_200))
        #expect(critical.elapsedWallClock(at: saturdayNight) == .seconds(1_200))
        #expect(critical.remaining(at: saturdayNight, supportCalendar: Support.berlin) == .seconds(600))
    }

    // MARK: Severity changes

    @Test func raisingSeverityPastItsTargetRecordsOneBreachAndNoWarnings() throws {
        // Severity 3 filed Mon 09:00 Berlin = 08:00Z; raised to 1 at 09:00Z, 1 h later:
        // the 30-minute target from receipt, 08:30Z, has passed.
        let started = try start(.medium, "2026-03-16T08:00:00Z").clock
        let (raised, actions) = started.changeSeverity(
            to: .critical, at: try instant("2026-03-16T09:00:00Z"), policy: .contract, supportCalendar: Support.berlin)
        #expect(
            actions == [
                .cancelWarning(fraction: 0.5), .cancelWarning(fraction: 0.8), .cancelBreach,
                .recordBreach(breachedAt: try instant("2026-03-16T08:30:00Z")),
            ])
        #expect(raised.severity == .critical)
        #expect(raised.dueAt == (try instant("2026-03-16T08:30:00Z")))
        #expect(raised.breachedAt == (try instant("2026-03-16T08:30:00Z")))
        #expect(raised.breachedSeverity == .critical)
        #expect(raised.pendingWarnings.isEmpty)
        #expect(
            raised.severityChanges == [
                SLAClock.SeverityChange(at: try instant("2026-03-16T09:00:00Z"), from: .medium, to: .critical)
            ])
        // The old severity-3 timers, if already claimed, do nothing: no late warning, no second breach.
        #expect(raised.warningDue(fraction: 0.5, at: try instant("2026-03-16T11:00:00Z")) == (raised, []))
        #expect(raised.breachDue(at: try instant("2026-03-16T14:00:00Z")) == (raised, []))
        #expect(
            raised.respond(at: try instant("2026-03-16T09:10:00Z"), supportCalendar: Support.berlin).actions == [])
    }

    @Test func loweringToAnEarlierFutureTargetReArmsIt() throws {
        // Severity 4 filed Mon 09:00 Berlin = 08:00Z: due 8 h later 16:00Z; warnings 12:00Z and 14:24Z.
        // Changed to 3 at 11:30Z: due 6 h from receipt = 14:00Z; 50 % = 11:00Z has passed and is not
        // fired; 80 % = 4 h 48 min = 12:48Z is armed; the breach moves to 14:00Z.
        let started = try start(.low, "2026-03-16T08:00:00Z").clock
        let (changed, actions) = started.changeSeverity(
            to: .medium, at: try instant("2026-03-16T11:30:00Z"), policy: .contract, supportCalendar: Support.berlin)
        #expect(
            actions == [
                .cancelWarning(fraction: 0.5),
                .scheduleWarning(fraction: 0.8, at: try instant("2026-03-16T12:48:00Z")),
                .scheduleBreach(at: try instant("2026-03-16T14:00:00Z")),
            ])
        #expect(changed.dueAt == (try instant("2026-03-16T14:00:00Z")))
        #expect(!changed.isBreached)

        // The old 50 % timer (12:00Z), if already claimed, does nothing.
        #expect(changed.warningDue(fraction: 0.5, at: try instant("2026-03-16T12:00:00Z")) == (changed, []))
        let (warned, warning) = changed.warningDue(fraction: 0.8, at: try instant("2026-03-16T12:48:00Z"))
        #expect(warning == [.notifyWarning(fraction: 0.8, dueAt: try instant("2026-03-16T14:00:00Z"))])
        let (_, breach) = warned.breachDue(at: try instant("2026-03-16T14:00:00Z"))
        #expect(breach == [.recordBreach(breachedAt: try instant("2026-03-16T14:00:00Z"))])
    }

    @Test func lateningTheTargetMakesTheOldBreachTimerStale() throws {
        // Severity 3 filed Fri 17:00 Berlin = 16:00Z, due Mon 13:00Z; changed to 4 at 16:30Z:
        // 8 business hours = 1 h Fri + 7 h from Mon 08:00Z = 15:00Z; 50 % = 4 h: 1 h + 3 h = 11:00Z;
        // 80 % = 6 h 24 min: 1 h + 5 h 24 min = 13:24Z.
        let started = try start(.medium, "2026-03-13T16:00:00Z").clock
        let (changed, actions) = started.changeSeverity(
            to: .low, at: try instant("2026-03-13T16:30:00Z"), policy: .contract, supportCalendar: Support.berlin)
        #expect(
            actions == [
                .scheduleWarning(fraction: 0.5, at: try instant("2026-03-16T11:00:00Z")),
                .scheduleWarning(fraction: 0.8, at: try instant("2026-03-16T13:24:00Z")),
                .scheduleBreach(at: try instant("2026-03-16T15:00:00Z")),
            ])
        // The severity-3 breach timer at 13:00Z is stale.
        #expect(changed.breachDue(at: try instant("2026-03-16T13:00:00Z")) == (changed, []))
    }

    @Test func aFiredWarningFiresAgainOnlyAtAFutureInstantOfTheNewTarget() throws {
        // Severity 1 filed Tue 10:00Z; 50 % fires at 10:15Z. Lowered to 2 at 10:20Z:
        // due 14:00Z; 50 % = 12:00Z and 80 % = 13:12Z, both ahead, so both are armed again.
        var clock = try start(.critical, "2026-03-10T10:00:00Z").clock
        clock = clock.warningDue(fraction: 0.5, at: try instant("2026-03-10T10:15:00Z")).clock
        let (changed, actions) = clock.changeSeverity(
            to: .high, at: try instant("2026-03-10T10:20:00Z"), policy: .contract, supportCalendar: Support.berlin)
        #expect(
            actions == [
                .scheduleWarning(fraction: 0.5, at: try instant("2026-03-10T12:00:00Z")),
                .scheduleWarning(fraction: 0.8, at: try instant("2026-03-10T13:12:00Z")),
                .scheduleBreach(at: try instant("2026-03-10T14:00:00Z")),
            ])
        let (_, warning) = changed.warningDue(fraction: 0.5, at: try instant("2026-03-10T12:00:00Z"))
        #expect(warning == [.notifyWarning(fraction: 0.5, dueAt: try instant("2026-03-10T14:00:00Z"))])
    }

    @Test func aChangeAfterTheResponseLeavesItMet() throws {
        let started = try start(.medium, "2026-03-13T16:00:00Z").clock
        let met = started.respond(at: try instant("2026-03-16T09:30:00Z"), supportCalendar: Support.berlin).clock
        // Severity 1's 30 minutes from Friday 16:00Z have long passed, but the response stands.
        let (changed, actions) = met.changeSeverity(
            to: .critical, at: try instant("2026-03-16T10:00:00Z"), policy: .contract, supportCalendar: Support.berlin)
        #expect(actions == [])
        #expect(changed == met)
        #expect(changed.isMet)
        // The stopped clock keeps the severity the response was judged by.
        #expect(changed.severity == .medium && changed.breachedSeverity == nil)
    }

    @Test func aRecordedBreachStaysThroughALowerSeverity() throws {
        // Severity 1 filed Tue 10:00Z (11:00 Berlin), breached 10:30Z; lowered to 3 at 10:40Z: the new
        // target is 6 business hours from receipt, 7 h of the day left: 16:00Z (17:00 Berlin).
        let started = try start(.critical, "2026-03-10T10:00:00Z").clock
        let breached = started.breachDue(at: try instant("2026-03-10T10:30:00Z")).clock
        let (lowered, actions) = breached.changeSeverity(
            to: .medium, at: try instant("2026-03-10T10:40:00Z"), policy: .contract, supportCalendar: Support.berlin)
        #expect(actions == [])
        #expect(lowered.dueAt == (try instant("2026-03-10T16:00:00Z")))
        #expect(lowered.breachedAt == (try instant("2026-03-10T10:30:00Z")))
        #expect(lowered.breachedSeverity == .critical)
        // The status shows the target in force and the missed one, each with its own figures.
        let now = try instant("2026-03-10T10:45:00Z")
        let status = lowered.status(at: now, supportCalendar: Support.berlin)
        #expect(status.standing == .breached)
        #expect(status.severity == .medium)
        #expect(status.dueAt == (try instant("2026-03-10T16:00:00Z")))
        #expect(status.remainingSeconds == 18_900)
        #expect(status.breachedSeverity == .critical)
        #expect(status.breachedAt == (try instant("2026-03-10T10:30:00Z")))
        // A response before the new due instant does not undo the breach, nor record another.
        let (responded, responseActions) = lowered.respond(
            at: try instant("2026-03-10T11:00:00Z"), supportCalendar: Support.berlin)
        #expect(responseActions == [])
        #expect(responded.isBreached && !responded.isMet)
    }

    @Test func theSameSeverityIsNoChange() throws {
        let started = try start(.medium, "2026-03-13T16:00:00Z").clock
        let result = started.changeSeverity(
            to: .medium, at: try instant("2026-03-13T16:30:00Z"), policy: .contract, supportCalendar: Support.berlin)
        #expect(result == (started, []))
    }

    // MARK: Storage

    @Test func aClockSurvivesEncoding() throws {
        let started = try start(.low, "2026-03-16T08:00:00Z").clock
        let changed = started.changeSeverity(
            to: .medium, at: try instant("2026-03-16T11:30:00Z"), policy: .contract, supportCalendar: Support.berlin)
        let clock = changed.clock.respond(at: try instant("2026-03-16T12:00:00Z"), supportCalendar: Support.berlin).clock
        let data = try JSONEncoder().encode(clock)
        #expect(try JSONDecoder().decode(SLAClock.self, from: data) == clock)
        let text = try #require(String(data: data, encoding: .utf8))
        // 08:00Z to 12:00Z, all business time: 4 h = 14 400 s, written as seconds.
        #expect(text.contains("\"businessSeconds\":14400"))
        #expect(text.contains("\"minutes\":360"))
    }

    // MARK: Queue order

    struct QueueRow: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let first: QueueOrder
        let second: QueueOrder

        init(_ label: String, _ first: (Severity, SupportTier, String), _ second: (Severity, SupportTier, String)) {
            func order(_ entry: (Severity, SupportTier, String)) -> QueueOrder {
                // The rows below are constants.
                QueueOrder(severity: entry.0, tier: entry.1, dueAt: try! instant(entry.2))
            }
            (testDescription, self.first, self.second) = (label, order(first), order(second))
        }
    }

    static let queueRows: [QueueRow] = [
        QueueRow(
            "severity beats tier and due time", (.critical, .standard, "2026-03-16T18:00:00Z"),
            (.high, .enterprise, "2026-03-16T08:00:00Z")),
        QueueRow(
            "severity 3 before severity 4", (.medium, .standard, "2026-03-17T18:00:00Z"),
            (.low, .enterprise, "2026-03-16T08:00:00Z")),
        QueueRow(
            "enterprise before standard at equal severity", (.high, .enterprise, "2026-03-16T18:00:00Z"),
            (.high, .standard, "2026-03-16T08:00:00Z")),
        QueueRow(
            "earlier due first at equal severity and tier", (.medium, .standard, "2026-03-16T12:00:00Z"),
            (.medium, .standard, "2026-03-16T12:01:00Z")),
    ]

    @Test(arguments: queueRows)
    func queueOrder(_ row: QueueRow) {
        #expect(row.first < row.second)
        #expect(!(row.second < row.first))
        #expect(row.first.priority <= row.second.priority)
    }

    @Test func queueOrderSortsClocks() throws {
        let clocks = [
            try start(.low, "2026-03-16T08:00:00Z", tier: .enterprise).clock,
            try start(.medium, "2026-03-16T09:00:00Z").clock,
            try start(.medium, "2026-03-16T08:00:00Z").clock,
            try start(.medium, "2026-03-16T10:00:00Z", tier: .enterprise).clock,
            try start(.critical, "2026-03-16T10:00:00Z").clock,
        ]
        let sorted = clocks.sorted { QueueOrder($0) < QueueOrder($1) }
        // Severity 1; then severity 3 enterprise; then severity 3 standard by due (14:00Z, 15:00Z); then 4.
        #expect(
            sorted.map { "\($0.severity.rawValue) \($0.target.tier) \($0.receivedAt.formatted(.iso8601))" } == [
                "1 standard 2026-03-16T10:00:00Z",
                "3 enterprise 2026-03-16T10:00:00Z",
                "3 standard 2026-03-16T08:00:00Z",
                "3 standard 2026-03-16T09:00:00Z",
                "4 enterprise 2026-03-16T08:00:00Z",
            ])
        #expect(sorted.map { QueueOrder($0).priority } == [11, 30, 31, 31, 40])
    }

    @Test func severitiesAndTiersSortAndEncodeAsTheContractWritesThem() throws {
        #expect(Severity.allCases.sorted() == [.critical, .high, .medium, .low])
        #expect(Severity.critical < .low)
        #expect(SupportTier.enterprise < .standard)
        #expect(String(decoding: try JSONEncoder().encode([Severity.critical, .low]), as: UTF8.self) == "[1,4]")
        #expect(try JSONDecoder().decode(Severity.self, from: Data("3".utf8)) == .medium)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Severity.self, from: Data("5".utf8)) }
        #expect(
            String(decoding: try JSONEncoder().encode([SupportTier.enterprise, .standard]), as: UTF8.self)
                == #"["enterprise","standard"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SupportTier.self, from: Data(#""gold""#.utf8)) }
    }
}

@Suite struct SLAPolicyTests {
    static let contractTimes = SLAPolicy.contract.responseTimes

    @Test func theContractDefaults() {
        let policy = SLAPolicy.contract
        let expected: [Severity: (Int, SLAPolicy.Counting)] = [
            .critical: (30 * 60, .roundTheClock), .high: (4 * 3_600, .roundTheClock),
            .medium: (6 * 3_600, .businessHours), .low: (8 * 3_600, .businessHours),
        ]
        for (severity, (seconds, counting)) in expected {
            for tier in SupportTier.allCases {
                #expect(
                    policy.responseTime(for: severity, tier: tier)
                        == SLAPolicy.ResponseTime(.seconds(seconds), counting: counting))
            }
        }
        #expect(policy.warningFractions == [0.5, 0.8])
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let responseTimes: [Severity: SLAPolicy.ResponseTime]
        let tierResponseTimes: [SupportTier: [Severity: SLAPolicy.ResponseTime]]
        let fractions: [Double]
        let code: SLAPolicyError.Code
        let field: String

        init(
            _ label: String,
            times: [Severity: SLAPolicy.ResponseTime] = SLAPolicyTests.contractTimes,
            tiers: [SupportTier: [Severity: SLAPolicy.ResponseTime]] = [:],
            fractions: [Double] = [0.5, 0.8],
            _ code: SLAPolicyError.Code,
            _ field: String
        ) {
            (testDescription, responseTimes, tierResponseTimes, self.fractions, self.code, self.field) =
                (label, times, tiers, fractions, code, field)
        }
    }

    static let invalid: [Invalid] = [
        Invalid(
            "severity 2 missing", times: contractTimes.filter { $0.key != .high }, .missingResponseTime,
            "responseTimes.2"),
        Invalid(
            "zero minutes", times: contractTimes.merging([.critical: .init(.zero, counting: .roundTheClock)]) { $1 },
            .invalidResponseTime, "responseTimes.1.minutes"),
        Invalid(
            "90 seconds", times: contractTimes.merging([.medium: .init(.seconds(90), counting: .businessHours)]) { $1 },
            .invalidResponseTime, "responseTimes.3.minutes"),
        Invalid(
            "negative tier override", tiers: [.enterprise: [.critical: .init(.seconds(-60), counting: .roundTheClock)]],
            .invalidResponseTime, "tierResponseTimes.enterprise.1.minutes"),
        Invalid("fraction 0", fractions: [0, 0.5], .fractionOutOfRange, "warningFractions[0]"),
        Invalid("fraction 1", fractions: [0.5, 1], .fractionOutOfRange, "warningFractions[1]"),
        Invalid("negative fraction", fractions: [-0.2], .fractionOutOfRange, "warningFractions[0]"),
        Invalid("NaN fraction", fractions: [.nan], .fractionOutOfRange, "warningFractions[0]"),
        Invalid("duplicate fraction", fractions: [0.5, 0.5, 0.8], .duplicateFraction, "warningFractions[1]"),
        Invalid("descending fractions", fractions: [0.8, 0.5], .fractionsOutOfOrder, "warningFractions[1]"),
    ]

    @Test(arguments: invalid)
    func invalidPoliciesAreRejected(_ row: Invalid) {
        #expect {
            _ = try SLAPolicy(
                responseTimes: row.responseTimes, tierResponseTimes: row.tierResponseTimes,
                warningFractions: row.fractions)
        } throws: { error in
            guard let error = error as? SLAPolicyError else { return false }
            return error.code == row.code && error.field == row.field
                && error.description.hasPrefix("SLA policy, field \(row.field): ")
                && error.description.hasSuffix("(\(row.code))")
        }
    }

    @Test func noWarningsIsAValidPolicy() throws {
        let policy = try SLAPolicy(responseTimes: Self.contractTimes, warningFractions: [])
        let target = ResponseTarget(
            receivedAt: try instant("2026-03-10T10:00:00Z"), severity: .critical, tier: .standard, policy: policy,
            supportCalendar: Support.berlin)
        #expect(target.warnings.isEmpty)
    }

    @Test func decodingReadsThePolicyFileForm() throws {
        let json = """
            {"responseTimes": {"1": {"minutes": 30, "counting": "round-the-clock"},
                               "2": {"minutes": 240, "counting": "round-the-clock"},
                               "3": {"minutes": 360, "counting": "business-hours"},
                               "4": {"minutes": 480, "counting": "business-hours"}},
             "tierResponseTimes": {"enterprise": {"1": {"minutes": 15, "counting": "round-the-clock"}}}}
            """
        let policy = try JSONDecoder().decode(SLAPolicy.self, from: Data(json.utf8))
        #expect(policy.responseTimes == SLAPolicy.contract.responseTimes)
        #expect(policy.warningFractions == SLAPolicy.defaultWarningFractions)
        #expect(
            policy.responseTime(for: .critical, tier: .enterprise) == .init(.seconds(15 * 60), counting: .roundTheClock))
        #expect(try JSONDecoder().decode(SLAPolicy.self, from: try JSONEncoder().encode(policy)) == policy)
    }

    @Test(arguments: [
        (#"{"responseTimes": {"5": {"minutes": 30, "counting": "round-the-clock"}}}"#, "responseTimes.5"),
        (
            #"{"responseTimes": {}, "tierResponseTimes": {"gold": {}}}"#,
            "tierResponseTimes.gold"
        ),
        (#"{"responseTimes": {}}"#, "responseTimes.1"),
    ])
    func decodingNamesTheOffendingField(_ json: String, _ field: String) {
        #expect {
            _ = try JSONDecoder().decode(SLAPolicy.self, from: Data(json.utf8))
        } throws: { error in
            (error as? SLAPolicyError)?.field == field
        }
    }

    @Test func anUnknownCountingIsADecodingError() {
        let json = #"{"responseTimes": {"1": {"minutes": 30, "counting": "weekdays"}}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SLAPolicy.self, from: Data(json.utf8)) }
    }
}
