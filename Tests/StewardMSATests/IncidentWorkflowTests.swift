import Foundation
import StewardCore
import StewardMSA
import Testing

// Every expected instant is written in UTC and worked out by hand in the comment beside it.
// The support calendar is Europe/Berlin, Mon–Fri 09:00–18:00, with Good Friday 2026-04-03 and Easter
// Monday 2026-04-06 as holidays. Berlin is CET +01:00 until 2026-03-29 01:00Z, CEST +02:00 after,
// so 09:00–18:00 is 08:00Z–17:00Z in March and 07:00Z–16:00Z in April.
// Weekdays: 2026-03-10 is a Tuesday, 03-12 a Thursday, 03-13 a Friday, 03-14 a Saturday, 03-16 a
// Monday, 03-27 a Friday, 03-30 a Monday, 04-01 a Wednesday, 04-07 a Tuesday.
// Contract policy: severity 1 30 min and severity 2 4 h round the clock, severity 3 6 h and severity 4
// 8 h of business time; warnings at 50 % and 80 %; auto-close after 5 business days; daily reports
// every 24 h.

typealias State = IncidentWorkflow.State
typealias Event = IncidentWorkflow.Event

/// A constant instant of this file; the strings are literals, so `try!`.
private func at(_ iso8601: String) -> Date {
    try! Date(iso8601, strategy: .iso8601)
}

private enum Support {
    static let mondayToFriday: [Locale.Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]

    static let berlin = try! BusinessCalendar(
        name: "support-berlin",
        timeZoneIdentifier: "Europe/Berlin",
        weeklyHours: Dictionary(uniqueKeysWithValues: mondayToFriday.map { ($0, [WorkingHours("09:00-18:00")!]) }),
        holidays: [LocalDate("2026-04-03")!, LocalDate("2026-04-06")!]
    )

    static let policy = IncidentPolicy(calendars: ["support-berlin": berlin])
    static let workflow = IncidentWorkflow(policy: policy)
    static let engineer = Participant.staff("sam")
    static let customer = Participant.customer("carla")
    static let summary = "Real-time scan blocks the file servers"

    static func context(_ now: String, _ actor: Participant = engineer) -> WorkflowContext {
        WorkflowContext(
            now: at(now),
            workflowID: UUID(uuidString: "00000000-0000-0000-0000-00000000beef")!,
            customerID: "acme",
            actor: actor
        )
    }

    static func input(
        _ severity: Severity,
        tier: SupportTier = .standard,
        via: IncidentWorkflow.DailyReportVia = .email,
        calendar: String = "support-berlin",
        receivedAt: String? = nil
    ) -> IncidentWorkflow.Input {
        IncidentWorkflow.Input(
            summary: summary,
            severity: severity,
            tier: tier,
            channel: receivedAt == nil ? .portal : .phone,
            supportCalendar: calendar,
            dailyReportVia: via,
            receivedAt: receivedAt.map(at)
        )
    }

    static func file(
        _ severity: Severity,
        at now: String,
        tier: SupportTier = .standard,
        via: IncidentWorkflow.DailyReportVia = .email,
        calendar: String = "support-berlin",
        receivedAt: String? = nil,
        workflow: IncidentWorkflow = workflow
    ) throws -> Transition<State, Event> {
        try workflow.start(
            input(severity, tier: tier, via: via, calendar: calendar, receivedAt: receivedAt),
            context: context(now)
        )
    }

    static func send(
        _ event: Event,
        to state: State,
        at now: String,
        by actor: Participant = engineer,
        workflow: IncidentWorkflow = workflow
    ) throws -> Transition<State, Event> {
        try workflow.decide(state, on: event, context: context(now, actor))
    }

    /// Severity 3, standard tier, filed Friday 2026-03-13 17:00 Berlin (16:00Z).
    static func filedFriday() throws -> State {
        try file(.medium, at: "2026-03-13T16:00:00Z").state
    }

    /// Severity 1, enterprise, filed Tuesday 2026-03-10 02:00 Berlin (01:00Z).
    static func filedAtNight(via: IncidentWorkflow.DailyReportVia = .email) throws -> State {
        try file(.critical, at: "2026-03-10T01:00:00Z", tier: .enterprise, via: via).state
    }

    /// The Friday incident answered at 16:30Z.
    static func answered() throws -> State {
        try send(.respond(message: "We are looking at it"), to: filedFriday(), at: "2026-03-13T16:30:00Z").state
    }

    static func waiting() throws -> State {
        try send(.requestInfo(message: "Which engine version?"), to: answered(), at: "2026-03-13T16:40:00Z").state
    }

    /// Resolved Friday 18:00 Berlin (17:00Z): closes itself Friday 2026-03-20 18:00 Berlin (17:00Z).
    static func resolved() throws -> State {
        try send(.resolve(summary: "Excluded the backup share"), to: answered(), at: "2026-03-13T17:00:00Z").state
    }

    static func closed() throws -> State {
        try send(.confirm, to: resolved(), at: "2026-03-16T08:00:00Z", by: customer).state
    }

    static func cancelled() throws -> State {
        try send(.cancel(reason: "Filed twice"), to: filedFriday(), at: "2026-03-13T16:05:00Z", by: customer).state
    }

    /// One incident in each state, by state name.
    static func state(named name: String) throws -> State {
        switch name {
        case "new": try filedFriday()
        case "in_progress": try answered()
        case "waiting_for_customer": try waiting()
        case "resolved": try resolved()
        case "closed": try closed()
        case "cancelled": try cancelled()
        default: throw TestFailure(description: "no fixture for state \(name)")
        }
    }

    /// One event of each kind.
    static let events: [Event] = [
        .respond(message: "We are looking at it"),
        .addInternalNote(text: "Customer runs engine 12.4"),
        .acknowledge,
        .assign(to: "sam"),
        .requestInfo(message: "Which engine version?"),
        .customerReplied(message: "12.4"),
        .resolve(summary: "Excluded the backup share"),
        .confirm,
        .reopen(reason: "It hangs again"),
        .changeSeverity(to: .critical, reason: "All servers affected"),
        .cancel(reason: "Filed twice"),
        .slaWarningDue(fraction: 0.5),
        .slaBreachDue,
        .dailyReportDue(),
        .autoCloseDue,
        .dailyReportCallDone(notes: "Told Carla the patch ships tomorrow"),
    ]

    static let stateNames = ["new", "in_progress", "waiting_for_customer", "resolved", "closed", "cancelled"]
}

private struct TestFailure: Error, CustomStringConvertible {
    let description: String
}

// MARK: Effect builders

private func timer(_ name: String, _ instant: String, _ event: Event) -> Effect<Event> {
    .scheduleTimer(name: name, at: at(instant), event: event)
}

private func respondTask(severity: String, priority: Int, due: String) -> Effect<Event> {
    .createTask(
        TaskSpec(
            name: "respond",
            group: "support",
            title: "First response to severity \(severity) incident: \(Support.summary)",
            priority: priority,
            dueAt: at(due)
        )
    )
}

private func resolveTask(severity: String, priority: Int) -> Effect<Event> {
    .createTask(
        TaskSpec(name: "resolve", group: "support", title: "Resolve severity \(severity) incident: \(Support.summary)", priority: priority)
    )
}

private func warningNotice(_ percent: String, severity: String, due: String, key: String) -> Effect<Event> {
    .notify(
        StewardCore.Notification(
            to: .tamOrDutyManager,
            template: "sla-warning",
            fields: ["summary": Support.summary, "severity": severity, "percent": percent, "dueAt": due],
            dedupKey: key
        )
    )
}

/// The breach to the TAM-or-duty-manager and its escalation to the duty managers, alike.
private func breachNotices(severity: String, breachedAt: String) -> [Effect<Event>] {
    let fields = ["summary": Support.summary, "severity": severity, "breachedAt": breachedAt]
    return [
        .notify(StewardCore.Notification(to: .tamOrDutyManager, template: "sla-breach", fields: fields, dedupKey: "sla-breach")),
        .notify(
            StewardCore.Notification(to: .group("duty-managers"), template: "sla-escalation", fields: fields, dedupKey: "sla-escalation")
        ),
    ]
}

private func dailyReportEmails(_ number: Int, state: String) -> [Effect<Event>] {
    let fields = ["summary": Support.summary, "severity": "1 (critical)", "state": state, "report": "\(number)"]
    return [Recipient.customerContacts, .tamOrDutyManager].map {
        .notify(StewardCore.Notification(to: $0, template: "daily-report", fields: fields, dedupKey: "daily-report-\(number)"))
    }
}

/// `effects` with the daily report's status text left out (its own test checks it): the fields
/// that say which report it is, and call tasks without their brief.
private func skeleton(_ effects: [Effect<Event>]) -> [Effect<Event>] {
    effects.map { effect in
        switch effect {
        case .notify(var notification) where notification.template == "daily-report":
            notification.fields = notification.fields.filter { ["summary", "severity", "state", "report"].contains($0.key) }
            return .notify(notification)
        case .createTask(var task):
            task.brief = nil
            return .createTask(task)
        default:
            return effect
        }
    }
}

private func callTask(_ number: Int, due: String) -> Effect<Event> {
    .createTask(
        TaskSpec(
            name: "daily-report-call-\(number)",
            group: "tam",
            title: "Daily report call \(number) to the customer: \(Support.summary)",
            priority: 10,
            dueAt: at(due)
        )
    )
}

private func notices(_ effects: [Effect<Event>], template: String) -> [StewardCore.Notification] {
    effects.compactMap {
        guard case .notify(let notification) = $0, notification.template == template else { return nil }
        return notification
    }
}

@Suite struct IncidentWorkflowTests {
    // MARK: Filing and the first response

    @Test func aSeverity3IncidentFiledFridayEveningIsDueMondayAt14Berlin() throws {
        // Fri 17:00 Berlin = 16:00Z: 1 h to 18:00; Mon 09:00 = 08:00Z + 5 h = 13:00Z (14:00 Berlin).
        // 50 % = 3 h: 1 h Fri + 2 h Mon = 10:00Z (11:00 Berlin); 80 % = 4 h 48 min = 11:48Z (12:48 Berlin).
        let filed = try Support.file(.medium, at: "2026-03-13T16:00:00Z")
        #expect(filed.state.name == "new")
        #expect(Support.workflow.mover(of: filed.state) == .group("support"))
        #expect(
            filed.effects == [
                respondTask(severity: "3 (medium)", priority: 31, due: "2026-03-16T13:00:00Z"),
                timer("sla-warning-50", "2026-03-16T10:00:00Z", .slaWarningDue(fraction: 0.5)),
                timer("sla-warning-80", "2026-03-16T11:48:00Z", .slaWarningDue(fraction: 0.8)),
                timer("sla-breach", "2026-03-16T13:00:00Z", .slaBreachDue),
            ])
        let incident = filed.state.incident
        #expect(incident.receivedAt == at("2026-03-13T16:00:00Z"))
        #expect(incident.channel == .portal && incident.tier == .standard && incident.supportCalendar == "support-berlin")
        #expect(!incident.dailyReports.isScheduled)

        // Monday 11:00 Berlin: the TAM-or-duty-manager hears that half the time has gone.
        let warned = try Support.send(.slaWarningDue(fraction: 0.5), to: filed.state, at: "2026-03-16T10:00:00Z", by: .system)
        #expect(warned.state.name == "new")
        #expect(
            warned.effects == [
                warningNotice("50", severity: "3 (medium)", due: "2026-03-16T13:00:00Z", key: "sla-warning-target-1-severity-3-50")
            ])

        // Monday 13:00 Berlin (12:00Z), an hour before the target: met.
        let answered = try Support.send(.respond(message: "We are on it"), to: warned.state, at: "2026-03-16T12:00:00Z")
        #expect(answered.state.name == "in_progress")
        #expect(
            answered.effects == [
                .cancelTimer(name: "sla-warning-80"),
                .cancelTimer(name: "sla-breach"),
                .cancelTask(name: "respond"),
                resolveTask(severity: "3 (medium)", priority: 31),
            ])
        let clock = answered.state.incident.clock
        #expect(clock.isMet && !clock.isBreached)
        // Business time: 1 h Friday + 08:00Z–12:00Z Monday = 5 h; wall clock Fri 16:00Z to Mon 12:00Z = 68 h.
        #expect(clock.firstResponse?.businessTime == .seconds(5 * 3_600))
        #expect(clock.firstResponse?.wallClockTime == .seconds(68 * 3_600))
        #expect(Support.workflow.mover(of: answered.state) == .group("support"))
    }

    @Test func aSeverity1IncidentAtNightIsDueIn30MinutesAndBreachesOnce() throws {
        // Tue 02:00 Berlin = 01:00Z, enterprise: due 01:30Z; warnings 01:15Z and 01:24Z; first daily
        // report 24 h after receipt, 2026-03-11T01:00Z.
        let filed = try Support.file(.critical, at: "2026-03-10T01:00:00Z", tier: .enterprise)
        #expect(
            filed.effects == [
                respondTask(severity: "1 (critical)", priority: 10, due: "2026-03-10T01:30:00Z"),
                timer("sla-warning-50", "2026-03-10T01:15:00Z", .slaWarningDue(fraction: 0.5)),
                timer("sla-warning-80", "2026-03-10T01:24:00Z", .slaWarningDue(fraction: 0.8)),
                timer("sla-breach", "2026-03-10T01:30:00Z", .slaBreachDue),
                timer("daily-report", "2026-03-11T01:00:00Z", .dailyReportDue()),
            ])

        var state = filed.state
        var effects: [Effect<Event>] = []
        for (event, instant) in [
            (Event.slaWarningDue(fraction: 0.5), "2026-03-10T01:15:00Z"),
            (.slaWarningDue(fraction: 0.8), "2026-03-10T01:24:00Z"),
            (.slaBreachDue, "2026-03-10T01:30:00Z"),
            // The breach timer delivered again: nothing more.
            (.slaBreachDue, "2026-03-10T01:31:00Z"),
        ] {
            let step = try Support.send(event, to: state, at: instant, by: .system)
            (state, effects) = (step.state, effects + step.effects)
        }
        #expect(
            effects == [
                warningNotice("50", severity: "1 (critical)", due: "2026-03-10T01:30:00Z", key: "sla-warning-target-1-severity-1-50"),
                warningNotice("80", severity: "1 (critical)", due: "2026-03-10T01:30:00Z", key: "sla-warning-target-1-severity-1-80"),
            ] + breachNotices(severity: "1 (critical)", breachedAt: "2026-03-10T01:30:00Z"))

        // The late response records no second breach.
        let answered = try Support.send(.respond(message: "Engineer assigned"), to: state, at: "2026-03-10T01:50:00Z")
        #expect(answered.effects == [.cancelTask(name: "respond"), resolveTask(severity: "1 (critical)", priority: 10)])
        #expect(answered.state.incident.clock.breachedAt == at("2026-03-10T01:30:00Z"))
        #expect(!answered.state.incident.clock.isMet)
        #expect(notices(effects + answered.effects, template: "sla-breach").map(\.recipient) == [.tamOrDutyManager])
    }

    @Test func aSeverity1IncidentIsReportedByEmailEvery24HoursUntilResolved() throws {
        var state = try Support.send(.respond(message: "On it"), to: Support.filedAtNight(), at: "2026-03-10T01:10:00Z").state

        let first = try Support.send(.dailyReportDue(), to: state, at: "2026-03-11T01:00:00Z", by: .system)
        #expect(
            skeleton(first.effects) == dailyReportEmails(1, state: "in_progress") + [
                timer("daily-report", "2026-03-12T01:00:00Z", .dailyReportDue())
            ])

        state = try Support.send(.requestInfo(message: "Logs please"), to: first.state, at: "2026-03-11T09:00:00Z").state
        let second = try Support.send(.dailyReportDue(), to: state, at: "2026-03-12T01:00:00Z", by: .system)
        #expect(
            skeleton(second.effects)
                == dailyReportEmails(2, state: "waiting_for_customer") + [timer("daily-report", "2026-03-13T01:00:00Z", .dailyReportDue())])
        #expect(second.state.incident.dailyReports.made == 2)

        // Resolved Thursday 10:00 Berlin (09:00Z): reports stop; closes Thursday 2026-03-19 10:00 Berlin.
        let resolved = try Support.send(.resolve(summary: "Hotfix applied"), to: second.state, at: "2026-03-12T09:00:00Z")
        #expect(
            resolved.effects == [
                .cancelTimer(name: "daily-report"),
                timer("auto-close", "2026-03-19T09:00:00Z", .autoCloseDue),
            ])
        #expect(!resolved.state.incident.dailyReports.isScheduled)
        let late = try #require(throws: TransitionError.self) {
            try Support.send(.dailyReportDue(), to: resolved.state, at: "2026-03-13T01:00:00Z", by: .system)
        }
        #expect(late.code == .invalidTransition)
    }

    /// Filed 2026-03-10 02:00 Berlin (CET, 01:00Z), answered at 02:10, reported 24 hours after the receipt.
    @Test func theDailyReportSaysWhatHappenedWhatComesNextAndWhoHoldsIt() throws {
        let answered = try Support.send(.respond(message: "On it"), to: Support.filedAtNight(via: .phone), at: "2026-03-10T01:10:00Z")
        let digest = IncidentWorkflow.DailyDigest(
            since: at("2026-03-10T01:00:00Z"),
            happenings: [.init(at: at("2026-03-10T01:10:00Z"), actor: "staff:sam", what: "Support wrote: On it")],
            openTasks: [.init(title: "Resolve severity 1 (critical) incident", group: "support", claimedBy: "alice")]
        )
        let report = try Support.send(.dailyReportDue(digest: digest), to: answered.state, at: "2026-03-11T01:00:00Z", by: .system)
        guard case .createTask(let call) = report.effects.first else {
            Issue.record("no call task: \(report.effects)")
            return
        }
        #expect(
            call.brief == """
                Daily report 1: \(Support.summary)
                Severity 1 (critical), state in_progress, received 1 d ago.
                Target: first response given 2026-03-10 02:10 Europe/Berlin, in time.
                Next step: Resolve severity 1 (critical) incident, held by alice (support).
                Since the last report:
                2026-03-10 02:10 Europe/Berlin (staff:sam): Support wrote: On it
                """)

        // By e-mail the same facts are the template's fields; an unanswered incident counts down.
        let unanswered = try Support.filedAtNight()
        let email = try Support.send(.dailyReportDue(), to: unanswered, at: "2026-03-10T01:20:00Z", by: .system)
        let fields = try #require(notices(email.effects, template: "daily-report").first?.fields)
        #expect(fields["target"] == "first response due 2026-03-10 02:30 Europe/Berlin, in 10 min")
        #expect(fields["happenings"] == "Nothing new since the last report.")
        #expect(fields["holder"] == "the support group")
    }

    /// Only what the customer may read joins the report: no internal notes, assignments or timers.
    /// Issue 13: a receipt in year 0001 made every read of the SLA walk two thousand years.
    @Test func aReceiptMoreThanTheLoggingWindowAgoIsRefused() throws {
        let old = try #require(throws: TransitionError.self) {
            try Support.file(.high, at: "2026-03-10T12:00:00Z", receivedAt: "2026-03-03T11:59:00Z")
        }
        #expect(old.field == "receivedAt" && old.reason.contains("more than 7 days ago"), "\(old.reason)")
        #expect(throws: TransitionError.self) { try Support.file(.high, at: "2026-03-10T12:00:00Z", receivedAt: "0001-01-01T00:00:00Z") }
        #expect(try Support.file(.high, at: "2026-03-10T12:00:00Z", receivedAt: "2026-03-03T12:01:00Z").state.name == "new")
    }

    @Test func aCancellationNeedsAReason() throws {
        let error = try #require(throws: TransitionError.self) {
            try Support.send(.cancel(reason: "  "), to: Support.filedFriday(), at: "2026-03-13T16:10:00Z", by: Support.customer)
        }
        #expect(error.code == .ruleViolated && error.field == "reason")
    }

    @Test func theDailyDigestLeavesOutWhatIsNotTheCustomers() throws {
        func happening(_ json: String) -> String? {
            IncidentWorkflow.DailyDigest.happening(event: "", payload: Data(json.utf8), actor: "staff:sam", at: at("2026-03-10T01:10:00Z"))?
                .what
        }
        #expect(happening(#"{"respond": {"message": "On it"}}"#) == "Support wrote: On it")
        #expect(happening(#"{"customerReplied": {"message": "Logs attached"}}"#) == "You replied: Logs attached")
        #expect(happening(#"{"changeSeverity": {"to": 2, "reason": "Workaround"}}"#) == "Severity changed to 2 (high): Workaround")
        for hidden in [
            #"{"addInternalNote": {"text": "Customer is grumpy"}}"#, #"{"assign": {"to": "alice"}}"#,
            #"{"slaWarningDue": {"fraction": 0.5}}"#,
            #"{"dailyReportDue": {}}"#, #"{"dailyReportCallDone": {"notes": "Called"}}"#,
        ] {
            #expect(happening(hidden) == nil, "\(hidden)")
        }
    }

    @Test func aCustomerWhoChosePhoneGetsACallTaskForTheTAMInstead() throws {
        var state = try Support.send(.respond(message: "On it"), to: Support.filedAtNight(via: .phone), at: "2026-03-10T01:10:00Z").state

        let first = try Support.send(.dailyReportDue(), to: state, at: "2026-03-11T01:00:00Z", by: .system)
        #expect(
            skeleton(first.effects) == [
                callTask(1, due: "2026-03-11T01:00:00Z"), timer("daily-report", "2026-03-12T01:00:00Z", .dailyReportDue()),
            ])
        #expect(first.state.incident.dailyReports.openCall == 1)

        // The TAM calls and completes the task with notes, which join the history as the event.
        let done = try Support.send(
            .dailyReportCallDone(notes: "Told Carla the hotfix ships tomorrow"), to: first.state, at: "2026-03-11T08:00:00Z",
            by: .staff("tom"))
        #expect(done.state.name == "in_progress")
        #expect(done.effects == [.cancelTask(name: "daily-report-call-1")])
        #expect(done.state.incident.dailyReports.openCall == nil)

        state = try Support.send(.dailyReportDue(), to: done.state, at: "2026-03-12T01:00:00Z", by: .system).state
        // Call 2 is never made: call 3 replaces it, since it reports the current status.
        let third = try Support.send(.dailyReportDue(), to: state, at: "2026-03-13T01:00:00Z", by: .system)
        #expect(
            skeleton(third.effects) == [
                .cancelTask(name: "daily-report-call-2"),
                callTask(3, due: "2026-03-13T01:00:00Z"),
                timer("daily-report", "2026-03-14T01:00:00Z", .dailyReportDue()),
            ])
        #expect(notices(first.effects + third.effects, template: "daily-report").isEmpty)

        // Resolved Friday 11:00 Berlin (10:00Z): the open call and the timer go; closes Friday 2026-03-20 11:00 Berlin.
        let resolved = try Support.send(.resolve(summary: "Hotfix applied"), to: third.state, at: "2026-03-13T10:00:00Z")
        #expect(
            resolved.effects == [
                .cancelTask(name: "resolve"),
                .cancelTimer(name: "daily-report"),
                .cancelTask(name: "daily-report-call-3"),
                timer("auto-close", "2026-03-20T10:00:00Z", .autoCloseDue),
            ])
    }

    @Test func aLateDailyReportTimerKeepsTheRhythmWithoutABurst() throws {
        // Due 2026-03-11T01:00Z but delivered 2026-03-13T05:00Z (workers were down): one report, and the
        // next one at the first 01:00Z still ahead, 2026-03-14T01:00Z.
        let state = try Support.filedAtNight()
        let late = try Support.send(.dailyReportDue(), to: state, at: "2026-03-13T05:00:00Z", by: .system)
        #expect(
            skeleton(late.effects) == dailyReportEmails(1, state: "new") + [
                timer("daily-report", "2026-03-14T01:00:00Z", .dailyReportDue())
            ])
    }

    @Test(arguments: [Participant.customer("carla"), .system])
    func onlyStaffGiveAFirstResponse(_ actor: Participant) throws {
        let state = try Support.filedFriday()
        let error = try #require(throws: TransitionError.self) {
            try Support.send(.respond(message: "Any news?"), to: state, at: "2026-03-16T09:00:00Z", by: actor)
        }
        #expect(error.code == .ruleViolated)
        #expect(error.state == "new" && error.event == "respond")
        #expect(error.reason.contains("only a staff member's customer-visible message is a first response"))
        // Nor do they resolve an unanswered incident, which would answer it.
        let resolving = try #require(throws: TransitionError.self) {
            try Support.send(.resolve(summary: "Works now"), to: state, at: "2026-03-16T09:00:00Z", by: actor)
        }
        #expect(resolving.code == .ruleViolated)
    }

    @Test func notesAcknowledgementsAndAssignmentsDoNotStopTheClock() throws {
        var state = try Support.filedFriday()
        for (event, actor, instant) in [
            (Event.acknowledge, Participant.system, "2026-03-13T16:00:05Z"),
            (.assign(to: "sam"), Support.engineer, "2026-03-16T08:05:00Z"),
            (.addInternalNote(text: "Looks like the exclusions"), Support.engineer, "2026-03-16T09:00:00Z"),
            // An acknowledgement written by staff is still no response.
            (.acknowledge, Support.engineer, "2026-03-16T12:00:00Z"),
        ] {
            let step = try Support.send(event, to: state, at: instant, by: actor)
            #expect(step.state.name == "new")
            #expect(step.effects.isEmpty)
            state = step.state
        }
        #expect(state.incident.clock.firstResponse == nil)
        #expect(state.incident.assignee == "sam")
        #expect(state.incident.acknowledgedAt == at("2026-03-13T16:00:05Z"))
        // So the breach still comes at Monday 14:00 Berlin (13:00Z).
        let breached = try Support.send(.slaBreachDue, to: state, at: "2026-03-16T13:00:00Z", by: .system)
        #expect(
            breached.effects == [
                .cancelTimer(name: "sla-warning-50"),
                .cancelTimer(name: "sla-warning-80"),
            ] + breachNotices(severity: "3 (medium)", breachedAt: "2026-03-16T13:00:00Z"))
    }

    @Test func laterStaffMessagesChangeNoSLA() throws {
        for state in [try Support.answered(), try Support.waiting()] {
            let step = try Support.send(.respond(message: "Still on it"), to: state, at: "2026-03-16T09:00:00Z")
            #expect(step.state == state)
            #expect(step.effects.isEmpty)
            let byCustomer = try #require(throws: TransitionError.self) {
                try Support.send(.respond(message: "Hello?"), to: state, at: "2026-03-16T09:00:00Z", by: Support.customer)
            }
            #expect(byCustomer.code == .ruleViolated)
        }
        let empty = try #require(throws: TransitionError.self) {
            try Support.send(.respond(message: "  "), to: Support.filedFriday(), at: "2026-03-16T09:00:00Z")
        }
        #expect(empty.code == .ruleViolated && empty.field == "message")
    }

    @Test func resolvingAnUnansweredIncidentIsItsFirstResponse() throws {
        // Resolved Monday 10:00 Berlin (09:00Z), 1 h + 1 h business time in: met; closes Monday
        // 2026-03-23 10:00 Berlin (still CET, 09:00Z).
        let resolved = try Support.send(
            .resolve(summary: "Known issue, fixed by update"), to: Support.filedFriday(), at: "2026-03-16T09:00:00Z")
        #expect(resolved.state.name == "resolved")
        #expect(
            resolved.effects == [
                .cancelTimer(name: "sla-warning-50"),
                .cancelTimer(name: "sla-warning-80"),
                .cancelTimer(name: "sla-breach"),
                .cancelTask(name: "respond"),
                timer("auto-close", "2026-03-23T09:00:00Z", .autoCloseDue),
            ])
        #expect(resolved.state.incident.clock.isMet)
        #expect(resolved.state.incident.clock.firstResponse?.businessTime == .seconds(2 * 3_600))
    }

    @Test func anOperatorsResponseAndResolutionCountAsStaffs() throws {
        let answered = try Support.send(
            .respond(message: "We are on it"), to: Support.filedFriday(), at: "2026-03-16T09:00:00Z", by: .operator("olga"))
        #expect(answered.state.name == "in_progress" && answered.state.incident.clock.isMet)
        let resolved = try Support.send(
            .resolve(summary: "Fixed by update"), to: Support.filedFriday(), at: "2026-03-16T09:00:00Z", by: .operator("olga"))
        #expect(resolved.state.name == "resolved" && resolved.state.incident.clock.isMet)
        #expect(throws: TransitionError.self) {
            try Support.send(.respond(message: "me too"), to: Support.filedFriday(), at: "2026-03-16T09:00:00Z", by: .system)
        }
    }

    // MARK: Waiting for the customer

    @Test func requestInfoWaitsForTheCustomerAndTheReplyReturnsTheIncident() throws {
        let answered = try Support.answered()
        let waiting = try Support.send(.requestInfo(message: "Which engine version?"), to: answered, at: "2026-03-13T16:40:00Z")
        #expect(waiting.state.name == "waiting_for_customer")
        #expect(waiting.effects == [.cancelTask(name: "resolve")])
        #expect(Support.workflow.mover(of: waiting.state) == .customer)

        let replied = try Support.send(
            .customerReplied(message: "12.4"), to: waiting.state, at: "2026-03-16T08:30:00Z", by: Support.customer)
        #expect(replied.state.name == "in_progress")
        #expect(replied.effects == [resolveTask(severity: "3 (medium)", priority: 31)])
        #expect(replied.state.incident.clock == answered.incident.clock)
    }

    @Test func theFirstResponseClockCannotBePausedByWaitingForTheCustomer() throws {
        // Asking the customer is only possible once answered, so an unanswered incident's clock runs on.
        let error = try #require(throws: TransitionError.self) {
            try Support.send(.requestInfo(message: "Which version?"), to: Support.filedFriday(), at: "2026-03-13T16:10:00Z")
        }
        #expect(error.code == .invalidTransition)
        #expect(error.state == "new" && error.event == "requestInfo")
    }

    // MARK: Resolution and closing

    struct AutoCloseRow: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let days: Int
        let calendar: BusinessCalendar
        let resolvedAt: String
        let closesAt: String
    }

    static let autoCloseRows: [AutoCloseRow] = [
        // Thu 15:30 Berlin = 14:30Z; Fri 13 (1), Mon 16 (2), Tue 17 (3), Wed 18 (4), Thu 19 (5) at 15:30 = 14:30Z.
        .init(
            testDescription: "five business days over a weekend", days: 5, calendar: Support.berlin,
            resolvedAt: "2026-03-12T14:30:00Z", closesAt: "2026-03-19T14:30:00Z"),
        // Sat 12:00 Berlin = 11:00Z, a day off: Mon 16 (1) … Fri 20 (5) at 12:00 = 11:00Z.
        .init(
            testDescription: "resolved on a Saturday", days: 5, calendar: Support.berlin,
            resolvedAt: "2026-03-14T11:00:00Z", closesAt: "2026-03-20T11:00:00Z"),
        // Wed 1 April 10:00 CEST = 08:00Z; Thu 2 (1); Good Friday, the weekend and Easter Monday off; Tue 7 (2) = 08:00Z.
        .init(
            testDescription: "two business days over Easter", days: 2, calendar: Support.berlin,
            resolvedAt: "2026-04-01T08:00:00Z", closesAt: "2026-04-07T08:00:00Z"),
        // Fri 27 March 10:00 CET = 09:00Z; Mon 30 (1) at 10:00 CEST = 08:00Z: 71 real hours, the same local time.
        .init(
            testDescription: "one business day over the change to summer time", days: 1, calendar: Support.berlin,
            resolvedAt: "2026-03-27T09:00:00Z", closesAt: "2026-03-30T08:00:00Z"),
        // Every day is a business day of 24x7 (UTC): three days later at the same time.
        .init(
            testDescription: "three days round the clock", days: 3, calendar: .roundTheClock,
            resolvedAt: "2026-03-13T16:00:00Z", closesAt: "2026-03-16T16:00:00Z"),
        .init(
            testDescription: "zero days closes at once", days: 0, calendar: Support.berlin,
            resolvedAt: "2026-03-13T16:00:00Z", closesAt: "2026-03-13T16:00:00Z"),
    ]

    @Test(arguments: autoCloseRows)
    func autoCloseStepsBusinessDaysAndKeepsTheLocalTime(_ row: AutoCloseRow) {
        let policy = IncidentPolicy(autoCloseAfterBusinessDays: row.days, calendars: ["support-berlin": Support.berlin])
        #expect(policy.autoCloseAt(resolvedAt: at(row.resolvedAt), supportCalendar: row.calendar) == at(row.closesAt))
    }

    @Test func aResolvedIncidentClosesItselfAfterTheBusinessDays() throws {
        // Resolved Friday 2026-03-13 18:00 Berlin (17:00Z): closes Friday 2026-03-20 18:00 Berlin (17:00Z).
        let resolved = try Support.send(.resolve(summary: "Excluded the backup share"), to: Support.answered(), at: "2026-03-13T17:00:00Z")
        #expect(resolved.effects == [.cancelTask(name: "resolve"), timer("auto-close", "2026-03-20T17:00:00Z", .autoCloseDue)])
        #expect(Support.workflow.mover(of: resolved.state) == .customer)
        guard case .resolved(_, let resolution) = resolved.state else {
            Issue.record("not resolved: \(resolved.state.name)")
            return
        }
        #expect(resolution.at == at("2026-03-13T17:00:00Z") && resolution.summary == "Excluded the backup share")
        #expect(resolution.autoCloseAt == at("2026-03-20T17:00:00Z"))

        let closed = try Support.send(.autoCloseDue, to: resolved.state, at: "2026-03-20T17:00:00Z", by: .system)
        #expect(closed.state.name == "closed" && closed.state.isTerminal)
        #expect(closed.effects.isEmpty)
        #expect(Support.workflow.mover(of: closed.state) == .nobody)
        guard case .closed(_, _, let closure) = closed.state else { return }
        #expect(closure.reason == .autoClosed && closure.at == at("2026-03-20T17:00:00Z"))
    }

    @Test func anIncidentIsClosedByTheSupportCalendarNamedInTheContract() throws {
        // Filed with 24x7 as its support calendar, resolved Friday 17:00Z: closes Wednesday 17:00Z.
        let filed = try Support.file(.medium, at: "2026-03-13T16:00:00Z", calendar: "24x7")
        let resolved = try Support.send(.resolve(summary: "Fixed"), to: filed.state, at: "2026-03-13T17:00:00Z")
        #expect(resolved.effects.last == timer("auto-close", "2026-03-18T17:00:00Z", .autoCloseDue))
    }

    @Test func theCustomerConfirmsTheResolution() throws {
        let closed = try Support.send(.confirm, to: Support.resolved(), at: "2026-03-16T08:00:00Z", by: Support.customer)
        #expect(closed.state.name == "closed")
        #expect(closed.effects == [.cancelTimer(name: "auto-close")])
        guard case .closed(_, let resolution, let closure) = closed.state else { return }
        #expect(closure.reason == .confirmed && closure.at == at("2026-03-16T08:00:00Z"))
        #expect(resolution.summary == "Excluded the backup share")
    }

    @Test func aReopenedIncidentIsWorkedAgainAndResolvedAnew() throws {
        let reopened = try Support.send(
            .reopen(reason: "Hangs again"), to: Support.resolved(), at: "2026-03-16T08:00:00Z", by: Support.customer)
        #expect(reopened.state.name == "in_progress")
        #expect(reopened.effects == [.cancelTimer(name: "auto-close"), resolveTask(severity: "3 (medium)", priority: 31)])
        #expect(reopened.state.incident.reopenCount == 1)

        // Resolved again Monday 12:00 Berlin (11:00Z): closes Monday 2026-03-23 12:00 Berlin (11:00Z).
        let again = try Support.send(.resolve(summary: "Second exclusion"), to: reopened.state, at: "2026-03-16T11:00:00Z")
        #expect(again.effects.last == timer("auto-close", "2026-03-23T11:00:00Z", .autoCloseDue))
        // The first resolution's timer, had it slipped through, closes nothing early.
        let stale = try Support.send(.autoCloseDue, to: again.state, at: "2026-03-20T17:00:00Z", by: .system)
        #expect(stale.state == again.state && stale.effects.isEmpty)

        let twice = try Support.send(.reopen(reason: "And again"), to: again.state, at: "2026-03-17T08:00:00Z", by: Support.customer)
        #expect(twice.state.incident.reopenCount == 2)
    }

    @Test func aReopenedSeverity1IncidentReportsDailyAgain() throws {
        var state = try Support.send(.respond(message: "On it"), to: Support.filedAtNight(), at: "2026-03-10T01:10:00Z").state
        state = try Support.send(.dailyReportDue(), to: state, at: "2026-03-11T01:00:00Z", by: .system).state
        state = try Support.send(.resolve(summary: "Hotfix"), to: state, at: "2026-03-11T09:00:00Z").state
        let reopened = try Support.send(.reopen(reason: "Crashes again"), to: state, at: "2026-03-12T10:00:00Z", by: Support.customer)
        #expect(
            reopened.effects == [
                .cancelTimer(name: "auto-close"),
                resolveTask(severity: "1 (critical)", priority: 10),
                timer("daily-report", "2026-03-13T10:00:00Z", .dailyReportDue()),
            ])
        // Numbering goes on, so every report keeps its own dedup key.
        let report = try Support.send(.dailyReportDue(), to: reopened.state, at: "2026-03-13T10:00:00Z", by: .system)
        #expect(notices(report.effects, template: "daily-report").map(\.dedupKey) == ["daily-report-2", "daily-report-2"])
    }

    // MARK: Severity changes

    @Test func raisingTheSeverityPastItsTargetBreachesOnceAtOnce() throws {
        // Severity 3 filed Fri 16:00Z, raised to 1 at 16:45Z: from the original receipt the target is
        // 16:30Z, already past. The old timers go, one breach is recorded, no back-dated warnings; the
        // respond task moves up the queue; daily reports start 24 h after the change.
        let raised = try Support.send(
            .changeSeverity(to: .critical, reason: "All file servers down"), to: Support.filedFriday(), at: "2026-03-13T16:45:00Z")
        #expect(raised.state.name == "new")
        #expect(
            raised.effects == [
                .cancelTimer(name: "sla-warning-50"),
                .cancelTimer(name: "sla-warning-80"),
                .cancelTimer(name: "sla-breach"),
            ] + breachNotices(severity: "1 (critical)", breachedAt: "2026-03-13T16:30:00Z") + [
                .cancelTask(name: "respond"),
                respondTask(severity: "1 (critical)", priority: 11, due: "2026-03-13T16:30:00Z"),
                timer("daily-report", "2026-03-14T16:45:00Z", .dailyReportDue()),
            ])
        #expect(notices(raised.effects, template: "sla-warning").isEmpty)
        let incident = raised.state.incident
        #expect(incident.severity == .critical)
        #expect(incident.clock.breachedAt == at("2026-03-13T16:30:00Z"))
        // A stale breach timer adds nothing.
        let stale = try Support.send(.slaBreachDue, to: raised.state, at: "2026-03-16T13:00:00Z", by: .system)
        #expect(stale.effects.isEmpty)
    }

    @Test func aChangedTargetArmsNewTimersAndWarnsUnderItsOwnKey() throws {
        // Severity 3 filed Fri 16:00Z, changed to 2 at 16:10Z: 4 h round the clock from receipt = 20:00Z;
        // 50 % = 18:00Z; 80 % = 3 h 12 min = 19:12Z.
        let changed = try Support.send(
            .changeSeverity(to: .high, reason: "Spreading"), to: Support.filedFriday(), at: "2026-03-13T16:10:00Z")
        #expect(
            changed.effects == [
                timer("sla-warning-50", "2026-03-13T18:00:00Z", .slaWarningDue(fraction: 0.5)),
                timer("sla-warning-80", "2026-03-13T19:12:00Z", .slaWarningDue(fraction: 0.8)),
                timer("sla-breach", "2026-03-13T20:00:00Z", .slaBreachDue),
                .cancelTask(name: "respond"),
                respondTask(severity: "2 (high)", priority: 21, due: "2026-03-13T20:00:00Z"),
            ])
        let warned = try Support.send(.slaWarningDue(fraction: 0.5), to: changed.state, at: "2026-03-13T18:00:00Z", by: .system)
        #expect(
            warned.effects == [
                warningNotice("50", severity: "2 (high)", due: "2026-03-13T20:00:00Z", key: "sla-warning-target-2-severity-2-50")
            ])
    }

    @Test func leavingSeverity1StopsTheDailyReports() throws {
        var state = try Support.filedAtNight(via: .phone)
        state = try Support.send(.respond(message: "On it"), to: state, at: "2026-03-10T01:10:00Z").state
        state = try Support.send(.dailyReportDue(), to: state, at: "2026-03-11T01:00:00Z", by: .system).state
        let lowered = try Support.send(.changeSeverity(to: .medium, reason: "Workaround holds"), to: state, at: "2026-03-11T09:00:00Z")
        // Answered already: the clock and its met-or-breached stay, no respond task to move.
        #expect(lowered.effects == [.cancelTimer(name: "daily-report"), .cancelTask(name: "daily-report-call-1")])
        #expect(lowered.state.incident.severity == .medium)
        #expect(lowered.state.incident.clock == state.incident.clock)
        #expect(!lowered.state.incident.dailyReports.isScheduled)

        // Raised to 1 again while waiting for the customer: reports start again, numbering goes on.
        let waiting = try Support.send(.requestInfo(message: "Logs?"), to: lowered.state, at: "2026-03-11T10:00:00Z").state
        let raised = try Support.send(.changeSeverity(to: .critical, reason: "Down again"), to: waiting, at: "2026-03-11T12:00:00Z")
        #expect(raised.state.name == "waiting_for_customer")
        #expect(raised.effects == [timer("daily-report", "2026-03-12T12:00:00Z", .dailyReportDue())])
        let report = try Support.send(.dailyReportDue(), to: raised.state, at: "2026-03-12T12:00:00Z", by: .system)
        #expect(skeleton(report.effects).first == callTask(2, due: "2026-03-12T12:00:00Z"))
    }

    @Test func aSeverityChangeNeedsANewSeverityAndComesBeforeTheResolution() throws {
        let same = try #require(throws: TransitionError.self) {
            try Support.send(.changeSeverity(to: .medium, reason: "Same"), to: Support.filedFriday(), at: "2026-03-13T16:10:00Z")
        }
        #expect(same.code == .ruleViolated && same.field == "to")
        let noReason = try #require(throws: TransitionError.self) {
            try Support.send(.changeSeverity(to: .low, reason: ""), to: Support.filedFriday(), at: "2026-03-13T16:10:00Z")
        }
        #expect(noReason.code == .ruleViolated && noReason.field == "reason")
        let afterResolution = try #require(throws: TransitionError.self) {
            try Support.send(.changeSeverity(to: .critical, reason: "Down"), to: Support.resolved(), at: "2026-03-16T08:00:00Z")
        }
        #expect(afterResolution.code == .invalidTransition)
    }

    // MARK: Cancelling

    struct CancelRow: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let build: @Sendable () throws -> State
        let effects: [Effect<Event>]
    }

    static let cancelRows: [CancelRow] = [
        .init(
            testDescription: "new, severity 1",
            build: { try Support.filedAtNight() },
            effects: [
                .cancelTask(name: "respond"), .cancelTimer(name: "sla-warning-50"), .cancelTimer(name: "sla-warning-80"),
                .cancelTimer(name: "sla-breach"), .cancelTimer(name: "daily-report"),
            ]),
        .init(
            testDescription: "new, breached",
            build: { try Support.send(.slaBreachDue, to: Support.filedFriday(), at: "2026-03-16T13:00:00Z", by: .system).state },
            effects: [.cancelTask(name: "respond")]),
        .init(testDescription: "in_progress", build: { try Support.answered() }, effects: [.cancelTask(name: "resolve")]),
        .init(
            testDescription: "in_progress, severity 1 by phone with a call open",
            build: {
                let answered = try Support.send(
                    .respond(message: "On it"), to: Support.filedAtNight(via: .phone), at: "2026-03-10T01:10:00Z")
                return try Support.send(.dailyReportDue(), to: answered.state, at: "2026-03-11T01:00:00Z", by: .system).state
            },
            effects: [.cancelTask(name: "resolve"), .cancelTimer(name: "daily-report"), .cancelTask(name: "daily-report-call-1")]),
        .init(testDescription: "waiting_for_customer", build: { try Support.waiting() }, effects: []),
        .init(testDescription: "resolved", build: { try Support.resolved() }, effects: [.cancelTimer(name: "auto-close")]),
    ]

    @Test(arguments: cancelRows)
    func cancelEndsEveryStateThatIsNotTerminal(_ row: CancelRow) throws {
        let state = try row.build()
        let cancelled = try Support.send(.cancel(reason: "No longer needed"), to: state, at: "2026-03-20T10:00:00Z", by: Support.customer)
        #expect(cancelled.state.name == "cancelled" && cancelled.state.isTerminal)
        #expect(cancelled.effects == row.effects)
        #expect(Support.workflow.mover(of: cancelled.state) == .nobody)
        guard case .cancelled(let incident, let cancellation) = cancelled.state else { return }
        #expect(cancellation.reason == "No longer needed" && cancellation.at == at("2026-03-20T10:00:00Z"))
        #expect(!incident.dailyReports.isScheduled && incident.dailyReports.openCall == nil)
        // Nothing moves it any more.
        let again = try #require(throws: TransitionError.self) {
            try Support.send(.cancel(reason: "Twice"), to: cancelled.state, at: "2026-03-20T10:01:00Z")
        }
        #expect(again.code == .invalidTransition)
        #expect(again.reason.contains("nothing moves it any more"))
    }

    // MARK: Invalid events

    @Test(arguments: [
        ("new", Event.confirm),
        ("new", .customerReplied(message: "Hi")),
        ("in_progress", .customerReplied(message: "Hi")),
        ("in_progress", .slaBreachDue),
        ("waiting_for_customer", .requestInfo(message: "More?")),
        ("resolved", .respond(message: "Hi")),
        ("resolved", .dailyReportDue()),
        ("closed", .reopen(reason: "Again")),
        ("cancelled", .acknowledge),
    ])
    func invalidEventsNameTheStateAndTheEvent(_ stateName: String, _ event: Event) throws {
        let state = try Support.state(named: stateName)
        let error = try #require(throws: TransitionError.self) {
            try Support.send(event, to: state, at: "2026-04-01T00:00:00Z")
        }
        #expect(error.code == .invalidTransition)
        #expect(error.workflowType == "incident")
        #expect(error.state == stateName && error.event == event.name)
        #expect(error.reason.contains("'\(stateName)'") && error.reason.contains("'\(event.name)'"))
    }

    @Test func eachStateAcceptsExactlyTheEventsOfTheDiagram() throws {
        for name in Support.stateNames {
            let state = try Support.state(named: name)
            #expect(state.name == name)
            let allowed = IncidentWorkflow.diagram.edges.filter { $0.from == name }.map(\.event)
            for event in Support.events where !allowed.contains(event.name) {
                let error = try #require(throws: TransitionError.self, "\(name) accepted \(event.name)") {
                    try Support.send(event, to: state, at: "2026-04-01T00:00:00Z")
                }
                #expect(error.code == .invalidTransition)
                if !allowed.isEmpty {
                    #expect(error.reason.hasSuffix("(allowed there: \(allowed.joined(separator: ", ")))"))
                }
            }
        }
    }

    // MARK: Diagram

    @Test(arguments: IncidentWorkflow.diagram.edges.map { "\($0.from) \($0.event) \($0.to)" })
    func everyEdgeOfTheDiagramIsADecision(_ edge: String) throws {
        let parts = edge.split(separator: " ").map(String.init)
        let state = try Support.state(named: parts[0])
        let event = try #require(Support.events.first { $0.name == parts[1] })
        // Late enough for every timer, by a staff member.
        let next = try Support.send(event, to: state, at: "2026-04-01T00:00:00Z")
        #expect(next.state.name == parts[2])
    }

    @Test func theDiagramNamesEveryStateAndEvent() {
        let diagram = IncidentWorkflow.diagram
        #expect(diagram.initial == "new")
        #expect(Set(diagram.states) == Set(Support.stateNames))
        #expect(diagram.terminal == ["closed", "cancelled"])
        #expect(Set(diagram.edges.map(\.event)) == Set(Support.events.map(\.name)))
        #expect(Support.events.count == 16)
        #expect(diagram.mermaid(title: "incident").contains("    new --> in_progress: respond\n"))
        #expect(Set(diagram.edges).count == diagram.edges.count)
    }

    @Test func theTableNamesEveryEventOnce() throws {
        try DiagramConformance.tableNamesEveryEvent(of: IncidentWorkflow.self, events: Support.events)
    }

    @Test func moversFollowTheStates() throws {
        let expected: [String: Mover] = [
            "new": .group("support"), "in_progress": .group("support"), "waiting_for_customer": .customer,
            "resolved": .customer, "closed": .nobody, "cancelled": .nobody,
        ]
        for (name, mover) in expected {
            #expect(Support.workflow.mover(of: try Support.state(named: name)) == mover)
        }
    }

    // MARK: Input

    @Test func anUnknownSupportCalendarIsRefusedNamingTheKnownOnes() throws {
        let error = try #require(throws: TransitionError.self) {
            try Support.file(.medium, at: "2026-03-13T16:00:00Z", calendar: "support-paris")
        }
        #expect(error.code == .ruleViolated)
        #expect(error.field == "supportCalendar")
        #expect(error.reason.contains("\"support-paris\"") && error.reason.contains("24x7, support-berlin"))
    }

    @Test func aReceiptInTheFutureIsRefused() throws {
        let error = try #require(throws: TransitionError.self) {
            try Support.file(.medium, at: "2026-03-13T16:00:00Z", receivedAt: "2026-03-13T16:05:00Z")
        }
        #expect(error.code == .ruleViolated && error.field == "receivedAt")
        let blank = try #require(throws: TransitionError.self) {
            try Support.workflow.start(
                IncidentWorkflow.Input(summary: " ", severity: .low, tier: .standard, channel: .api, supportCalendar: "24x7"),
                context: Support.context("2026-03-13T16:00:00Z"))
        }
        #expect(blank.field == "summary")
    }

    @Test func aPhoneCallLoggedAfterTheFactCountsFromTheCall() throws {
        // Called 01:00Z, logged 01:20Z: the 50 % warning (01:15Z) has passed and is skipped; 80 % (01:24Z)
        // and the breach (01:30Z) are armed; the first daily report is 24 h after the call.
        let logged = try Support.file(.critical, at: "2026-03-10T01:20:00Z", tier: .enterprise, receivedAt: "2026-03-10T01:00:00Z")
        #expect(
            logged.effects == [
                respondTask(severity: "1 (critical)", priority: 10, due: "2026-03-10T01:30:00Z"),
                timer("sla-warning-80", "2026-03-10T01:24:00Z", .slaWarningDue(fraction: 0.8)),
                timer("sla-breach", "2026-03-10T01:30:00Z", .slaBreachDue),
                timer("daily-report", "2026-03-11T01:00:00Z", .dailyReportDue()),
            ])
        #expect(logged.state.incident.channel == .phone)
        #expect(logged.state.incident.receivedAt == at("2026-03-10T01:00:00Z"))

        // Logged at 01:40Z, after the target: the breach is recorded at once.
        let late = try Support.file(.critical, at: "2026-03-10T01:40:00Z", tier: .enterprise, receivedAt: "2026-03-10T01:00:00Z")
        #expect(
            late.effects == [
                respondTask(severity: "1 (critical)", priority: 10, due: "2026-03-10T01:30:00Z")
            ] + breachNotices(severity: "1 (critical)", breachedAt: "2026-03-10T01:30:00Z") + [
                timer("daily-report", "2026-03-11T01:00:00Z", .dailyReportDue())
            ])
    }

    @Test(arguments: [
        (0.5, "sla-warning-50"), (0.8, "sla-warning-80"), (0.125, "sla-warning-12.5"), (0.3333, "sla-warning-33.33"),
        (0.05, "sla-warning-5"),
    ])
    func warningTimersAreNamedByTheirPercentage(_ fraction: Double, _ name: String) {
        #expect(IncidentWorkflow.TimerName.slaWarning(fraction: fraction) == name)
    }

    // MARK: Storage

    @Test func everyStateSurvivesJSON() throws {
        var states = try Support.stateNames.map(Support.state(named:))
        // A severity-1 incident by phone, breached, with a call open and a reopen behind it.
        var busy = try Support.filedAtNight(via: .phone)
        for (event, instant) in [
            (Event.slaBreachDue, "2026-03-10T01:30:00Z"), (.assign(to: "sam"), "2026-03-10T01:31:00Z"),
            (.respond(message: "On it"), "2026-03-10T01:40:00Z"), (.dailyReportDue(), "2026-03-11T01:00:00Z"),
            (.resolve(summary: "Fixed"), "2026-03-11T09:00:00Z"), (.reopen(reason: "Again"), "2026-03-11T10:00:00Z"),
        ] {
            busy = try Support.send(event, to: busy, at: instant).state
        }
        states.append(busy)
        for state in states {
            let data = try JSONCoding.encoder.encode(state)
            #expect(try JSONCoding.decoder.decode(State.self, from: data) == state)
        }
    }

    @Test func everyEventSurvivesJSON() throws {
        for event in Support.events {
            let data = try JSONCoding.encoder.encode(event)
            #expect(try JSONCoding.decoder.decode(Event.self, from: data) == event)
        }
        #expect(String(decoding: try JSONCoding.encoder.encode(Event.dailyReportDue()), as: UTF8.self) == #"{"dailyReportDue":{}}"#)
        #expect(
            String(decoding: try JSONCoding.encoder.encode(Event.slaWarningDue(fraction: 0.8)), as: UTF8.self)
                == #"{"slaWarningDue":{"fraction":0.8}}"#)
    }

    @Test func theEngineRunsAnIncidentFromJSON() throws {
        let incident = AnyWorkflow(Support.workflow)
        #expect(incident.type == "incident")
        let input = #"""
            {"summary": "Real-time scan blocks the file servers", "severity": 3, "tier": "standard",
             "channel": "email", "supportCalendar": "support-berlin"}
            """#
        let started = try incident.start(input: Data(input.utf8), context: Support.context("2026-03-13T16:00:00Z"))
        #expect(started.stateName == "new")
        #expect(started.mover == .group("support"))
        #expect(started.effects.count == 4)
        let state = try JSONCoding.decoder.decode(State.self, from: started.state)
        #expect(state.incident.dailyReportVia == .email)
        #expect(state.incident.channel == .email)
        #expect(state.incident.receivedAt == at("2026-03-13T16:00:00Z"))

        let answered = try incident.decide(
            state: started.state, event: Data(#"{"respond":{"message":"On it"}}"#.utf8),
            context: Support.context("2026-03-16T09:00:00Z"))
        #expect(answered.stateName == "in_progress")

        let fax = try #require(throws: TransitionError.self) {
            try incident.start(
                input: Data(input.replacingOccurrences(of: "email", with: "fax").utf8), context: Support.context("2026-03-13T16:00:00Z"))
        }
        #expect(fax.code == .undecodable && fax.field == "channel")
    }
}
