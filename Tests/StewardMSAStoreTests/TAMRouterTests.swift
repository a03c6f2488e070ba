import Foundation
import StewardCore
import StewardMSA
import StewardMSAStore
import StewardPostgres
import StewardTestSupport
import Testing

@Suite struct TAMRouterTests {
    static let berlin = try! BusinessCalendar(
        name: "berlin-support",
        timeZoneIdentifier: "Europe/Berlin",
        weeklyHours: Dictionary(
            uniqueKeysWithValues: [Locale.Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map {
                ($0, [WorkingHours("09:00-18:00")!])
            }
        )
    )

    /// Files a ticket whose escalation fires at `escalatesAt`, fires it, and returns who the outbox addressed.
    func escalation(
        at escalatesAt: String, tamAway: Bool = false, awayNextWeek: Bool = false, shift: String? = nil
    ) async throws -> (recipient: String, addressedTo: String?, reason: String?)? {
        try await TestPostgres.withDatabase { database in
            try await database.seed(members: ["alice", "tom", "dana"])
            try await database.client.query("UPDATE staff SET calendar = 'berlin-support' WHERE staff_id = 'tom'")
            try await database.client.query("INSERT INTO duty_fallback (staff_id) VALUES ('dana')")
            let due = try Date(escalatesAt, strategy: .iso8601)
            if awayNextWeek {
                // Leave booked from the coming Monday for five days: not yet.
                try await database.client.query(
                    """
                    INSERT INTO staff_away (staff_id, starts_at, ends_at)
                    VALUES ('tom', \(due.addingTimeInterval(3 * 86_400)), \(due.addingTimeInterval(8 * 86_400)))
                    """
                )
            }
            if let shift {
                try await database.client.query(
                    """
                    INSERT INTO staff (staff_id, name, email) VALUES (\(shift), \(shift), \(shift + "@example.com")) ON CONFLICT DO NOTHING
                    """
                )
                try await database.client.query(
                    """
                    INSERT INTO duty_shifts (staff_id, starts_at, ends_at)
                    VALUES (\(shift), \(due.addingTimeInterval(-3_600)), \(due.addingTimeInterval(3_600)))
                    """
                )
            }
            if tamAway {
                // Away for the day around the escalation, not for good.
                try await database.client.query(
                    """
                    INSERT INTO staff_away (staff_id, starts_at, ends_at)
                    VALUES ('tom', \(due.addingTimeInterval(-43_200)), \(due.addingTimeInterval(43_200)))
                    """
                )
            }
            try await database.client.query("UPDATE customers SET tam_id = 'tom' WHERE customer_id = 'acme'")
            let fixture = EngineFixture(database: database)
            let engine = WorkflowEngine(
                client: database.client,
                registry: fixture.engine.registry,
                clock: fixture.clock,
                routing: NotificationRouter(calendars: ["berlin-support": Self.berlin], logger: TestPostgres.logger),
                logger: TestPostgres.logger
            )
            fixture.clock.set(due.addingTimeInterval(-60))
            _ = try await engine.start(TicketWorkflow.self, customerID: "acme", input: .init(title: "x", escalateAfter: 60), actor: .system)
            fixture.clock.set(due)
            #expect(try await engine.fireDueTimers(limit: 5, queue: fixture.queue).applied.count == 1)
            let rows = try await database.client.query("SELECT recipient, addressed_to, routing_reason FROM outbox")
            for try await row in rows.decode((String, String?, String?).self) { return row }
            return nil
        }
    }

    @Test func fridayAt1759BerlinGoesToTheTAM() async throws {
        // 27 November 2026 is a Friday; Berlin is UTC+1.
        let routed = try #require(try await escalation(at: "2026-11-27T16:59:00Z"))
        #expect(routed.recipient == "staff:tom")
        #expect(routed.addressedTo == "tam-or-duty-manager")
        #expect(routed.reason == "tam-in-business-hours")
    }

    @Test func fridayAt1801BerlinGoesToTheDutyManager() async throws {
        let routed = try #require(try await escalation(at: "2026-11-27T17:01:00Z"))
        #expect(routed.recipient == "staff:dana")
        #expect(routed.reason == "tam-outside-business-hours")
    }

    @Test func aTAMAwayInHoursIsStoodInForByTheDutyManager() async throws {
        let routed = try #require(try await escalation(at: "2026-11-27T10:00:00Z", tamAway: true))
        #expect(routed.recipient == "staff:dana")
        #expect(routed.reason == "tam-away")
    }

    @Test func leaveBookedForNextWeekDoesNotRouteAwayFromTheTAMToday() async throws {
        let routed = try #require(try await escalation(at: "2026-11-27T10:00:00Z", awayNextWeek: true))
        #expect(routed.recipient == "staff:tom")
        #expect(routed.reason == "tam-in-business-hours")
    }

    @Test func outOfHoursTheShiftCoveringTheInstantBeatsTheFallback() async throws {
        let routed = try #require(try await escalation(at: "2026-11-27T20:00:00Z", shift: "nina"))
        #expect(routed.recipient == "staff:nina")
        #expect(routed.reason == "tam-outside-business-hours")
    }
}
