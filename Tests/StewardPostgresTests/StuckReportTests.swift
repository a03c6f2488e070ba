import Foundation
import StewardCore
import StewardPostgres
import StewardTestSupport
import Testing

@Suite struct StuckReportTests {
    func report(_ fixture: EngineFixture, _ thresholds: StuckThresholds = StuckThresholds()) -> StuckReport {
        StuckReport(client: fixture.database.client, thresholds: thresholds, logger: TestPostgres.logger)
    }

    @Test func aFreshWorkflowIsNotStuck() async throws {
        try await EngineFixture.with { fixture in
            _ = try await fixture.fileTicket()
            #expect(try await report(fixture).items(at: fixture.clock.now).isEmpty)
        }
    }

    @Test func unclaimedAndIdleTasksAreReportedWithTheirGroup() async throws {
        try await EngineFixture.with { fixture in
            _ = try await fixture.fileTicket("unclaimed")
            fixture.clock.advance(by: .seconds(5 * 3_600))
            let unclaimed = try await report(fixture).items(at: fixture.clock.now)
            try #require(unclaimed.map(\.kind) == [.taskUnclaimed])
            #expect(unclaimed[0].reason.contains("waited 5.0 h in group 'support'"))

            let task = try #require(try await fixture.board.queue(group: "support").first)
            try await fixture.board.claim(taskID: task.id, by: "alice")
            fixture.clock.advance(by: .seconds(25 * 3_600))
            let idle = try await report(fixture, StuckThresholds(stateAge: .seconds(30 * 86_400))).items(at: fixture.clock.now)
            try #require(idle.map(\.kind) == [.taskIdle])
            #expect(idle[0].reason.contains("claimed by alice"))
        }
    }

    @Test func aStateOlderThanItsThresholdIsReported() async throws {
        try await EngineFixture.with { fixture in
            let id = try await fixture.fileTicket()
            try await fixture.engine.send(TicketWorkflow.self, workflowID: id, event: .accept, actor: .staff("alice"))
            try await fixture.engine.send(TicketWorkflow.self, workflowID: id, event: .askCustomer, actor: .staff("alice"))
            let thresholds = StuckThresholds(stateAgeByState: ["ticket": ["waiting_for_customer": .seconds(7_200)]])
            fixture.clock.advance(by: .seconds(3_600))
            #expect(try await report(fixture, thresholds).items(at: fixture.clock.now).isEmpty)
            fixture.clock.advance(by: .seconds(3_601))
            let items = try await report(fixture, thresholds).items(at: fixture.clock.now)
            try #require(items.map(\.kind) == [.stateTooOld])
            #expect(items[0].reason.contains("'waiting_for_customer' for 2.0 h"))
            #expect(items[0].repair.contains("remind the customer"))
        }
    }

    @Test func aWorkflowNothingCanMoveIsReported() async throws {
        try await EngineFixture.with { fixture in
            let id = try await fixture.fileTicket()
            try await fixture.engine.send(TicketWorkflow.self, workflowID: id, event: .accept, actor: .staff("alice"))
            // 'working' waits on the support group, but the ticket opens no task there: nothing moves it.
            let items = try await report(fixture).items(at: fixture.clock.now)
            try #require(items.map(\.kind) == [.nothingMovesIt])
            #expect(items[0].workflowID == id)
            #expect(items[0].reason.contains("no open task, timer or job"))
        }
    }

    @Test func aJobThatKeepsLosingItsLeaseIsReported() async throws {
        try await EngineFixture.with(retryPolicy: RetryPolicy(maxAttempts: 10)) { fixture in
            try await fixture.insertDeliveryJob()
            for _ in 0..<3 {
                _ = try await fixture.queue.claim(worker: "flaky", limit: 1, lease: .seconds(10))
                fixture.clock.advance(by: .seconds(11))
                try await fixture.queue.reclaimExpiredLeases()
            }
            let items = try await report(fixture).items(at: fixture.clock.now).filter { $0.kind == .leaseLosses }
            try #require(items.count == 1)
            #expect(items[0].reason.contains("lost its lease 3 times"))
        }
    }
}
