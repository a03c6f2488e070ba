import Foundation
import Testing

@testable import StewardCore

// Every expected instant is written in UTC and worked out by hand in the comment beside it.
// The support calendar is Europe/Berlin, Mon–Fri 09:00–18:00 (CET +01:00 in March 2026, so 08:00Z–17:00Z).
// 2026-03-10 is a Tuesday, 03-13 a Friday, 03-14 a Saturday, 03-16 a Monday.
// Contract policy: severity 1 30 min round the clock, severity 3 6 h of business time.

/// A constant instant of this file; the strings are literals, so `try!`.
private func instant(_ iso8601: String) -> Date {
    try! Date(iso8601, strategy: .iso8601)
}

private func json(_ text: String) -> Data {
    Data(text.utf8)
}

/// A tiny request type with a first-response clock, so the type-erased API can be seen end to end.
private struct Callback: Workflow {
    static let type = "callback"
    static let customerEvents: Set<String> = ["hangUp"]
    static let timerEvents: Set<String> = ["breachDue"]
    static let slaBreachEvents: Set<String> = ["breachDue"]
    static let staffOnlyEvents: Set<String> = ["note"]

    struct Contact: Codable, Sendable, Equatable {
        var name: String
        var phone: String?
    }

    struct Input: Codable, Sendable, Equatable {
        var summary: String
        var severity: Severity
        var contacts: [Contact]
    }

    enum State: WorkflowState {
        case waiting(clock: SLAClock)
        case answered(clock: SLAClock)

        var name: String {
            switch self {
            case .waiting: "waiting"
            case .answered: "answered"
            }
        }

        var isTerminal: Bool { false }

        var clock: SLAClock {
            switch self {
            case .waiting(let clock), .answered(let clock): clock
            }
        }
    }

    enum Event: WorkflowEvent {
        case answer(message: String)
        case note(text: String)
        case breachDue
        case hangUp

        var name: String {
            switch self {
            case .answer: "answer"
            case .note: "note"
            case .breachDue: "breachDue"
            case .hangUp: "hangUp"
            }
        }
    }

    let version = 1

    func start(_ input: Input, context: WorkflowContext) throws(TransitionError) -> Transition<State, Event> {
        let (clock, _) = SLAClock.start(
            receivedAt: context.now,
            severity: input.severity,
            tier: .standard,
            policy: .contract,
            supportCalendar: Support.berlin,
            at: context.now
        )
        return Transition(to: .waiting(clock: clock))
    }

    func decide(
        _ state: State, on event: Event, context: WorkflowContext
    ) throws(TransitionError)
        -> Transition<State, Event>
    {
        switch (state, event) {
        case (.waiting(let clock), .answer):
            return Transition(to: .answered(clock: clock.respond(at: context.now, supportCalendar: Support.berlin).clock))
        case (.waiting(let clock), .breachDue):
            return Transition(to: .waiting(clock: clock.breachDue(at: context.now).clock))
        case (let state, .note), (let state, .hangUp):
            return Transition(to: state)
        default:
            throw .invalid(Self.type, state: state.name, event: event.name)
        }
    }

    func mover(of state: State) -> Mover { .group("support") }

    func slaFigures(of state: State) -> SLAFigures? {
        SLAFigures(clock: state.clock, supportCalendar: Support.berlin)
    }

    func slaCalendar(named name: String) -> BusinessCalendar? {
        name == Support.berlin.name ? Support.berlin : nil
    }
}

/// A request type without an SLA; every audience set is the protocol's default.
private struct Note: Workflow {
    static let type = "note"
    struct Input: Codable, Sendable { var text: String }
    enum State: String, WorkflowState {
        case written
        var name: String { rawValue }
        var isTerminal: Bool { true }
    }
    enum Event: String, WorkflowEvent {
        case nothing
        var name: String { rawValue }
    }
    let version = 1

    func start(_ input: Input, context: WorkflowContext) throws(TransitionError) -> Transition<State, Event> {
        Transition(to: .written)
    }

    func decide(
        _ state: State, on event: Event, context: WorkflowContext
    ) throws(TransitionError)
        -> Transition<State, Event>
    {
        throw .invalid(Self.type, state: state.name, event: event.name)
    }

    func mover(of state: State) -> Mover { .nobody }
}

private enum Support {
    static let mondayToFriday: [Locale.Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// Berlin, Mon–Fri 09:00–18:00, no holidays; a constant, so `try!`.
    static let berlin = try! BusinessCalendar(
        name: "support-berlin",
        timeZoneIdentifier: "Europe/Berlin",
        weeklyHours: Dictionary(uniqueKeysWithValues: mondayToFriday.map { ($0, [WorkingHours("09:00-18:00")!]) })
    )

    static func context(_ now: String) -> WorkflowContext {
        WorkflowContext(
            now: instant(now),
            workflowID: UUID(uuidString: "00000000-0000-0000-0000-0000000ca11b")!,
            customerID: "acme",
            actor: .staff("sam")
        )
    }

    /// A clock started at `receivedAt` in the Berlin calendar under the contract policy.
    static func clock(_ severity: Severity, receivedAt: String) -> SLAClock {
        SLAClock.start(
            receivedAt: instant(receivedAt),
            severity: severity,
            tier: .standard,
            policy: .contract,
            supportCalendar: berlin,
            at: instant(receivedAt)
        ).clock
    }

    static func status(of clock: SLAClock, at now: String) -> SLAStatus {
        clock.status(at: instant(now), supportCalendar: berlin)
    }
}

@Suite struct StrictJSONTests {
    struct Item: Codable, Equatable {
        var name: String
        var count: Int?
    }

    struct Order: Codable, Equatable {
        var id: String
        var placedAt: Date
        var items: [Item]
        var note: String?
    }

    static let order = #"{"id": "o-1", "placedAt": "2026-03-10T10:00:00Z", "items": [{"name": "a"}, {"name": "b", "count": 2}]}"#

    // MARK: decodeStrictly

    @Test func aValueRoundTrips() throws {
        let decoded = try JSONCoding.decodeStrictly(json(Self.order), as: Order.self)
        #expect(
            decoded
                == Order(
                    id: "o-1",
                    placedAt: instant("2026-03-10T10:00:00Z"),
                    items: [Item(name: "a", count: nil), Item(name: "b", count: 2)],
                    note: nil
                )
        )
        let again = try JSONCoding.decodeStrictly(try JSONCoding.encoder.encode(decoded), as: Order.self)
        #expect(again == decoded)
    }

    struct UnknownRow: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let json: String
        let field: String
    }

    static let unknownRows: [UnknownRow] = [
        UnknownRow(
            testDescription: "top level",
            json: #"{"id": "o-1", "placedAt": "2026-03-10T10:00:00Z", "items": [], "priority": "high"}"#,
            field: "priority"
        ),
        UnknownRow(
            testDescription: "inside an array element",
            json: #"{"id": "o-1", "placedAt": "2026-03-10T10:00:00Z", "items": [{"name": "a"}, {"name": "b", "colour": "red"}]}"#,
            field: "items[1].colour"
        ),
        UnknownRow(
            testDescription: "an unknown object",
            json: #"{"id": "o-1", "placedAt": "2026-03-10T10:00:00Z", "items": [], "extra": {}}"#,
            field: "extra"
        ),
    ]

    @Test(arguments: unknownRows)
    func anUnknownFieldIsNamedWithItsPath(row: UnknownRow) {
        let refusal = #expect(throws: JSONRefusal.self) { try JSONCoding.decodeStrictly(json(row.json), as: Order.self) }
        #expect(refusal?.field == row.field)
        #expect(refusal?.reason.contains("'\(row.field)'") == true)
    }

    @Test(arguments: ["2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-04-31T00:00:00Z", "26-02-01T10:00:00Z"])
    func anInstantOnADayThatDoesNotExistIsRefused(text: String) {
        #expect(throws: DecodingError.self) { try JSONCoding.decoder.decode(Date.self, from: Data("\"\(text)\"".utf8)) }
    }

    @Test func theFirstUnknownFieldInKeyOrderIsTheOneNamed() {
        let text = #"{"id": "o-1", "placedAt": "2026-03-10T10:00:00Z", "items": [], "zebra": 1, "alpha": 2}"#
        let refusal = #expect(throws: JSONRefusal.self) { try JSONCoding.decodeStrictly(json(text), as: Order.self) }
        #expect(refusal?.field == "alpha")
    }

    @Test func nullValuedKeysCountAsAbsent() throws {
        let text =
            #"{"id": "o-1", "placedAt": "2026-03-10T10:00:00Z", "items": [{"name": "a", "count": null}], "note": null, "legacy": null}"#
        let decoded = try JSONCoding.decodeStrictly(json(text), as: Order.self)
        #expect(decoded.items == [Item(name: "a", count: nil)])
        #expect(decoded.note == nil)
    }

    @Test func aWrongTypeNamesTheField() {
        let top = #"{"id": 7, "placedAt": "2026-03-10T10:00:00Z", "items": []}"#
        let refusal = #expect(throws: JSONRefusal.self) { try JSONCoding.decodeStrictly(json(top), as: Order.self) }
        #expect(refusal?.field == "id")
        #expect(refusal?.reason.contains("'id'") == true)
    }

    @Test func aWrongTypeInsideAnArrayNamesTheFieldLikeAnUnknownOne() {
        // The same path form as unknown fields: `items[1].count`, as fieldPath's documentation writes it.
        let nested = #"{"id": "o-1", "placedAt": "2026-03-10T10:00:00Z", "items": [{"name": "a"}, {"name": "b", "count": "two"}]}"#
        let refusal = #expect(throws: JSONRefusal.self) { try JSONCoding.decodeStrictly(json(nested), as: Order.self) }
        #expect(refusal?.field == "items[1].count")
    }

    @Test func aMissingFieldIsNamed() {
        let text = #"{"placedAt": "2026-03-10T10:00:00Z", "items": []}"#
        let refusal = #expect(throws: JSONRefusal.self) { try JSONCoding.decodeStrictly(json(text), as: Order.self) }
        #expect(refusal?.field == "id")
    }

    @Test func aBadInstantNamesTheFieldAndShowsTheForm() {
        let text = #"{"id": "o-1", "placedAt": "yesterday", "items": []}"#
        let refusal = #expect(throws: JSONRefusal.self) { try JSONCoding.decodeStrictly(json(text), as: Order.self) }
        #expect(refusal?.field == "placedAt")
        #expect(refusal?.reason.contains("ISO-8601") == true)
    }

    // MARK: unknownFields

    @Test func unknownFieldsWalksObjectsAndArrays() {
        let original: [String: Any] = [
            "a": ["b": 1, "c": 2],
            "list": [["x": 1], ["x": 1, "y": 2]],
            "gone": NSNull(),
            "top": true,
        ]
        let known: [String: Any] = [
            "a": ["b": 1],
            "list": [["x": 1], ["x": 1]],
        ]
        #expect(JSONCoding.unknownFields(in: original, comparedTo: known) == ["a.c", "list[1].y", "top"])
    }

    @Test func unknownFieldsFindsNothingInKnownOrScalarValues() {
        #expect(JSONCoding.unknownFields(in: ["a": ["b": 1]], comparedTo: ["a": ["b": 2, "c": 3]]).isEmpty)
        #expect(JSONCoding.unknownFields(in: 1, comparedTo: "x").isEmpty)
        #expect(JSONCoding.unknownFields(in: [1, 2], comparedTo: [1]).isEmpty)
    }

    @Test func unknownFieldsNamesTopLevelArrayElements() {
        let original: [Any] = [["k": 1], ["k": 1, "z": 0]]
        let known: [Any] = [["k": 1], ["k": 1]]
        #expect(JSONCoding.unknownFields(in: original, comparedTo: known) == ["[1].z"])
    }

    // MARK: AnyWorkflow

    static let callback = AnyWorkflow(Callback())
    static let input =
        #"{"summary": "Scanner hangs", "severity": 1, "contacts": [{"name": "Ann", "phone": null}, {"name": "Bo", "phone": "+49 30 1"}]}"#

    @Test func aGoodInputPasses() throws {
        try Self.callback.check(input: json(Self.input))
    }

    @Test(arguments: [
        (#"{"summary": "s", "severity": 1, "contacts": [], "priority": 1}"#, "priority"),
        (#"{"summary": "s", "severity": 1, "contacts": [{"name": "Ann"}, {"name": "Bo", "email": "b@x"}]}"#, "contacts[1].email"),
        (#"{"summary": "s", "severity": "high", "contacts": []}"#, "severity"),
        (#"{"summary": "s", "contacts": []}"#, "severity"),
        (#"{"summary": "s", "severity": 1, "contacts": [{"name": 5}]}"#, "contacts[0].name"),
    ])
    func aBadInputIsRefusedNamingTheField(text: String, field: String) {
        let error = #expect(throws: TransitionError.self) { try Self.callback.check(input: json(text)) }
        #expect(error?.code == .undecodable)
        #expect(error?.workflowType == "callback")
        #expect(error?.field == field)
        #expect(error?.reason.contains("callback input") == true)
        #expect(error?.reason.contains(field) == true)
    }

    @Test func aNullValuedInputFieldIsAbsent() throws {
        try Self.callback.check(input: json(#"{"summary": "s", "severity": 4, "contacts": [], "unknown": null}"#))
    }

    @Test(arguments: [
        (#"{"answer": {"message": "Calling you now"}}"#, "answer"),
        (#"{"hangUp": {}}"#, "hangUp"),
        (#"{"note": {"text": "n"}}"#, "note"),
    ])
    func aGoodEventPassesAndIsNamed(text: String, name: String) throws {
        #expect(try Self.callback.check(event: json(text)) == name)
    }

    @Test(arguments: [
        (#"{"answer": {"message": "m", "urgent": true}}"#, "answer.urgent"),
        (#"{"hangUp": {"reason": "bored"}}"#, "hangUp.reason"),
        (#"{"answer": {}}"#, "answer.message"),
        (#"{"answer": {"message": 3}}"#, "answer.message"),
    ])
    func aBadEventIsRefusedNamingTheField(text: String, field: String) {
        let error = #expect(throws: TransitionError.self) { try Self.callback.check(event: json(text)) }
        #expect(error?.code == .undecodable)
        #expect(error?.field == field)
        #expect(error?.reason.contains("callback event") == true)
    }

    @Test(arguments: [#"{"ring": {}}"#, #"{"answer": {"message": "m"}, "hangUp": {}}"#, "[]", "not json"])
    func anEventThatIsNoEventIsRefused(text: String) {
        let error = #expect(throws: TransitionError.self) { try Self.callback.check(event: json(text)) }
        #expect(error?.code == .undecodable)
    }

    @Test func theAudienceSetsComeFromTheType() {
        #expect(Self.callback.customerEvents == ["hangUp"])
        #expect(Self.callback.timerEvents == ["breachDue"])
        #expect(Self.callback.slaBreachEvents == ["breachDue"])
        #expect(Self.callback.staffOnlyEvents == ["note"])
        let note = AnyWorkflow(Note())
        #expect(note.customerEvents.isEmpty && note.timerEvents.isEmpty)
        #expect(note.slaBreachEvents.isEmpty && note.staffOnlyEvents.isEmpty)
    }

    @Test func theSLAStatusIsReadFromTheStoredState() throws {
        // Severity 1 filed Tue 2026-03-10 10:00Z: due 10:30Z round the clock.
        let filed = try Self.callback.start(input: json(Self.input), context: Support.context("2026-03-10T10:00:00Z"))
        let running = try #require(Self.callback.slaStatus(state: filed.state, at: instant("2026-03-10T10:10:00Z")))
        #expect(running.standing == .running)
        #expect(running.severity == .critical)
        #expect(running.dueAt == instant("2026-03-10T10:30:00Z"))
        #expect(running.remainingSeconds == 20 * 60)

        let answered = try Self.callback.decide(
            state: filed.state,
            event: json(#"{"answer": {"message": "On it"}}"#),
            context: Support.context("2026-03-10T10:20:00Z")
        )
        let met = try #require(Self.callback.slaStatus(state: answered.state, at: instant("2026-03-10T12:00:00Z")))
        #expect(met.standing == .met)
        #expect(met.firstResponseAt == instant("2026-03-10T10:20:00Z"))
        #expect(met.remainingSeconds == 10 * 60)
    }

    @Test func noSLAStatusWithoutOneOrForAStateThatDoesNotDecode() throws {
        let note = AnyWorkflow(Note())
        let written = try note.start(input: json(#"{"text": "t"}"#), context: Support.context("2026-03-10T10:00:00Z"))
        #expect(note.slaStatus(state: written.state, at: instant("2026-03-10T10:00:00Z")) == nil)
        #expect(Self.callback.slaStatus(state: json(#"{"gone": {}}"#), at: instant("2026-03-10T10:00:00Z")) == nil)
    }

    // MARK: SLAStatus

    @Test func runningWhileTheDueInstantIsAhead() {
        // Severity 1 received 10:00Z, due 10:30Z; one second before it, one second is left.
        let clock = Support.clock(.critical, receivedAt: "2026-03-10T10:00:00Z")
        let status = Support.status(of: clock, at: "2026-03-10T10:29:59Z")
        #expect(status.standing == .running)
        #expect(status.remainingSeconds == 1)
        #expect(status.receivedAt == instant("2026-03-10T10:00:00Z"))
        #expect(status.dueAt == instant("2026-03-10T10:30:00Z"))
        #expect(status.firstResponseAt == nil)
        #expect(status.breachedAt == nil)
    }

    @Test func metOnceAnsweredInTimeWithTheRemainingTimeFrozen() {
        let clock = Support.clock(.critical, receivedAt: "2026-03-10T10:00:00Z")
            .respond(at: instant("2026-03-10T10:12:00Z"), supportCalendar: Support.berlin).clock
        // Read a day later: still the 18 minutes that were left at the response.
        let status = Support.status(of: clock, at: "2026-03-11T10:00:00Z")
        #expect(status.standing == .met)
        #expect(status.remainingSeconds == 18 * 60)
        #expect(status.firstResponseAt == instant("2026-03-10T10:12:00Z"))
        #expect(status.breachedAt == nil)
    }

    @Test func breachedOnceTheBreachIsRecorded() {
        let clock = Support.clock(.critical, receivedAt: "2026-03-10T10:00:00Z").breachDue(at: instant("2026-03-10T10:30:00Z")).clock
        let status = Support.status(of: clock, at: "2026-03-10T10:45:00Z")
        #expect(status.standing == .breached)
        #expect(status.breachedAt == instant("2026-03-10T10:30:00Z"))
        #expect(status.remainingSeconds == -15 * 60)
    }

    @Test func pastDueButBreachNotYetRecordedIsBreached() {
        let clock = Support.clock(.critical, receivedAt: "2026-03-10T10:00:00Z")
        let status = Support.status(of: clock, at: "2026-03-10T10:31:00Z")
        #expect(clock.breachedAt == nil)
        #expect(status.standing == .breached)
        #expect(status.breachedAt == nil)
        #expect(status.remainingSeconds == -60)
    }

    @Test func aLateAnswerIsBreachedWithTheNegativeRemainderFrozen() {
        let clock = Support.clock(.critical, receivedAt: "2026-03-10T10:00:00Z")
            .respond(at: instant("2026-03-10T10:40:00Z"), supportCalendar: Support.berlin).clock
        let status = Support.status(of: clock, at: "2026-03-10T12:00:00Z")
        #expect(status.standing == .breached)
        #expect(status.firstResponseAt == instant("2026-03-10T10:40:00Z"))
        #expect(status.breachedAt == instant("2026-03-10T10:30:00Z"))
        #expect(status.remainingSeconds == -10 * 60)
    }

    @Test func businessTimeStandsStillOverTheWeekend() {
        // Severity 3 received Fri 2026-03-13 17:00 Berlin (16:00Z): 1 h on Friday, 5 h from Monday 09:00,
        // so due Mon 2026-03-16 14:00 Berlin (13:00Z).
        let clock = Support.clock(.medium, receivedAt: "2026-03-13T16:00:00Z")
        #expect(clock.dueAt == instant("2026-03-16T13:00:00Z"))
        let saturday = Support.status(of: clock, at: "2026-03-14T12:00:00Z")
        #expect(saturday.standing == .running)
        #expect(saturday.remainingSeconds == 5 * 3_600)
        // Mon 15:00 Berlin (14:00Z): one business hour past due.
        let monday = Support.status(of: clock, at: "2026-03-16T14:00:00Z")
        #expect(monday.standing == .breached)
        #expect(monday.remainingSeconds == -3_600)
    }

    @Test func pastDueAfterHoursIsBreachedThoughNoBusinessTimeIsLeftOrLost() {
        // Severity 3 received Fri 2026-03-13 12:00 Berlin (11:00Z): six hours end at 18:00 (17:00Z).
        // At 21:00 Berlin (20:00Z) no business time lies between due and now, but it is past due.
        let clock = Support.clock(.medium, receivedAt: "2026-03-13T11:00:00Z")
        #expect(clock.dueAt == instant("2026-03-13T17:00:00Z"))
        let status = Support.status(of: clock, at: "2026-03-13T20:00:00Z")
        #expect(status.standing == .breached)
        #expect(status.remainingSeconds == 0)
    }

    @Test func theStatusEncodesItsStanding() throws {
        let clock = Support.clock(.critical, receivedAt: "2026-03-10T10:00:00Z")
        let status = Support.status(of: clock, at: "2026-03-10T10:10:00Z")
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONCoding.encoder.encode(status)) as? [String: Any]
        )
        #expect(object["standing"] as? String == "running")
        #expect(object["remainingSeconds"] as? Int == 20 * 60)
        #expect(try JSONCoding.decoder.decode(SLAStatus.self, from: JSONCoding.encoder.encode(status)) == status)
    }
}
