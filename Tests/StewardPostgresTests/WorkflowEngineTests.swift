import Foundation
import PostgresNIO
import StewardCore
import StewardPostgres
import StewardTestSupport
import Testing

@Suite struct WorkflowEngineTests {
    @Test func startWritesStateHistoryTaskAndTimerTogether() async throws {
        try await EngineFixture.with { fixture in
            let result = try await fixture.engine.start(
                TicketWorkflow.self,
                customerID: "acme",
                input: .init(title: "scanner crashes", escalateAfter: 600),
                actor: .customer("acme-bob")
            )
            #expect(result.created)
            let workflow = result.workflow
            #expect(workflow.stateName == "triage")
            #expect(workflow.version == 1)
            #expect(workflow.definitionVersion == 1)
            #expect(workflow.mover == .group("support"))
            let stored = try await fixture.engine.workflow(id: workflow.id)
            #expect(try stored.state(as: TicketWorkflow.self) == .triage(escalations: 0))
            let history = try await fixture.engine.history(workflowID: workflow.id)
            try #require(history.map(\.event) == ["start"])
            #expect(history[0].actor == "customer:acme-bob")
            #expect(history[0].fromState == nil && history[0].toState == "triage")
            let tasks = try await fixture.board.tasks(workflowID: workflow.id)
            try #require(tasks.map(\.name) == ["triage"])
            #expect(tasks[0].group == "support" && tasks[0].status == .open)
            let due = try await fixture.queue.nextDue()
            #expect(due == EngineFixture.epoch.addingTimeInterval(600))
        }
    }

    @Test func aRepeatedIdempotencyKeyReturnsTheFirstWorkflow() async throws {
        try await EngineFixture.with { fixture in
            let input = TicketWorkflow.Input(title: "duplicate submit")
            let first = try await fixture.engine.start(
                TicketWorkflow.self,
                customerID: "acme",
                input: input,
                idempotencyKey: "portal-123",
                actor: .customer("acme-bob")
            )
            let concurrent = try await withThrowingTaskGroup(of: StartResult.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        try await fixture.engine.start(
                            TicketWorkflow.self,
                            customerID: "acme",
                            input: input,
                            idempotencyKey: "portal-123",
                            actor: .customer("acme-bob")
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(first.created)
            #expect(concurrent.allSatisfy { !$0.created && $0.workflow.id == first.workflow.id })
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM workflows") == 1)
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM tasks") == 1)
        }
    }

    @Test func concurrentStartsWithOneNewKeyCreateOneWorkflow() async throws {
        try await EngineFixture.with { fixture in
            let results = try await withThrowingTaskGroup(of: StartResult.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await fixture.engine.start(
                            TicketWorkflow.self,
                            customerID: "acme",
                            input: .init(title: "double click"),
                            idempotencyKey: "race",
                            actor: .customer("acme-bob")
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter(\.created).count == 1)
            #expect(Set(results.map(\.workflow.id)).count == 1)
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM workflow_events") == 1)
        }
    }

    @Test func anInvalidTransitionIsRefusedWithNothingWritten() async throws {
        try await EngineFixture.with { fixture in
            let id = try await fixture.fileTicket()
            let before = try await fixture.database.count("SELECT count(*)::int8 FROM workflow_events")
            let error = try await #require(throws: EngineError.self) {
                try await fixture.engine.send(TicketWorkflow.self, workflowID: id, event: .finish, actor: .staff("alice"))
            }
            #expect(error.code == .transitionRefused)
            #expect(error.transition?.state == "triage")
            #expect(error.transition?.event == "finish")
            #expect(error.description.contains("does not accept 'finish'"))
            #expect(try await fixture.engine.workflow(id: id).version == 1)
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM workflow_events") == before)
        }
    }

    @Test func badInputIsRefusedWithNothingWritten() async throws {
        try await EngineFixture.with { fixture in
            let unknownType = try await #require(throws: EngineError.self) {
                try await fixture.engine.start(type: "spaceship", customerID: "acme", input: Data("{}".utf8), actor: .system)
            }
            #expect(unknownType.code == .unknownWorkflowType)
            #expect(unknownType.description.contains("use one of ticket, timer-chain"))

            let undecodable = try await #require(throws: EngineError.self) {
                try await fixture.engine.start(type: "ticket", customerID: "acme", input: Data(#"{"title":42}"#.utf8), actor: .system)
            }
            #expect(undecodable.transition?.code == .undecodable)
            #expect(undecodable.transition?.field == "title")

            let ruleBroken = try await #require(throws: EngineError.self) {
                try await fixture.engine.start(TicketWorkflow.self, customerID: "acme", input: .init(title: " "), actor: .system)
            }
            #expect(ruleBroken.transition?.code == .ruleViolated)

            let unknownCustomer = try await #require(throws: EngineError.self) {
                try await fixture.engine.start(TicketWorkflow.self, customerID: "nobody", input: .init(title: "x"), actor: .system)
            }
            #expect(unknownCustomer.code == .unknownCustomer)

            let id = try await fixture.fileTicket()
            let badEvent = try await #require(throws: EngineError.self) {
                try await fixture.engine.send(workflowID: id, event: Data(#"{"explode":{}}"#.utf8), actor: .system)
            }
            #expect(badEvent.transition?.code == .undecodable)

            let missing = try await #require(throws: EngineError.self) {
                try await fixture.engine.send(TicketWorkflow.self, workflowID: UUID(), event: .accept, actor: .system)
            }
            #expect(missing.code == .workflowNotFound)
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM workflows") == 1)
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM workflow_events") == 1)
        }
    }

    @Test func twoConcurrentSendsAtOneVersionOneWinsTheOtherConflicts() async throws {
        try await EngineFixture.with { fixture in
            let id = try await fixture.fileTicket()
            let outcomes = await withTaskGroup(of: Result<WorkflowSnapshot, any Error>.self) { group in
                for event in [TicketWorkflow.Event.accept, .cancel(reason: "filed twice")] {
                    group.addTask {
                        do {
                            return .success(
                                try await fixture.engine.send(
                                    TicketWorkflow.self,
                                    workflowID: id,
                                    event: event,
                                    expectedVersion: 1,
                                    actor: .staff("alice")
                                )
                            )
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let winners = outcomes.compactMap { try? $0.get() }
            let conflicts = outcomes.compactMap { outcome -> EngineError? in
                guard case .failure(let error) = outcome else { return nil }
                return error as? EngineError
            }
            try #require(winners.count == 1)
            #expect(conflicts.map(\.code) == [.versionConflict])
            #expect(conflicts.first?.currentVersion == 2)
            let history = try await fixture.engine.history(workflowID: id)
            #expect(history.count == 2)
            #expect(history.last?.toState == winners[0].stateName)
            // Nothing lost: the loser rereads and retries at the current version.
            if winners[0].stateName == "working" {
                let retried = try await fixture.engine.send(
                    TicketWorkflow.self,
                    workflowID: id,
                    event: .cancel(reason: "filed twice"),
                    expectedVersion: 2,
                    actor: .staff("alice")
                )
                #expect(retried.stateName == "cancelled")
            }
        }
    }

    @Test func aTerminalStateCancelsOpenTasksAndTimersAndRefusesEvents() async throws {
        try await EngineFixture.with { fixture in
            let id = try await fixture.fileTicket()
            let cancelled = try await fixture.engine.send(
                TicketWorkflow.self,
                workflowID: id,
                event: .cancel(reason: "customer withdrew"),
                actor: .customer("acme-bob")
            )
            #expect(cancelled.isTerminal && cancelled.mover == .nobody)
            #expect(try await fixture.board.tasks(workflowID: id).map(\.status) == [.cancelled])
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM jobs") == 0)
            let error = try await #require(throws: EngineError.self) {
                try await fixture.engine.send(TicketWorkflow.self, workflowID: id, event: .accept, actor: .staff("alice"))
            }
            #expect(error.transition?.code == .invalidTransition)
        }
    }

    @Test func notificationsAreWrittenOnceToTheOutboxWithAJob() async throws {
        try await EngineFixture.with { fixture in
            let id = try await fixture.fileTicket()
            try await fixture.engine.send(TicketWorkflow.self, workflowID: id, event: .accept, actor: .staff("alice"))
            try await fixture.engine.send(TicketWorkflow.self, workflowID: id, event: .finish, actor: .staff("alice"))
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE template = 'ticket-done'") == 1)
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM jobs WHERE kind = 'notification'") == 1)
        }
    }
}
