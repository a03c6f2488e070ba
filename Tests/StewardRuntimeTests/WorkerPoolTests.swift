import Foundation
import ServiceLifecycle
import StewardCore
import StewardPostgres
import StewardRuntime
import StewardTestSupport
import Testing

@Suite struct WorkerPoolTests {
    @Test func eightWorkersDrainTenThousandJobsRunningEachExactlyOnce() async throws {
        try await EngineFixture.with { fixture in
            let workflows = 10_000
            try await withThrowingTaskGroup(of: Void.self) { group in
                for slice in 0..<8 {
                    group.addTask {
                        for _ in stride(from: slice, to: workflows, by: 8) {
                            _ = try await fixture.engine.start(
                                TimerChainWorkflow.self,
                                customerID: "acme",
                                input: .init(steps: 1),
                                actor: .system
                            )
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM jobs") == workflows)
            try await withWorkers(fixture, count: 8) { _ in
                try await EngineFixture.eventually(timeout: .seconds(300), "10,000 timer jobs to drain") {
                    try await fixture.database.count("SELECT count(*)::int8 FROM jobs") == 0
                }
            }
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM workflows WHERE state_name = 'finished'") == workflows)
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM workflow_events WHERE event = 'stepDue'") == workflows)
            #expect(try await fixture.database.count("SELECT coalesce(max(seq), 0) FROM workflow_events") == 2)
        }
    }

    @Test func aTimerFiresAtItsTimeNotBefore() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.seed()
            let fixture = EngineFixture(database: database)
            let systemClockEngine = WorkflowEngine(
                client: database.client,
                registry: fixture.engine.registry,
                clock: SystemClock(),
                logger: TestPostgres.logger
            )
            let queue = JobQueue(client: database.client, logger: TestPostgres.logger)
            try await withWorkers(engine: systemClockEngine, queue: queue) { _ in
                let started = try await systemClockEngine.start(
                    TicketWorkflow.self,
                    customerID: "acme",
                    input: .init(title: "slow scan", escalateAfter: 0.4),
                    actor: .customer("acme-bob")
                ).workflow
                try await EngineFixture.eventually("the escalation timer to fire") {
                    try await systemClockEngine.history(workflowID: started.id).count == 2
                }
                let fired = try await systemClockEngine.history(workflowID: started.id)[1]
                #expect(fired.event == "escalateDue")
                #expect(fired.actor == "system")
                #expect(fired.at.timeIntervalSince(started.createdAt) >= 0.4)
            }
        }
    }

    @Test func aNotifyWakesIdleWorkersLongBeforeTheirNextPoll() async throws {
        try await EngineFixture.with { fixture in
            var configuration = WorkerPool.Configuration.fastForTests
            configuration.pollInterval = .seconds(600)
            try await withWorkers(fixture, configuration: configuration) { _ in
                // Let the loop go idle on an empty queue (it sleeps for the whole poll interval).
                try await Task.sleep(for: .milliseconds(200))
                let id = try await fixture.fileTicket(escalateAfter: 0)
                try await EngineFixture.eventually(timeout: .seconds(30), "the NOTIFY to wake the worker") {
                    try await fixture.engine.workflow(id: id).version == 2
                }
            }
        }
    }

    @Test func aWorkerKilledMidBatchLosesNothingAndTheTransitionHappensOnce() async throws {
        try await EngineFixture.with { fixture in
            let id = try await fixture.fileTicket(escalateAfter: 0)
            try await fixture.database.client.withConnection { dying in
                // A worker's batch has locked the timer when its process dies.
                try await dying.query("BEGIN", logger: TestPostgres.logger)
                try await dying.query("SELECT job_id FROM jobs WHERE kind = 'timer' FOR UPDATE", logger: TestPostgres.logger)
                let backend = try await dying.query("SELECT pg_backend_pid()", logger: TestPostgres.logger).collect()[0]
                    .decode(Int32.self)
                try await withWorkers(fixture) { pools in
                    pools[0].wake()
                    try await Task.sleep(for: .milliseconds(300))
                    #expect(try await fixture.engine.workflow(id: id).version == 1, "no one fires a timer a live batch holds")
                    // Its session goes with it, and the transaction is rolled back.
                    try await fixture.database.client.query("SELECT pg_terminate_backend(\(backend))")
                    pools[0].wake()
                    try await EngineFixture.eventually("another worker to fire the timer") {
                        try await fixture.database.count("SELECT count(*)::int8 FROM jobs WHERE kind = 'timer'") == 0
                    }
                }
            }
            let history = try await fixture.engine.history(workflowID: id)
            #expect(history.map(\.event) == ["start", "escalateDue"])
        }
    }

    @Test func failedDeliveriesAreRetriedWithBackoffUntilTheyGoThrough() async throws {
        try await EngineFixture.with(retryPolicy: RetryPolicy(initialDelay: .seconds(1), maximumDelay: .seconds(60), maxAttempts: 5)) {
            fixture in
            let sender = RecordingSender(failuresBeforeSuccess: 2)
            let id = try await fixture.fileTicket(escalateAfter: 0)
            try await withWorkers(fixture, sender: sender) { pools in
                try await EngineFixture.eventually("the escalation to be delivered after two failures") {
                    if try await fixture.advanceToNextDueJob() { pools[0].wake() }
                    return !sender.delivered.isEmpty
                }
                // While the workers run: stopping them between the delivery and its bookkeeping would
                // leave the row to be delivered again, as at-least-once allows.
                try await EngineFixture.eventually("the outbox row to be marked sent") {
                    try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE status = 'sent'") == 1
                }
            }
            let message = try #require(sender.delivered.first)
            #expect(message.workflowID == id && message.template == "ticket-escalated")
            #expect(sender.attempts(message.id) == 3)
        }
    }

    @Test func aDeliveryThatNeverSucceedsEndsDeadAndStuck() async throws {
        try await EngineFixture.with { fixture in
            let sender = RecordingSender(failuresBeforeSuccess: .max)
            _ = try await fixture.fileTicket(escalateAfter: 0)
            var configuration = WorkerPool.Configuration.fastForTests
            configuration.deliverySchedule = DeliverySchedule(delays: [.seconds(60)], horizon: .seconds(150))
            try await withWorkers(fixture, configuration: configuration, sender: sender) { pools in
                try await EngineFixture.eventually("the notification job to die at the delivery horizon") {
                    if try await fixture.advanceToNextDueJob() { pools[0].wake() }
                    return try await fixture.database.count("SELECT count(*)::int8 FROM jobs WHERE status = 'dead'") == 1
                }
            }
            let items = try await StuckReport(client: fixture.database.client, logger: TestPostgres.logger)
                .items(at: fixture.clock.now)
            let dead = try #require(items.first { $0.kind == .deadJob })
            #expect(dead.reason.contains("gave up after 3 attempts over 2 minutes: mail relay refused the message"))
        }
    }

    @Test func gracefulShutdownFinishesTheBatchInHandAndHandsBackTheRest() async throws {
        try await EngineFixture.with { fixture in
            // 30 escalation notifications, delivered slowly.
            for index in 0..<30 {
                _ = try await fixture.fileTicket("ticket \(index)", escalateAfter: 0)
            }
            #expect(try await fixture.fireDueTimers(limit: 30).applied.count == 30)
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM jobs WHERE kind = 'notification'") == 30)
            let sender = RecordingSender(delay: .milliseconds(50))
            let pool = WorkerPool(
                engine: fixture.engine,
                queue: fixture.queue,
                sender: sender,
                configuration: .fastForTests,
                logger: TestPostgres.logger
            )
            let group = ServiceGroup(services: [pool], logger: TestPostgres.logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await EngineFixture.eventually("the first deliveries") { sender.delivered.count >= 2 }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let delivered = sender.delivered.count
            #expect(delivered < 30)
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM jobs WHERE status = 'running'") == 0)
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE status = 'sent'") == delivered)
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM jobs WHERE status = 'ready'") == 30 - delivered)
            // The handed-back jobs did not spend an attempt.
            #expect(try await fixture.database.count("SELECT coalesce(max(attempts), 0) FROM jobs") == 0)
        }
    }
}
