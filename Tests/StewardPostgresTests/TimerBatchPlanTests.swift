import Foundation
import StewardCore
import Testing

@testable import StewardPostgres

/// How a batch of due timers is sorted and decided, without a database: the transaction only
/// supplies the timers it locked and the workflows it could lock.
@Suite struct TimerBatchPlanTests {
    static let now = Date(timeIntervalSince1970: 1_795_521_600)

    static func workflow(_ id: UUID, paused: Bool = false) -> WorkflowSnapshot {
        WorkflowSnapshot(
            id: id, customerID: "acme", type: "ticket", definitionVersion: 1, stateName: "s0", state: Data("{}".utf8),
            mover: .system, isTerminal: false, version: 1, createdAt: now, updatedAt: now, stateEnteredAt: now,
            pausedAt: paused ? now : nil
        )
    }

    static func job(_ id: Int64, _ workflowID: UUID?, event: String = "step") -> DueTimer {
        DueTimer(id: id, customerID: "acme", workflowID: workflowID, name: "t\(id)", payload: Data(event.utf8), runAt: now, attempts: 0)
    }

    struct Refused: Error {}

    /// Moves a workflow to `s<version>`, or refuses the event `refuse`; `set t<n>` and `cancel t<n>`
    /// set or cancel that timer, and `finish` ends the workflow.
    static func decide(_ event: Data, _ workflow: WorkflowSnapshot) throws -> AppliedTransition {
        let name = String(decoding: event, as: UTF8.self)
        guard name != "refuse" else { throw Refused() }
        var next = workflow
        next.version += 1
        next.stateName = "s\(next.version)"
        let words = name.split(separator: " ").map(String.init)
        let effects: [RecordedEffect] =
            switch words.first {
            case "set": [.scheduleTimer(name: words[1], at: now.addingTimeInterval(60), event: Data("step".utf8))]
            case "cancel": [.cancelTimer(name: words[1])]
            default: []
            }
        let transition = RecordedTransition(
            event: "step", stateName: next.stateName, state: Data("{}".utf8), isTerminal: name == "finish", mover: .system,
            effects: effects
        )
        return AppliedTransition(from: workflow, workflow: next, transition: transition, payload: event, actor: .system, at: now)
    }

    static func plan(_ timers: [DueTimer], workflows: [WorkflowSnapshot]) -> TimerBatchPlan {
        TimerBatchPlan(timers: timers, workflows: Dictionary(uniqueKeysWithValues: workflows.map { ($0.id, $0) }), decide: decide)
    }

    @Test func aWorkflowWithTwoDueTimersMovesTwiceInClaimOrder() {
        let id = UUID()
        let plan = Self.plan([Self.job(1, id), Self.job(2, id)], workflows: [Self.workflow(id)])
        #expect(plan.steps.map(\.workflow.version) == [2, 3])
        #expect(plan.steps.map { $0.from?.stateName } == ["s0", "s2"])
        #expect(plan.completed.map(\.id) == [1, 2])
    }

    @Test func aTimerWhoseWorkflowAnotherTransactionHoldsIsLeftDueAndDecidesNothing() {
        let (held, free) = (UUID(), UUID())
        let plan = Self.plan([Self.job(1, held), Self.job(2, free)], workflows: [Self.workflow(free)])
        #expect(plan.busy.map(\.id) == [1])
        #expect(plan.steps.map(\.workflow.id) == [free])
        #expect(plan.completed.map(\.id) == [2])
    }

    @Test func aPausedWorkflowsTimerIsParked() {
        let id = UUID()
        let plan = Self.plan([Self.job(1, id)], workflows: [Self.workflow(id, paused: true)])
        #expect(plan.parked.map(\.id) == [1])
        #expect(plan.steps.isEmpty && plan.completed.isEmpty)
    }

    @Test func aRefusedEventFailsOnlyItsJob() {
        let (first, second) = (UUID(), UUID())
        let plan = Self.plan(
            [Self.job(1, first, event: "refuse"), Self.job(2, second)],
            workflows: [Self.workflow(first), Self.workflow(second)]
        )
        #expect(plan.refused.map(\.timer.id) == [1])
        #expect(plan.steps.map(\.workflow.id) == [second])
        #expect(plan.completed.map(\.id) == [2])
    }

    @Test func aRefusalLeavesTheWorkflowAsItWasForItsNextTimer() {
        let id = UUID()
        let plan = Self.plan([Self.job(1, id, event: "refuse"), Self.job(2, id)], workflows: [Self.workflow(id)])
        #expect(plan.steps.map { $0.from?.version } == [1])
    }

    /// The later timer's row is the earlier step's to rewrite or delete: deciding it too would apply
    /// an event its workflow no longer waits for.
    @Test func aTimerAnEarlierStepSetAgainCancelledOrEndedIsSuperseded() {
        let (set, cancelled, ended, other) = (UUID(), UUID(), UUID(), UUID())
        let plan = Self.plan(
            [
                Self.job(1, set, event: "set t2"), Self.job(2, set),
                Self.job(3, cancelled, event: "cancel t4"), Self.job(4, cancelled),
                Self.job(5, ended, event: "finish"), Self.job(6, ended),
                Self.job(7, other, event: "set t9"), Self.job(8, other),
            ],
            workflows: [Self.workflow(set), Self.workflow(cancelled), Self.workflow(ended), Self.workflow(other)]
        )
        #expect(plan.superseded.map(\.id) == [2, 4, 6])
        #expect(plan.completed.map(\.id) == [1, 3, 5, 7, 8])
        #expect(plan.steps.count == 5 && plan.refused.isEmpty)
    }

    @Test func aTimerWithoutAWorkflowCompletesWithNothingToApply() {
        let plan = Self.plan([Self.job(1, nil)], workflows: [])
        #expect(plan.completed.map(\.id) == [1])
        #expect(plan.steps.isEmpty && plan.busy.isEmpty)
    }
}
