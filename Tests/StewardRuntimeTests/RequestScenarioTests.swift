import Foundation
import StewardCore
import StewardMSA
import StewardMSAStore
import StewardPostgres
import StewardTestSupport
import Testing

/// Private patches, antivirus database releases and health checks through the engine on a real
/// database: what a customer files, what the groups see, what the TAM is told.
@Suite struct RequestScenarioTests {
    static let policy = IncidentScenarioTests.policy

    func withRequests(_ body: (EngineFixture, WorkflowEngine, TaskBoard) async throws -> Void) async throws {
        try await TestPostgres.withDatabase { database in
            try await database.seed(group: "enterprise-engineering", members: ["erin"])
            try await database.seed(group: "virus-lab", members: ["viktor"])
            try await database.seed(group: "av-release", members: ["rita"])
            try await database.seed(group: "tam", members: ["tom", "dana"])
            try await database.client.query("UPDATE staff SET calendar = 'berlin-support' WHERE staff_id = 'tom'")
            try await database.client.query("INSERT INTO duty_fallback (staff_id) VALUES ('dana')")
            try await database.client.query("UPDATE customers SET tam_id = 'tom'")
            let fixture = EngineFixture(database: database)
            let engine = WorkflowEngine(
                client: database.client,
                registry: WorkflowRegistry([
                    AnyWorkflow(PrivatePatchWorkflow(lifecycle: Self.policy.products)),
                    AnyWorkflow(AVDatabaseReleaseWorkflow()),
                    AnyWorkflow(HealthCheckWorkflow(calendars: Self.policy.calendars)),
                ]),
                clock: fixture.clock,
                routing: NotificationRouter(calendars: Self.policy.calendars, logger: TestPostgres.logger),
                logger: TestPostgres.logger
            )
            try await body(fixture, engine, TaskBoard(engine: engine))
        }
    }

    @Test func aPatchForAVersionOutOfTheLifecycleIsRejectedWithTheReason() async throws {
        try await withRequests { fixture, engine, board in
            // endpoint-security 10.1 was supported until 28 February 2026; 11.0 until June 2027.
            let rejected = try await engine.start(
                PrivatePatchWorkflow.self,
                customerID: "acme",
                input: .init(product: "endpoint-security", version: "10.1", description: "scanner crash on boot"),
                actor: .customer("acme-bob")
            ).workflow
            #expect(rejected.stateName == "rejected")
            #expect(String(decoding: rejected.state, as: UTF8.self).contains("2026-02-28"))
            #expect(try await board.queue(group: "enterprise-engineering").isEmpty)

            let accepted = try await engine.start(
                PrivatePatchWorkflow.self,
                customerID: "acme",
                input: .init(product: "endpoint-security", version: "11.0", description: "scanner crash on boot"),
                actor: .customer("acme-bob")
            ).workflow
            #expect(accepted.stateName == "in_development")
            #expect(try await board.queue(group: "enterprise-engineering").map(\.workflowID) == [accepted.id])
        }
    }

    @Test func anAntivirusReleaseTellsTheTAMAtEveryStep() async throws {
        try await withRequests { fixture, engine, board in
            // Tuesday 24 November 2026 12:00 UTC: 13:00 in Berlin, inside Tom's hours.
            let release = try await engine.start(
                AVDatabaseReleaseWorkflow.self,
                customerID: "acme",
                input: .init(kind: .falsePositive, sampleReference: "sample-4711", description: "payroll.exe quarantined"),
                actor: .customer("acme-bob")
            ).workflow.id
            let analysis = try #require(try await board.queue(group: "virus-lab").first)
            try await board.complete(
                taskID: analysis.id, by: "viktor", outcome: JSONCoding.encoder.encode(AVDatabaseReleaseWorkflow.Event.approveRelease))
            let preparation = try #require(try await board.queue(group: "av-release").first)
            let released = try await board.complete(
                taskID: preparation.id,
                by: "rita",
                outcome: JSONCoding.encoder.encode(AVDatabaseReleaseWorkflow.Event.release(urgentReleaseID: "urgent-2026-11-24-01"))
            )
            #expect(released.stateName == "released")
            let toldTheTAM = try await fixture.database.count(
                "SELECT count(*)::int8 FROM outbox WHERE workflow_id = \(release) AND recipient = 'staff:tom'"
            )
            #expect(toldTheTAM == 3)
        }
    }

    @Test func aHealthCheckDateIsRefusedAt13DaysAndAcceptedAt14() async throws {
        try await withRequests { fixture, engine, _ in
            // Today is Tuesday 24 November 2026 in Berlin. 7 December (13 days) and 8 December (14 days)
            // are a Monday and a Tuesday.
            let check = try await engine.start(
                HealthCheckWorkflow.self,
                customerID: "acme",
                input: .init(calendar: "berlin-support", contractStart: LocalDate("2026-01-15")!),
                actor: .staff("tom")
            ).workflow.id
            let tooSoon = try await #require(throws: EngineError.self) {
                try await engine.send(
                    HealthCheckWorkflow.self,
                    workflowID: check,
                    event: .proposeDate(date: LocalDate("2026-12-07")!, bookedDates: []),
                    actor: .staff("tom")
                )
            }
            #expect(tooSoon.transition?.code == .ruleViolated)
            #expect(tooSoon.description.contains("14"))
            let proposed = try await engine.send(
                HealthCheckWorkflow.self,
                workflowID: check,
                event: .proposeDate(date: LocalDate("2026-12-08")!, bookedDates: []),
                actor: .staff("tom")
            )
            #expect(proposed.version == 2)
            let confirmed = try await engine.send(
                HealthCheckWorkflow.self, workflowID: check, event: .confirmDate, actor: .customer("acme-bob"))
            #expect(confirmed.stateName == "scheduled")
            // The start timer waits for 09:00 Berlin on the agreed day.
            let starts = try await fixture.database.count(
                "SELECT count(*)::int8 FROM jobs WHERE kind = 'timer' AND run_at = '2026-12-08T08:00:00Z'"
            )
            #expect(starts == 1)
        }
    }
}
