import Foundation
import StewardCore
import StewardMSA
import StewardMSAStore
import StewardPostgres
import StewardRuntime
import StewardTestSupport
import Testing

/// Incidents driven through the engine, the routing and the workers on a real database, with a
/// clock the test moves.
@Suite struct IncidentScenarioTests {
    static let policy = try! MSAPolicy.load(
        from: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("workflows")
    )

    static func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    /// A fresh database with acme's TAM tom (Berlin hours) and the duty manager dana.
    func withIncidents(_ body: (EngineFixture, WorkflowEngine) async throws -> Void) async throws {
        try await TestPostgres.withDatabase { database in
            try await database.seed(members: ["alice", "bob"])
            try await database.seed(group: "tam", members: ["tom", "dana"])
            try await database.client.query("UPDATE staff SET calendar = 'berlin-support' WHERE staff_id = 'tom'")
            try await database.client.query("INSERT INTO duty_fallback (staff_id) VALUES ('dana')")
            try await database.client.query("UPDATE customers SET tam_id = 'tom', support_calendar = 'berlin-support'")
            try await database.seed(contact: "ada", of: "acme")
            let fixture = EngineFixture(database: database)
            let engine = WorkflowEngine(
                client: database.client,
                registry: WorkflowRegistry([
                    AnyWorkflow(IncidentWorkflow(policy: IncidentPolicy(sla: Self.policy.sla, calendars: Self.policy.calendars)))
                ]),
                clock: fixture.clock,
                routing: NotificationRouter(calendars: Self.policy.calendars, logger: TestPostgres.logger),
                logger: TestPostgres.logger
            )
            try await body(fixture, engine)
        }
    }

    func timers(_ fixture: EngineFixture) async throws -> [String: Date] {
        var timers: [String: Date] = [:]
        let rows = try await fixture.database.client.query("SELECT name, run_at FROM jobs WHERE kind = 'timer'")
        for try await (name, runAt) in rows.decode((String, Date).self) { timers[name] = runAt }
        return timers
    }

    func recipients(_ fixture: EngineFixture, template: String) async throws -> [String] {
        var recipients: [String] = []
        let rows = try await fixture.database.client.query(
            "SELECT recipient FROM outbox WHERE template = \(template) ORDER BY outbox_id"
        )
        for try await recipient in rows.decode(String.self) { recipients.append(recipient) }
        return recipients
    }

    @Test func aSeverity3FiledFridayEveningIsWarnedOnMondayAndAnsweredInTime() async throws {
        try await withIncidents { fixture, engine in
            // Friday 27 November 2026, 17:00 in Berlin (UTC+1).
            fixture.clock.set(Self.instant("2026-11-27T16:00:00Z"))
            let incident = try await engine.start(
                IncidentWorkflow.self,
                customerID: "acme",
                input: .init(
                    summary: "Scans stall on the file servers",
                    severity: .medium,
                    tier: .enterprise,
                    channel: .portal,
                    supportCalendar: "berlin-support"
                ),
                actor: .customer("acme-bob")
            ).workflow.id
            // 6 business hours: Friday 17:00–18:00 is 1 h, Monday 09:00–14:00 the other 5.
            // Warnings at 50 % (3 h: Monday 11:00) and 80 % (4 h 48 min: Monday 12:48).
            let scheduled = try await timers(fixture)
            #expect(scheduled["sla-warning-50"] == Self.instant("2026-11-30T10:00:00Z"))
            #expect(scheduled["sla-warning-80"] == Self.instant("2026-11-30T11:48:00Z"))
            #expect(scheduled["sla-breach"] == Self.instant("2026-11-30T13:00:00Z"))

            try await withWorkers(engine: engine, queue: fixture.queue) { pools in
                for (moment, warnings) in [("2026-11-30T10:00:00Z", 1), ("2026-11-30T11:48:00Z", 2)] {
                    fixture.clock.set(Self.instant(moment))
                    pools[0].wake()
                    try await EngineFixture.eventually("warning \(warnings) to be written and delivered") {
                        try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE status = 'sent'") == warnings
                    }
                }
            }
            // Monday in Berlin hours: the TAM himself hears of both.
            #expect(try await recipients(fixture, template: "sla-warning") == ["staff:tom", "staff:tom"])

            // Alice claims the respond task and answers at 13:30, half an hour before the target.
            fixture.clock.set(Self.instant("2026-11-30T12:30:00Z"))
            let board = TaskBoard(engine: engine)
            let task = try #require(try await board.queue(group: "support").first { $0.name == "respond" })
            try await board.claim(taskID: task.id, by: "alice")
            let answered = try await board.complete(
                taskID: task.id,
                by: "alice",
                outcome: JSONCoding.encoder.encode(IncidentWorkflow.Event.respond(message: "We are on it: please send the scan logs."))
            )
            #expect(answered.stateName == "in_progress")
            let clock = try answered.state(as: IncidentWorkflow.self).incident.clock
            #expect(clock.isMet)
            #expect(clock.firstResponse?.businessTime == .seconds(5.5 * 3_600))
            #expect(try await timers(fixture)["sla-breach"] == nil)
            let history = try await engine.history(workflowID: incident).map(\.event)
            #expect(history == ["start", "slaWarningDue", "slaWarningDue", "respond"])
        }
    }

    @Test func aSeverity1AtNightBreachesToTheDutyManagerAndGetsDailyReports() async throws {
        try await withIncidents { fixture, engine in
            try await fixture.database.seed(group: "duty-managers", members: ["dana"])
            // Wednesday 25 November 2026, 02:00 in Berlin: outside the TAM's hours.
            fixture.clock.set(Self.instant("2026-11-25T01:00:00Z"))
            let incident = try await engine.start(
                IncidentWorkflow.self,
                customerID: "acme",
                input: .init(
                    summary: "Update server down",
                    severity: .critical,
                    tier: .enterprise,
                    channel: .phone,
                    supportCalendar: "berlin-support"
                ),
                actor: .staff("alice")
            ).workflow.id
            #expect(try await timers(fixture)["sla-breach"] == Self.instant("2026-11-25T01:30:00Z"))
            try await withWorkers(engine: engine, queue: fixture.queue) { pools in
                fixture.clock.set(Self.instant("2026-11-25T01:31:00Z"))
                pools[0].wake()
                try await EngineFixture.eventually("the breach to be recorded and its escalation delivered") {
                    try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE template = 'sla-breach' AND status = 'sent'")
                        == 1
                }
                fixture.clock.set(Self.instant("2026-11-26T01:00:00Z"))
                pools[0].wake()
                try await EngineFixture.eventually("the first daily report") {
                    try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE template = 'daily-report'") >= 1
                }
            }
            // At 02:31 Berlin the TAM is off: the duty manager on the rota (the fallback, dana) is told.
            #expect(try await recipients(fixture, template: "sla-breach") == ["staff:dana"])
            // The breach is escalated to the duty managers' group too, in the same transition.
            #expect(try await recipients(fixture, template: "sla-escalation") == ["staff:dana"])
            #expect(try await recipients(fixture, template: "daily-report").contains("contact:ada"))
            let history = try await engine.history(workflowID: incident).map(\.event)
            #expect(history.filter { $0 == "slaBreachDue" }.count == 1)
            #expect(try await timers(fixture)["daily-report"] == Self.instant("2026-11-27T01:00:00Z"))
        }
    }
}
