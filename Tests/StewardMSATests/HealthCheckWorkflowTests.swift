import Foundation
import StewardCore
import StewardMSA
import Testing

@Suite struct HealthCheckWorkflowTests {
    typealias State = HealthCheckWorkflow.State
    typealias Event = HealthCheckWorkflow.Event
    typealias Input = HealthCheckWorkflow.Input
    typealias Item = HealthCheckWorkflow.ChecklistItem

    /// Acme works Mon–Fri 09:00–17:00 Berlin (UTC+1 until 29 March 2026, UTC+2 after); Good Friday
    /// (3 April) and Easter Monday (6 April) 2026 are holidays.
    static let berlin = try! BusinessCalendar(
        name: "support-berlin",
        timeZoneIdentifier: "Europe/Berlin",
        weeklyHours: Dictionary(
            uniqueKeysWithValues: [Locale.Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map {
                ($0, [WorkingHours("09:00-17:00")!])
            }
        ),
        holidays: [LocalDate("2026-04-03")!, LocalDate("2026-04-06")!]
    )
    static let tokyo = try! BusinessCalendar(
        name: "support-tokyo",
        timeZoneIdentifier: "Asia/Tokyo",
        weeklyHours: [.monday: [WorkingHours("09:00-18:00")!]]
    )

    /// The contract started on Monday 15 June 2025: contract year 0 runs to 14 June 2026.
    static let request = HealthCheckWorkflow.Request(calendar: "support-berlin", contractStart: LocalDate("2025-06-15")!)
    static let agreedDate = LocalDate("2026-03-17")!
    static let proposal = HealthCheckWorkflow.Proposal(
        date: agreedDate,
        proposedBy: "staff:tom",
        proposedAt: instant("2026-03-03T10:00:00Z")
    )
    static let checklist = [
        Item(finding: "Scan exclusions cover the whole D: drive", severity: .high, recommendation: "Exclude only the database folder"),
        Item(finding: "Update mirror lags two days", severity: .medium, recommendation: "Sync the mirror hourly"),
    ]
    /// Tuesday 3 March 2026 10:00 in Berlin: today is 2026-03-03, so 2026-03-17 is the earliest date.
    static let today = "2026-03-03T09:00:00Z"

    static let nonTerminalStates: [State] = [
        .scheduling(request: request, proposal: nil),
        .scheduling(request: request, proposal: proposal),
        .scheduled(request: request, date: agreedDate),
        .inProgress(request: request, date: agreedDate),
        .reporting(request: request, date: agreedDate),
        .delivered(request: request, date: agreedDate, checklist: checklist),
    ]
    static let terminalStates: [State] = [
        .closed(request: request, date: agreedDate, checklist: checklist),
        .cancelled(reason: "merger"),
    ]
    static let events: [Event] = [
        .proposeDate(date: LocalDate("2026-03-20")!, bookedDates: []), .confirmDate, .startDue, .finishAssessment,
        .deliver(checklist: checklist), .confirm, .autoCloseDue, .reschedule(date: LocalDate("2026-03-20")!, bookedDates: []),
        .cancel(reason: "merger"),
    ]

    let workflow = HealthCheckWorkflow(calendars: ["support-berlin": Self.berlin, "support-tokyo": Self.tokyo])

    static func instant(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    static func context(_ at: String, actor: Participant = .system) -> WorkflowContext {
        WorkflowContext(
            now: instant(at),
            workflowID: UUID(uuidString: "00000000-0000-0000-0000-0000000000c3")!,
            customerID: "acme",
            actor: actor
        )
    }

    static func date(_ text: String) -> LocalDate {
        LocalDate(text)!
    }

    static func notice(_ recipient: Recipient, _ template: String, _ fields: [String: String], key: String) -> Effect<Event> {
        .notify(Notification(to: recipient, template: template, fields: fields, dedupKey: key))
    }

    func refusal(_ event: Event, in state: State, at now: String = today) -> TransitionError? {
        do {
            _ = try workflow.decide(state, on: event, context: Self.context(now))
            return nil
        } catch {
            return error
        }
    }

    /// The refusal of proposing `date` in a fresh `scheduling`, or nil when it is accepted.
    func proposalRefusal(_ date: String, booked: [String] = [], at now: String = today) -> TransitionError? {
        refusal(.proposeDate(date: Self.date(date), bookedDates: booked.map(Self.date)), in: Self.nonTerminalStates[0], at: now)
    }

    // MARK: - The happy path

    @Test func aDateIsProposedConfirmedWorkedReportedAndClosed() throws {
        let started = try workflow.start(
            Input(calendar: "support-berlin", contractStart: Self.date("2025-06-15")),
            context: Self.context(Self.today, actor: .customer("ann"))
        )
        #expect(started.state == .scheduling(request: Self.request, proposal: nil))
        #expect(
            started.effects == [
                .notify(
                    Notification(
                        to: .tamOrDutyManager,
                        template: "health-check-requested",
                        fields: ["contractStart": "2025-06-15"],
                        dedupKey: "tam-requested"
                    )
                )
            ]
        )
        #expect(workflow.mover(of: started.state) == .tam)

        // Tom proposes Tuesday 17 March, exactly 14 days after today.
        let proposed = try workflow.decide(
            started.state,
            on: .proposeDate(date: Self.agreedDate, bookedDates: []),
            context: Self.context("2026-03-03T10:00:00Z", actor: .staff("tom"))
        )
        var request = Self.request
        request.proposals = 1
        #expect(proposed.state == .scheduling(request: request, proposal: Self.proposal))
        #expect(
            proposed.effects == [
                .notify(
                    Notification(
                        to: .customerContacts,
                        template: "health-check-date-proposed",
                        fields: ["date": "2026-03-17"],
                        dedupKey: "customer-proposal-1"
                    )
                )
            ]
        )
        #expect(workflow.mover(of: proposed.state) == .customer)

        // Ann confirms the same day; the timer fires at 09:00 Berlin on the 17th, 08:00 UTC.
        let scheduled = try workflow.decide(
            proposed.state,
            on: .confirmDate,
            context: Self.context("2026-03-03T12:00:00Z", actor: .customer("ann"))
        )
        #expect(scheduled.state == .scheduled(request: request, date: Self.agreedDate))
        let fields = ["date": "2026-03-17", "startsAt": "2026-03-17T08:00:00Z"]
        #expect(
            scheduled.effects == [
                .scheduleTimer(name: "health-check-start", at: Self.instant("2026-03-17T08:00:00Z"), event: .startDue),
                Self.notice(.tamOrDutyManager, "health-check-scheduled", fields, key: "tam-scheduled-1"),
                Self.notice(.customerContacts, "health-check-scheduled", fields, key: "customer-scheduled-1"),
            ]
        )
        #expect(workflow.mover(of: scheduled.state) == .system)

        // One business day: due at 17:00 Berlin, 16:00 UTC.
        let inProgress = try workflow.decide(scheduled.state, on: .startDue, context: Self.context("2026-03-17T08:00:00Z"))
        #expect(inProgress.state == .inProgress(request: request, date: Self.agreedDate))
        #expect(
            inProgress.effects == [
                .createTask(
                    TaskSpec(
                        name: "perform-health-check",
                        group: "health-check",
                        title: "Perform the remote health check of 2026-03-17",
                        dueAt: Self.instant("2026-03-17T16:00:00Z")
                    )
                )
            ]
        )
        #expect(workflow.mover(of: inProgress.state) == .group("health-check"))

        let reporting = try workflow.decide(inProgress.state, on: .finishAssessment, context: Self.context("2026-03-17T15:00:00Z"))
        #expect(reporting.state == .reporting(request: request, date: Self.agreedDate))
        #expect(
            reporting.effects == [
                .cancelTask(name: "perform-health-check"),
                .createTask(
                    TaskSpec(name: "write-report", group: "health-check", title: "Write the report of the health check of 2026-03-17")
                ),
            ]
        )
        #expect(workflow.mover(of: reporting.state) == .group("health-check"))

        // Delivered Thursday 19 March 10:00 UTC: it closes itself 7 days later unless confirmed.
        let delivered = try workflow.decide(
            reporting.state,
            on: .deliver(checklist: Self.checklist),
            context: Self.context("2026-03-19T10:00:00Z")
        )
        #expect(delivered.state == .delivered(request: request, date: Self.agreedDate, checklist: Self.checklist))
        let reportFields = ["date": "2026-03-17", "items": "2", "highestSeverity": "high"]
        #expect(
            delivered.effects == [
                .cancelTask(name: "write-report"),
                Self.notice(.customerContacts, "health-check-report", reportFields, key: "customer-report"),
                Self.notice(.tamOrDutyManager, "health-check-delivered", reportFields, key: "tam-report"),
                .scheduleTimer(name: "auto-close", at: Self.instant("2026-03-26T10:00:00Z"), event: .autoCloseDue),
            ]
        )
        #expect(workflow.mover(of: delivered.state) == .customer)

        let closed = try workflow.decide(delivered.state, on: .confirm, context: Self.context("2026-03-20T10:00:00Z"))
        #expect(closed.state == .closed(request: request, date: Self.agreedDate, checklist: Self.checklist))
        #expect(closed.effects == [.cancelTimer(name: "auto-close")])
        #expect(closed.state.isTerminal)
    }

    @Test func anUnconfirmedReportClosesItself() throws {
        let closed = try workflow.decide(Self.nonTerminalStates[5], on: .autoCloseDue, context: Self.context("2026-03-26T10:00:00Z"))
        #expect(closed.state == .closed(request: Self.request, date: Self.agreedDate, checklist: Self.checklist))
        #expect(closed.effects.isEmpty)
    }

    @Test func afterTheClocksChangeTheStartTimerFollowsTheLocalHour() throws {
        // Tuesday 14 April 2026 is summer time: 09:00 Berlin is 07:00 UTC.
        let state = State.scheduling(
            request: Self.request,
            proposal: .init(date: Self.date("2026-04-14"), proposedBy: "customer:ann", proposedAt: Self.instant(Self.today))
        )
        let scheduled = try workflow.decide(state, on: .confirmDate, context: Self.context(Self.today))
        #expect(
            scheduled.effects.first
                == .scheduleTimer(name: "health-check-start", at: Self.instant("2026-04-14T07:00:00Z"), event: .startDue))
    }

    @Test func aDateAgreedWhenFilingIsCheckedAndProposed() throws {
        let started = try workflow.start(
            Input(calendar: "support-berlin", contractStart: Self.date("2025-06-15"), bookedDates: [], proposedDate: Self.agreedDate),
            context: Self.context(Self.today, actor: .staff("tom"))
        )
        var request = Self.request
        request.proposals = 1
        #expect(
            started.state
                == .scheduling(
                    request: request,
                    proposal: .init(date: Self.agreedDate, proposedBy: "staff:tom", proposedAt: Self.instant(Self.today))
                )
        )
        #expect(started.effects.count == 2)
        do {
            _ = try workflow.start(
                Input(calendar: "support-berlin", contractStart: Self.date("2025-06-15"), proposedDate: Self.date("2026-03-16")),
                context: Self.context(Self.today)
            )
            Issue.record("a date 13 days ahead was accepted when filing")
        } catch {
            #expect(error.code == .ruleViolated)
            #expect(error.field == "proposedDate")
        }
    }

    // MARK: - Fourteen calendar days in the customer's zone

    @Test func aDate13DaysAheadIsRefusedAnd14DaysAheadAccepted() throws {
        let error = try #require(proposalRefusal("2026-03-16"))
        #expect(error.code == .ruleViolated)
        #expect(error.workflowType == "health-check")
        #expect(error.state == "scheduling" && error.event == "proposeDate")
        #expect(error.field == "date")
        #expect(
            error.reason
                == "2026-03-16 is only 13 days after today (2026-03-03 in Europe/Berlin); a health-check date must be agreed "
                + "at least 14 days ahead: propose 2026-03-17 or later"
        )
        #expect(proposalRefusal("2026-03-17") == nil)
    }

    @Test(arguments: [
        // 23:59:59 on Monday 2 March in Berlin: 16 March is 14 days ahead.
        ("2026-03-02T22:59:59Z", true),
        // 00:30 on Tuesday 3 March in Berlin, still 2 March in UTC: only 13 days ahead.
        ("2026-03-02T23:30:00Z", false),
    ])
    func todayIsTheDateInTheCustomersZone(now: String, accepted: Bool) {
        #expect((proposalRefusal("2026-03-16", at: now) == nil) == accepted)
    }

    /// Contract year 0 runs 2025-06-15 to 2026-06-14 and year 1 to 2027-06-14: nothing beyond is booked yet.
    @Test func aDateBeyondTheNextContractYearIsRefused() throws {
        #expect(proposalRefusal("2027-06-14") == nil || proposalRefusal("2027-06-14")?.reason.contains("beyond") == false)
        let far = try #require(proposalRefusal("9999-12-31"))
        #expect(far.field == "date" && far.reason.contains("propose a date before 2027-06-15"), "\(far.reason)")
        #expect(try #require(proposalRefusal("2027-06-15")).reason.contains("beyond the next contract year"))
    }

    @Test(arguments: [
        State.scheduled(request: request, date: agreedDate), .scheduling(request: request, proposal: nil),
    ])
    func aCancellationNeedsAReason(state: State) throws {
        let error = try #require(refusal(.cancel(reason: ""), in: state))
        #expect(error.code == .ruleViolated && error.field == "reason")
    }

    @Test func aDateInThePastIsRefused() throws {
        let error = try #require(proposalRefusal("2026-03-03"))
        #expect(error.reason.hasPrefix("2026-03-03 is not after today (2026-03-03 in Europe/Berlin)"))
    }

    // MARK: - A business day of the customer's calendar

    @Test func aWeekendDateIsRefusedSuggestingTheNextBusinessDay() throws {
        let error = try #require(proposalRefusal("2026-03-21"))
        #expect(error.code == .ruleViolated)
        #expect(error.field == "date")
        #expect(
            error.reason
                == "2026-03-21 is a Saturday, which has no working hours in calendar 'support-berlin'; the health check takes one "
                + "business day: propose a business day such as 2026-03-23"
        )
    }

    @Test func aHolidayIsRefusedSuggestingTheNextBusinessDay() throws {
        let error = try #require(proposalRefusal("2026-04-03"))
        #expect(
            error.reason
                == "2026-04-03 is a holiday in calendar 'support-berlin'; the health check takes one business day: propose a "
                + "business day such as 2026-04-07"
        )
    }

    // MARK: - One per contract year

    @Test func aSecondHealthCheckInTheSameContractYearIsRefused() throws {
        let error = try #require(proposalRefusal("2026-03-17", booked: ["2025-09-10"]))
        #expect(error.code == .ruleViolated)
        #expect(error.field == "date")
        #expect(
            error.reason
                == "the health check of contract year 2025-06-15 to 2026-06-14 is already used (another health check is booked on "
                + "2025-09-10); the contract includes one per contract year: propose a date on or after 2026-06-15, or cancel the "
                + "other health check first"
        )
        // The last business day of that contract year is still in it.
        #expect(proposalRefusal("2026-06-12", booked: ["2025-09-10"]) != nil)
    }

    @Test func aDateInTheNextContractYearIsAccepted() {
        // Monday 15 June 2026 is the first day of contract year 1.
        #expect(proposalRefusal("2026-06-15", booked: ["2025-09-10"]) == nil)
        // A booking in year 1 does not use year 0's quota.
        #expect(proposalRefusal("2026-03-17", booked: ["2026-09-01"]) == nil)
        #expect(proposalRefusal("2026-09-02", booked: ["2026-09-01"]) != nil)
    }

    @Test func aCancelledHealthCheckGivesItsQuotaBack() throws {
        // The first health check of the year, scheduled for 17 March, is cancelled ...
        let cancelled = try workflow.decide(Self.nonTerminalStates[2], on: .cancel(reason: "merger"), context: Self.context(Self.today))
        #expect(cancelled.state == .cancelled(reason: "merger"))
        // ... so the shell leaves it out of the bookings, and another may take its place.
        #expect(proposalRefusal("2026-03-20", booked: ["2026-03-17"]) != nil)
        #expect(proposalRefusal("2026-03-20", booked: []) == nil)
    }

    @Test func aDateBeforeTheContractStartsIsRefused() throws {
        let state = State.scheduling(request: .init(calendar: "support-berlin", contractStart: Self.date("2026-04-01")), proposal: nil)
        let error = try #require(refusal(.proposeDate(date: Self.agreedDate, bookedDates: []), in: state))
        #expect(error.reason == "2026-03-17 is before the contract starts on 2026-04-01; propose a date inside the contract")
    }

    @Test(arguments: [
        ("2025-06-15", "2025-06-15", 0, "2025-06-15", "2026-06-15"),
        ("2025-06-15", "2026-06-14", 0, "2025-06-15", "2026-06-15"),
        ("2025-06-15", "2026-06-15", 1, "2026-06-15", "2027-06-15"),
        ("2025-06-15", "2031-01-01", 5, "2030-06-15", "2031-06-15"),
        // A contract started on 29 February has its anniversaries on 28 February in common years.
        ("2024-02-29", "2025-02-27", 0, "2024-02-29", "2025-02-28"),
        ("2024-02-29", "2025-02-28", 1, "2025-02-28", "2026-02-28"),
        ("2024-02-29", "2028-02-29", 4, "2028-02-29", "2029-02-28"),
    ])
    func contractYearsRunFromTheContractStart(start: String, date: String, index: Int, from: String, to: String) throws {
        let year = try #require(HealthCheckWorkflow.ContractYear.containing(Self.date(date), contractStart: Self.date(start)))
        #expect(year.index == index)
        #expect(year.start == Self.date(from))
        #expect(year.end == Self.date(to))
        #expect(HealthCheckWorkflow.ContractYear.containing(Self.date("2024-01-01"), contractStart: Self.date(start)) == nil)
    }

    // MARK: - Confirming and rescheduling under the same rules

    @Test func aProposalThatAgedPastTheNoticeCannotBeConfirmed() throws {
        // Proposed on 3 March for 17 March; confirmed on Wednesday 4 March it is only 13 days ahead.
        let error = try #require(refusal(.confirmDate, in: Self.nonTerminalStates[1], at: "2026-03-04T09:00:00Z"))
        #expect(error.code == .ruleViolated)
        #expect(error.state == "scheduling" && error.event == "confirmDate")
        #expect(error.reason.hasPrefix("2026-03-17 is only 13 days after today (2026-03-04 in Europe/Berlin)"))
    }

    @Test func confirmingWithoutAProposalIsRefused() throws {
        let error = try #require(refusal(.confirmDate, in: Self.nonTerminalStates[0]))
        #expect(error.code == .ruleViolated)
        #expect(error.field == "date")
        #expect(error.reason == "no date has been proposed yet; propose one with proposeDate, then confirm it")
    }

    @Test func rescheduleReturnsToSchedulingWithTheNewDateAndCancelsTheStartTimer() throws {
        var request = Self.request
        request.proposals = 1
        let moved = try workflow.decide(
            .scheduled(request: request, date: Self.agreedDate),
            on: .reschedule(date: Self.date("2026-03-20"), bookedDates: []),
            context: Self.context("2026-03-05T09:00:00Z", actor: .customer("ann"))
        )
        request.proposals = 2
        #expect(
            moved.state
                == .scheduling(
                    request: request,
                    proposal: .init(
                        date: Self.date("2026-03-20"),
                        proposedBy: "customer:ann",
                        proposedAt: Self.instant("2026-03-05T09:00:00Z")
                    )
                )
        )
        #expect(
            moved.effects == [
                .cancelTimer(name: "health-check-start"),
                .notify(
                    Notification(
                        to: .tamOrDutyManager,
                        template: "health-check-rescheduled",
                        fields: ["previousDate": "2026-03-17", "date": "2026-03-20"],
                        dedupKey: "tam-rescheduled-2"
                    )
                ),
                .notify(
                    Notification(
                        to: .customerContacts,
                        template: "health-check-date-proposed",
                        fields: ["date": "2026-03-20"],
                        dedupKey: "customer-proposal-2"
                    )
                ),
            ]
        )
        #expect(workflow.mover(of: moved.state) == .customer)
    }

    @Test(arguments: [
        // On Thursday 5 March the earliest date is 19 March.
        ("2026-03-18", [String](), "only 13 days after today"),
        ("2026-03-21", [], "is a Saturday"),
        ("2026-04-06", [], "is a holiday"),
        ("2026-03-20", ["2025-09-10"], "is already used"),
    ])
    func rescheduleFollowsTheSameRules(date: String, booked: [String], reason: String) throws {
        let error = try #require(
            refusal(
                .reschedule(date: Self.date(date), bookedDates: booked.map(Self.date)),
                in: Self.nonTerminalStates[2],
                at: "2026-03-05T09:00:00Z"
            )
        )
        #expect(error.code == .ruleViolated)
        #expect(error.state == "scheduled" && error.event == "reschedule")
        #expect(error.field == "date")
        #expect(error.reason.contains(reason))
    }

    // MARK: - The checklist

    @Test func anEmptyChecklistIsRefused() throws {
        let error = try #require(refusal(.deliver(checklist: []), in: Self.nonTerminalStates[4]))
        #expect(error.code == .ruleViolated)
        #expect(error.field == "checklist")
        #expect(error.reason.contains("the checklist is empty"))
    }

    @Test(arguments: [
        (Item(finding: " ", severity: .low, recommendation: "r"), "checklist[1].finding"),
        (Item(finding: "f", severity: .critical, recommendation: ""), "checklist[1].recommendation"),
    ])
    func aChecklistItemWithoutFindingOrRecommendationIsRefused(item: Item, field: String) throws {
        let error = try #require(refusal(.deliver(checklist: [Self.checklist[0], item]), in: Self.nonTerminalStates[4]))
        #expect(error.code == .ruleViolated)
        #expect(error.field == field)
        #expect(error.reason.hasPrefix("checklist item 2 has no"))
    }

    // MARK: - Calendars, cancellation, invalid events, movers

    @Test func anUnknownCalendarIsRefusedNamingTheKnownOnes() throws {
        do {
            _ = try workflow.start(
                Input(calendar: "support-paris", contractStart: Self.date("2025-06-15")),
                context: Self.context(Self.today)
            )
            Issue.record("an unknown calendar was accepted")
        } catch {
            #expect(error.code == .ruleViolated)
            #expect(error.field == "calendar")
            #expect(error.reason.hasPrefix("'support-paris' is not a known business calendar (known: support-berlin, support-tokyo)"))
        }
    }

    @Test(arguments: zip(nonTerminalStates, [false, false, true, false, false, false]))
    func cancelFromEveryNonTerminalStateEndsTheHealthCheck(state: State, tellsTheTAM: Bool) throws {
        let cancelled = try workflow.decide(state, on: .cancel(reason: "merger"), context: Self.context(Self.today))
        #expect(cancelled.state == .cancelled(reason: "merger"))
        #expect(cancelled.state.isTerminal)
        #expect(workflow.mover(of: cancelled.state) == .nobody)
        let told: [Effect<Event>] = [
            .notify(
                Notification(
                    to: .tamOrDutyManager,
                    template: "health-check-cancelled",
                    fields: ["date": "2026-03-17", "reason": "merger"],
                    dedupKey: "tam-cancelled"
                )
            )
        ]
        #expect(cancelled.effects == (tellsTheTAM ? told : []))
    }

    @Test(arguments: terminalStates)
    func aTerminalStateRefusesEveryEvent(state: State) throws {
        for event in Self.events {
            let error = try #require(refusal(event, in: state))
            #expect(error.code == .invalidTransition)
            #expect(error.state == state.name && error.event == event.name)
        }
    }

    @Test(arguments: [
        (State.scheduling(request: request, proposal: nil), Event.startDue, "proposeDate, confirmDate, cancel"),
        (.scheduled(request: request, date: agreedDate), .proposeDate(date: agreedDate, bookedDates: []), "reschedule, startDue, cancel"),
        (.inProgress(request: request, date: agreedDate), .deliver(checklist: checklist), "finishAssessment, cancel"),
        (.reporting(request: request, date: agreedDate), .reschedule(date: agreedDate, bookedDates: []), "deliver, cancel"),
        (.delivered(request: request, date: agreedDate, checklist: checklist), .confirmDate, "confirm, autoCloseDue, cancel"),
    ])
    func anInvalidEventNamesTheStateTheEventAndWhatIsAllowed(state: State, event: Event, allowed: String) throws {
        let error = try #require(refusal(event, in: state))
        #expect(error.code == .invalidTransition)
        #expect(error.state == state.name)
        #expect(error.event == event.name)
        #expect(error.reason == "health-check in state '\(state.name)' does not accept '\(event.name)' (allowed there: \(allowed))")
    }

    @Test(
        arguments: zip(
            nonTerminalStates + terminalStates,
            [Mover.tam, .customer, .system, .group("health-check"), .group("health-check"), .customer, .nobody, .nobody]
        ))
    func everyStateHasItsMover(state: State, mover: Mover) {
        #expect(workflow.mover(of: state) == mover)
    }

    // MARK: - The diagram

    typealias Step = EdgeReplay<HealthCheckWorkflow>

    /// One way to take each diagram edge, at ``today``.
    static func step(for edge: StateDiagram.Edge) -> Step? {
        switch (edge.from, edge.event) {
        case ("requested", "start"): return .start(Input(calendar: "support-berlin", contractStart: date("2025-06-15")))
        case ("scheduling", "confirmDate"): return .decide(nonTerminalStates[1], .confirmDate)
        case (let from, let event):
            guard let state = nonTerminalStates.first(where: { $0.name == from }),
                let event = events.first(where: { $0.name == event })
            else { return nil }
            return .decide(state, event)
        }
    }

    @Test(arguments: HealthCheckWorkflow.diagram.edges)
    func everyDiagramEdgeIsReplayedThroughTheWorkflow(edge: StateDiagram.Edge) throws {
        try DiagramConformance.replay(edge, of: workflow, by: Self.step(for: edge), context: Self.context(Self.today))
    }

    @Test func theTableNamesEveryEventOnce() throws {
        try DiagramConformance.tableNamesEveryEvent(of: HealthCheckWorkflow.self, events: Self.events)
    }

    @Test func everyEventAcceptedInAnyStateIsADiagramEdge() {
        DiagramConformance.acceptedEventsAreEdges(
            of: workflow,
            diagram: HealthCheckWorkflow.diagram,
            nonTerminal: Self.nonTerminalStates,
            terminal: Self.terminalStates,
            events: Self.events,
            context: Self.context(Self.today)
        )
    }

    // MARK: - Codable

    @Test(arguments: nonTerminalStates + terminalStates)
    func everyStateSurvivesAJSONRoundTrip(state: State) throws {
        #expect(try JSONCoding.decoder.decode(State.self, from: JSONCoding.encoder.encode(state)) == state)
    }

    @Test(arguments: events)
    func everyEventSurvivesAJSONRoundTrip(event: Event) throws {
        #expect(try JSONCoding.decoder.decode(Event.self, from: JSONCoding.encoder.encode(event)) == event)
    }

    @Test func inputsAndChecklistItemsSurviveAJSONRoundTrip() throws {
        let full = Input(
            calendar: "support-berlin", contractStart: Self.date("2025-06-15"), bookedDates: [Self.date("2025-09-10")],
            proposedDate: Self.agreedDate)
        #expect(try JSONCoding.decoder.decode(Input.self, from: JSONCoding.encoder.encode(full)) == full)
        let minimal = try JSONCoding.decoder.decode(
            Input.self,
            from: Data(#"{"calendar":"support-berlin","contractStart":"2025-06-15"}"#.utf8)
        )
        #expect(minimal == Input(calendar: "support-berlin", contractStart: Self.date("2025-06-15")))
        let item = try JSONCoding.decoder.decode(
            Item.self,
            from: Data(#"{"finding":"RDP open to the internet","severity":"critical","recommendation":"Close port 3389"}"#.utf8)
        )
        #expect(item == Item(finding: "RDP open to the internet", severity: .critical, recommendation: "Close port 3389"))
    }

    @Test func theEngineRunsItFromJSON() throws {
        let erased = AnyWorkflow(workflow)
        #expect(erased.type == "health-check")
        let started = try erased.start(
            input: Data(#"{"calendar":"support-berlin","contractStart":"2025-06-15","bookedDates":[]}"#.utf8),
            context: Self.context(Self.today)
        )
        #expect(started.stateName == "scheduling")
        #expect(started.mover == .tam)
        let proposed = try erased.decide(
            state: started.state,
            event: Data(#"{"proposeDate":{"date":"2026-03-17","bookedDates":["2026-09-01"]}}"#.utf8),
            context: Self.context(Self.today)
        )
        #expect(proposed.stateName == "scheduling")
        #expect(proposed.mover == .customer)
    }
}
