import Foundation
import StewardCore
import StewardPostgres
import StewardServiceDesk
import Testing

/// Operators' repairs of stuck work: only operators force, pause, resume, retry and read the audit
/// log; the duty manager sees stuck work too; every repair needs a reason and is audited with it.
@Suite struct RepairTests {
    @Test func onlyOperatorsRepairAndReadTheAuditLog() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident()
            let breach = #"{"slaBreachDue": {}}"#
            for (name, other) in Principal.everyone(but: ["olga"]) {
                await expectRefusal(.forbidden, "\(name) force") {
                    try await desk.force(event: event(breach), on: id, expectedVersion: nil, reason: "timer lost", by: other)
                }
                await expectRefusal(.forbidden, "\(name) pause") { try await desk.pause(id, reason: "hold", by: other) }
                await expectRefusal(.forbidden, "\(name) resume") { try await desk.resume(id, reason: "go", by: other) }
                await expectRefusal(.forbidden, "\(name) retry") { try await desk.retry(job: 1, reason: "relay fixed", by: other) }
                await expectRefusal(.forbidden, "\(name) audit") {
                    try await desk.auditLog(request: nil, before: nil, limit: 10, for: other)
                }
            }
            #expect(try await fixture.count("audit_log") == 0)
            #expect(try await fixture.events(of: id) == ["start"])
            #expect(try await fixture.request(id).snapshot.pausedAt == nil)
        }
    }

    @Test func aRepairWithoutAReasonIsRefused() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident()
            try await fixture.database.client.query("UPDATE jobs SET status = 'dead' WHERE name = 'sla-breach'")
            let job = try await fixture.database.count("SELECT job_id FROM jobs WHERE status = 'dead'")
            for reason in ["", "  ", "\n"] {
                await expectEngineError(.reasonRequired) {
                    try await desk.force(event: event(#"{"slaBreachDue": {}}"#), on: id, expectedVersion: nil, reason: reason, by: .olga)
                }
                await expectEngineError(.reasonRequired) { try await desk.pause(id, reason: reason, by: .olga) }
                await expectEngineError(.reasonRequired) { try await desk.resume(id, reason: reason, by: .olga) }
                await expectEngineError(.reasonRequired) { try await desk.retry(job: Int64(job), reason: reason, by: .olga) }
            }
            #expect(try await fixture.count("audit_log") == 0)
            #expect(try await fixture.events(of: id) == ["start"])
        }
    }

    @Test func forcingAppliesAnyEventTheStateAcceptsWithTheReasonAudited() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident(severity: 2)
            let breach = event(#"{"slaBreachDue": {}}"#)
            await #expect(throws: TransitionError.self) {
                try await desk.force(event: event(#"{"explode": {}}"#), on: id, expectedVersion: nil, reason: "x", by: .olga)
            }
            let refused = await expectEngineError(.transitionRefused) {
                try await desk.force(event: event(#"{"confirm": {}}"#), on: id, expectedVersion: nil, reason: "x", by: .olga)
            }
            #expect(refused?.transition?.code == .invalidTransition)
            await expectEngineError(.versionConflict) {
                try await desk.force(event: breach, on: id, expectedVersion: 7, reason: "x", by: .olga)
            }
            await expectRefusal(.notFound) { try await desk.force(event: breach, on: UUID(), expectedVersion: nil, reason: "x", by: .olga) }
            #expect(try await fixture.count("audit_log") == 0)

            // Five hours on, the 4-hour target has passed; its breach timer never fired.
            fixture.clock.advance(by: .seconds(5 * 3_600))
            let forced = try await desk.force(
                event: breach, on: id, expectedVersion: 1, reason: "breach timer lost in the outage", by: .olga)
            #expect(forced.sla?.standing == .breached && forced.snapshot.version == 2)
            let last = try await desk.history(of: id, for: .olga, afterSeq: 0, limit: 10).items.last
            #expect(last?.event == "slaBreachDue" && last?.actor == "operator:olga")
            let audit = try #require(try await desk.auditLog(request: id, before: nil, limit: 10, for: .olga).items.first)
            #expect(audit.action == "force" && audit.details["event"] == "slaBreachDue" && audit.actor == "operator:olga")
            #expect(audit.reason == "breach timer lost in the outage" && audit.workflowID == id && audit.customerID == "acme")
        }
    }

    @Test func aPausedRequestTakesNoEventUntilResumed() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident()
            let paused = try await desk.pause(id, reason: "  customer asked to hold while they migrate ", by: .olga)
            #expect(paused.snapshot.pausedAt != nil)
            await expectEngineError(.workflowPaused) {
                try await desk.send(event: event(#"{"cancel": {"reason": "x"}}"#), to: id, expectedVersion: nil, by: .acmeContact)
            }
            await expectEngineError(.workflowPaused) { try await desk.pause(id, reason: "again", by: .olga) }
            let resumed = try await desk.resume(id, reason: "migration done", by: .olga)
            #expect(resumed.snapshot.pausedAt == nil)
            await expectEngineError(.workflowNotPaused) { try await desk.resume(id, reason: "again", by: .olga) }
            _ = try await desk.send(event: event(#"{"cancel": {"reason": "x"}}"#), to: id, expectedVersion: nil, by: .acmeContact)
            let audit = try await desk.auditLog(request: id, before: nil, limit: 10, for: .olga).items
            #expect(audit.map(\.action) == ["resume", "pause"])
            #expect(audit.last?.reason == "customer asked to hold while they migrate")
            await expectRefusal(.notFound) { try await desk.pause(UUID(), reason: "x", by: .olga) }
        }
    }

    @Test func theDutyManagerAndOperatorsSeeStuckWork() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let acme = try await fixture.fileIncident()
            let globex = try await fixture.fileIncident(by: .globexContact)
            try await fixture.database.client.query(
                "UPDATE jobs SET status = 'dead', attempts = 5, last_error = 'mail relay refused' WHERE name = 'sla-breach'"
            )
            for (name, other) in Principal.everyone(but: ["dana", "olga"]) {
                await expectRefusal(.forbidden, name) { try await desk.stuck(kind: nil, customer: nil, shown: 0, limit: 10, for: other) }
            }
            for principal in [Principal.dana, .olga] {
                let dead = try await desk.stuck(kind: .deadJob, customer: nil, shown: 0, limit: 10, for: principal).items
                #expect(Set(dead.map(\.workflowID)) == [acme, globex], "\(principal.role)")
                #expect(dead.allSatisfy { $0.kind == .deadJob && $0.reason.contains("mail relay refused") })
            }
            let acmes = try await desk.stuck(kind: .deadJob, customer: "acme", shown: 0, limit: 10, for: .dana)
            #expect(acmes.items.map(\.workflowID) == [acme] && acmes.nextShown == nil)
            #expect(try await desk.stuck(kind: nil, customer: "initech", shown: 0, limit: 10, for: .dana).items.isEmpty)
            // Pages count what was shown: every item once.
            let first = try await desk.stuck(kind: .deadJob, customer: nil, shown: 0, limit: 1, for: .dana)
            let next = try #require(first.nextShown)
            let second = try await desk.stuck(kind: .deadJob, customer: nil, shown: next, limit: 1, for: .dana)
            #expect(Set((first.items + second.items).map(\.workflowID)) == [acme, globex] && second.nextShown == nil)
        }
    }

    @Test func anOperatorRetriesADeadJob() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            _ = try await fixture.fileIncident()
            try await fixture.database.client.query("UPDATE jobs SET status = 'dead', attempts = 5 WHERE name = 'sla-breach'")
            let job = Int64(try await fixture.database.count("SELECT job_id FROM jobs WHERE status = 'dead'"))
            await expectRefusal(.forbidden) { try await desk.retry(job: job, reason: "relay fixed", by: .dana) }
            try await desk.retry(job: job, reason: "relay fixed", by: .olga)
            #expect(try await fixture.database.count("SELECT count(*) FROM jobs WHERE status = 'dead'") == 0)
            await expectEngineError(.jobNotDead) { try await desk.retry(job: job, reason: "relay fixed", by: .olga) }
            await expectEngineError(.jobNotFound) { try await desk.retry(job: 424_242, reason: "relay fixed", by: .olga) }
            let audit = try await desk.auditLog(request: nil, before: nil, limit: 10, for: .olga).items
            #expect(audit.map(\.action) == ["retry"] && audit.first?.jobID == job)
        }
    }

    @Test func theAuditLogIsPagedNewestFirst() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident()
            for number in 1...3 {
                _ = try await desk.pause(id, reason: "hold \(number)", by: .olga)
                _ = try await desk.resume(id, reason: "go \(number)", by: .olga)
            }
            let first = try await desk.auditLog(request: nil, before: nil, limit: 4, for: .olga)
            #expect(first.items.map(\.reason) == ["go 3", "hold 3", "go 2", "hold 2"])
            let before = try #require(first.nextCursor.flatMap { Cursor(encoded: $0, count: 1) }.flatMap { Int64($0.values[0]) })
            let second = try await desk.auditLog(request: nil, before: before, limit: 4, for: .olga)
            #expect(second.items.map(\.reason) == ["go 1", "hold 1"] && second.nextCursor == nil)
            #expect(try await desk.auditLog(request: UUID(), before: nil, limit: 10, for: .olga).items.isEmpty)
        }
    }
}
