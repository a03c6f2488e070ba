import Foundation
import PostgresNIO
import StewardCore
import StewardPostgres
import StewardTestSupport
import Testing

/// Timers fired in the transaction that claims them, and deliveries held under leases with fences.
@Suite struct JobQueueTests {
    @Test func aTimerFiresOnlyOnceItIsDue() async throws {
        try await EngineFixture.with { fixture in
            let id = try await fixture.fileTicket(escalateAfter: 600)
            #expect(try await fixture.fireDueTimers().isEmpty)
            fixture.clock.advance(by: .seconds(599))
            #expect(try await fixture.fireDueTimers().isEmpty)
            fixture.clock.advance(by: .seconds(1))
            let outcome = try await fixture.fireDueTimers()
            #expect(outcome.applied.map(\.name) == ["escalate"])
            let state = try await fixture.engine.workflow(id: id).state(as: TicketWorkflow.self)
            #expect(state == .triage(escalations: 1))
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE recipient = 'tam-or-duty-manager'") == 1)
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM jobs WHERE kind = 'timer'") == 0)
        }
    }

    /// A worker that dies mid-batch dies with its transaction: the timers it had locked are due
    /// again at once, and meanwhile no other batch waits for them or fires them twice.
    @Test func aTimerLockedByABatchInFlightIsSkippedThenFiresOnceThatBatchRollsBack() async throws {
        try await EngineFixture.with { fixture in
            let id = try await fixture.fileTicket(escalateAfter: 0)
            try await fixture.database.client.withConnection { dying in
                try await dying.query("BEGIN", logger: TestPostgres.logger)
                try await dying.query("SELECT job_id FROM jobs WHERE kind = 'timer' FOR UPDATE", logger: TestPostgres.logger)
                #expect(try await fixture.fireDueTimers().isEmpty)
                try await dying.query("ROLLBACK", logger: TestPostgres.logger)
            }
            #expect(try await fixture.fireDueTimers().applied.count == 1)
            #expect(try await fixture.fireDueTimers().isEmpty)
            #expect(try await fixture.engine.history(workflowID: id).map(\.event) == ["start", "escalateDue"])
        }
    }

    /// An API call holding the workflow (mid-transition) is not waited for: its timer stays due
    /// for the next batch, and the other timers of the batch go on.
    @Test func aTimerOfAWorkflowAnotherTransactionHoldsIsLeftDue() async throws {
        try await EngineFixture.with { fixture in
            let held = try await fixture.fileTicket("held", escalateAfter: 0)
            let free = try await fixture.fileTicket("free", escalateAfter: 0)
            try await fixture.database.client.withConnection { api in
                try await api.query("BEGIN", logger: TestPostgres.logger)
                try await api.query("SELECT 1 FROM workflows WHERE workflow_id = \(held) FOR UPDATE", logger: TestPostgres.logger)
                let outcome = try await fixture.fireDueTimers()
                #expect(outcome.applied.map(\.workflowID) == [free])
                #expect(outcome.leftDue.map(\.workflowID) == [held])
                try await api.query("COMMIT", logger: TestPostgres.logger)
            }
            #expect(try await fixture.fireDueTimers().applied.map(\.workflowID) == [held])
        }
    }

    /// A batch takes at most its limit, the longest due first; the rest wait for the next batch.
    @Test func aBatchFiresAtMostItsLimitTheLongestDueFirst() async throws {
        try await EngineFixture.with { fixture in
            var filed: [UUID] = []
            for name in ["a", "b", "c", "d", "e"] {
                filed.append(try await fixture.fileTicket(name, escalateAfter: 0))
                fixture.clock.advance(by: .seconds(1))
            }
            let first = try await fixture.fireDueTimers(limit: 3)
            #expect(first.applied.map(\.workflowID) == Array(filed.prefix(3)))
            #expect(first.leftDue.isEmpty && first.failed.isEmpty)
            #expect(try await fixture.fireDueTimers(limit: 3).applied.map(\.workflowID) == Array(filed.suffix(2)))
            #expect(try await fixture.fireDueTimers(limit: 3).isEmpty)
        }
    }

    @Test func aStaleWorkersLateCompletionIsRefusedByTheFence() async throws {
        try await EngineFixture.with { fixture in
            try await fixture.insertDeliveryJob()
            let stale = try await fixture.queue.claim(worker: "dies", limit: 1, lease: .seconds(30))
            #expect(stale.count == 1)
            // The first worker stalls past its lease; the job is reclaimed and run by another.
            fixture.clock.advance(by: .seconds(31))
            #expect(try await fixture.queue.reclaimExpiredLeases() == 1)
            let fresh = try await fixture.queue.claim(worker: "lives", limit: 1, lease: .seconds(30))
            #expect(fresh.map(\.id) == stale.map(\.id))
            #expect(fresh[0].fence != stale[0].fence)
            #expect(fresh[0].attempts == 2)
            // The stale worker wakes up and tries to finish: refused; the fresh one's finish counts.
            let (late, onTime) = try await fixture.database.client.withConnection { connection in
                (try await fixture.queue.complete(stale[0], on: connection), try await fixture.queue.complete(fresh[0], on: connection))
            }
            #expect(!late && onTime)
            #expect(try await fixture.queue.heartbeat(stale, lease: .seconds(30)) == Set(stale.map(\.id)))
        }
    }

    @Test func claimsOfLeasedWorkNeverTakeATimer() async throws {
        try await EngineFixture.with { fixture in
            _ = try await fixture.fileTicket(escalateAfter: 0)
            try await fixture.insertDeliveryJob()
            let claimed = try await fixture.queue.claim(worker: "w", limit: 10, lease: .seconds(30))
            #expect(claimed.map(\.kind) == [.notification])
            #expect(try await fixture.fireDueTimers().applied.count == 1)
        }
    }

    @Test func aHeartbeatRenewsOnlyALeaseStillValid() async throws {
        try await EngineFixture.with { fixture in
            try await fixture.insertDeliveryJob()
            let held = try await fixture.queue.claim(worker: "w", limit: 1, lease: .seconds(30))
            fixture.clock.advance(by: .seconds(20))
            #expect(try await fixture.queue.heartbeat(held, lease: .seconds(30)).isEmpty)
            // Renewed to 50 s; at 51 s it has run out, before any lease check took it back: not revived.
            fixture.clock.advance(by: .seconds(31))
            #expect(try await fixture.queue.heartbeat(held, lease: .seconds(30)) == Set(held.map(\.id)))
            #expect(try await fixture.queue.reclaimExpiredLeases() == 1)
        }
    }

    @Test func failuresBackOffThenTheJobIsDeadAndStuck() async throws {
        try await EngineFixture.with { fixture in
            try await fixture.insertDeliveryJob(name: "7")
            for attempt in 1...3 {
                let jobs = try await fixture.queue.claim(worker: "w", limit: 1, lease: .seconds(30))
                try #require(jobs.count == 1, "attempt \(attempt) should find the job due")
                #expect(jobs[0].attempts == attempt)
                try await fixture.queue.fail(jobs[0], error: "mail relay refused", permanent: false)
                // Not due again at once: it backs off.
                #expect(try await fixture.queue.claim(worker: "w", limit: 1, lease: .seconds(30)).isEmpty)
                fixture.clock.advance(by: .seconds(120))
            }
            #expect(try await fixture.queue.depth()[.dead] == 1)
            let report = StuckReport(client: fixture.database.client, logger: TestPostgres.logger)
            let items = try await report.items(at: fixture.clock.now).filter { $0.kind == .deadJob }
            let item = try #require(items.first)
            #expect(item.reason.contains("notification 7 is dead after 3 attempts: mail relay refused"))
            let jobID = try #require(item.jobID)
            #expect(item.repair == "fix the cause, then `steward retry \(jobID)`")

            let repairs = Repairs(engine: fixture.engine)
            try await repairs.retry(jobID: jobID, reason: "relay fixed", by: .operator("olga"))
            let audited = try await repairs.auditLog(limit: 10)
            #expect(audited.map(\.action) == ["retry"])
            #expect(audited.first?.jobID == jobID && audited.first?.reason == "relay fixed" && audited.first?.actor == "operator:olga")
            let again = try await fixture.queue.claim(worker: "w", limit: 1, lease: .seconds(30))
            #expect(again.first?.attempts == 1)
            let notDead = try await #require(throws: EngineError.self) {
                try await repairs.retry(jobID: jobID, reason: "again", by: .operator("olga"))
            }
            #expect(notDead.code == .jobNotDead)
            let gone = try await #require(throws: EngineError.self) {
                try await repairs.retry(jobID: 987_654, reason: "again", by: .operator("olga"))
            }
            #expect(gone.code == .jobNotFound)
        }
    }

    @Test func anEventTheWorkflowRefusesKillsTheTimerAtOnceWithTheReason() async throws {
        try await EngineFixture.with { fixture in
            let id = try await fixture.fileTicket(escalateAfter: 0)
            try await fixture.engine.send(TicketWorkflow.self, workflowID: id, event: .accept, actor: .staff("alice"))
            // A timer whose event no longer fits: written by hand, as a buggy definition would leave it.
            try await fixture.database.client.query(
                """
                INSERT INTO jobs (customer_id, workflow_id, kind, name, payload, run_at, created_at)
                VALUES ('acme', \(id), 'timer', 'stray', '"customerReplied"', \(fixture.clock.now), \(fixture.clock.now))
                """
            )
            let outcome = try await fixture.fireDueTimers()
            #expect(outcome.failed.map(\.timer.name) == ["stray"])
            #expect(outcome.failed.first?.dead == true)
            #expect(try await fixture.queue.depth()[.dead] == 1)
            let report = StuckReport(client: fixture.database.client, logger: TestPostgres.logger)
            let item = try #require(try await report.items(at: fixture.clock.now).first { $0.kind == .deadJob })
            #expect(item.reason.contains("timer 'stray' is dead after 1 attempt:"))
            #expect(try await fixture.engine.workflow(id: id).stateName == "working")
        }
    }

    @Test func timersThatScheduleThemselvesAgainSurviveTheirBatch() async throws {
        try await EngineFixture.with { fixture in
            let chain = try await fixture.engine.start(
                TimerChainWorkflow.self,
                customerID: "acme",
                input: .init(steps: 3),
                actor: .system
            ).workflow.id
            for step in 1...3 {
                #expect(try await fixture.fireDueTimers().applied.count == 1, "step \(step) should have its timer")
            }
            #expect(try await fixture.engine.workflow(id: chain).stateName == "finished")
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM jobs") == 0)
        }
    }

    @Test func aStatementFailingInABatchFailsOnlyItsOwnTimer() async throws {
        try await EngineFixture.with { fixture in
            let broken = try await fixture.fileTicket("broken", escalateAfter: 0)
            let healthy = try await fixture.fileTicket("healthy", escalateAfter: 0)
            try await fixture.refuseUpdates(of: broken)
            let outcome = try await fixture.fireDueTimers()
            #expect(outcome.applied.map(\.workflowID) == [healthy])
            #expect(outcome.failed.map(\.timer.workflowID) == [broken])
            #expect(outcome.failed.first?.dead == false)
            #expect(outcome.failed.first?.error.contains("refused by the test") == true)
            #expect(try await fixture.engine.workflow(id: healthy).version == 2)
            #expect(try await fixture.engine.workflow(id: broken).version == 1)
            // The failed timer is still there, backing off before it is tried again; the applied one is gone.
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM jobs WHERE kind = 'timer' AND attempts = 1") == 1)
            #expect(try await fixture.fireDueTimers().isEmpty)
        }
    }

    @Test func leasesAreExtendedByHeartbeatsAndReleasedOnShutdown() async throws {
        try await EngineFixture.with { fixture in
            try await fixture.insertDeliveryJob()
            let jobs = try await fixture.queue.claim(worker: "w", limit: 1, lease: .seconds(30))
            fixture.clock.advance(by: .seconds(20))
            #expect(try await fixture.queue.heartbeat(jobs, lease: .seconds(30)).isEmpty)
            fixture.clock.advance(by: .seconds(20))
            #expect(try await fixture.queue.reclaimExpiredLeases() == 0)
            try await fixture.queue.release(jobs)
            let again = try await fixture.queue.claim(worker: "w2", limit: 1, lease: .seconds(30))
            #expect(again.first?.attempts == 1)
        }
    }
}
