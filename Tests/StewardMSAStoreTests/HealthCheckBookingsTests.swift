import Foundation
import StewardCore
import StewardMSA
import StewardMSAStore
import StewardPostgres
import StewardTestSupport
import Testing

/// The one-health-check-per-contract-year quota, held by the database's bookings whatever the caller sends.
@Suite struct HealthCheckBookingsTests {
    static let berlin = try! BusinessCalendar(
        name: "berlin-support",
        timeZoneIdentifier: "Europe/Berlin",
        weeklyHours: Dictionary(
            uniqueKeysWithValues: [Locale.Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map {
                ($0, [WorkingHours("09:00-18:00")!])
            }
        )
    )

    /// The contract started 15 January 2026: its year runs to 14 January 2027. Today is 24 November 2026.
    let input = HealthCheckWorkflow.Input(calendar: "berlin-support", contractStart: LocalDate("2026-01-15")!)

    func withEngine(_ body: (WorkflowEngine) async throws -> Void) async throws {
        try await TestPostgres.withDatabase { database in
            try await database.seed()
            let fixture = EngineFixture(database: database)
            try await body(
                WorkflowEngine(
                    client: database.client,
                    registry: WorkflowRegistry([AnyWorkflow(HealthCheckWorkflow(calendars: ["berlin-support": Self.berlin]))]),
                    clock: fixture.clock,
                    facts: HealthCheckBookings(logger: TestPostgres.logger),
                    logger: TestPostgres.logger
                )
            )
        }
    }

    func propose(_ date: String, for id: UUID, on engine: WorkflowEngine) async throws -> WorkflowSnapshot {
        // The caller claims nothing is booked: the engine knows better.
        try await engine.send(
            HealthCheckWorkflow.self,
            workflowID: id,
            event: .proposeDate(date: LocalDate(date)!, bookedDates: []),
            actor: .staff("tom")
        )
    }

    @Test func aSecondHealthCheckInOneContractYearIsRefusedAndACancelledOneGivesTheQuotaBack() async throws {
        try await withEngine { engine in
            let first = try await engine.start(HealthCheckWorkflow.self, customerID: "acme", input: input, actor: .staff("tom")).workflow.id
            _ = try await propose("2026-12-08", for: first, on: engine)
            _ = try await engine.send(HealthCheckWorkflow.self, workflowID: first, event: .confirmDate, actor: .customer("acme-bob"))

            let second = try await engine.start(HealthCheckWorkflow.self, customerID: "acme", input: input, actor: .staff("tom")).workflow
                .id
            let refused = try await #require(throws: EngineError.self) { try await propose("2027-01-12", for: second, on: engine) }
            #expect(refused.transition?.code == .ruleViolated)
            #expect(refused.description.contains("2026-12-08"))

            // The next contract year (from 15 January 2027) is free.
            #expect(try await propose("2027-02-02", for: second, on: engine).version == 2)

            // Cancelling the first gives its year back to a third.
            _ = try await engine.send(
                HealthCheckWorkflow.self,
                workflowID: first,
                event: .cancel(reason: "moved to next year"),
                actor: .customer("acme-bob")
            )
            let third = try await engine.start(HealthCheckWorkflow.self, customerID: "acme", input: input, actor: .staff("tom")).workflow.id
            #expect(try await propose("2027-01-12", for: third, on: engine).version == 2)

            // The refused proposal wrote nothing; the accepted one records the booking it was decided on
            // (the first health check's date, although the caller sent none).
            let history = try await engine.history(workflowID: second)
            #expect(history.map(\.event) == ["start", "proposeDate"])
            let recorded = try JSONCoding.decoder.decode(HealthCheckWorkflow.Event.self, from: history[1].payload)
            #expect(recorded == .proposeDate(date: LocalDate("2027-02-02")!, bookedDates: [LocalDate("2026-12-08")!]))
        }
    }
}
