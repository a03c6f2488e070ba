import Foundation
import StewardCore

/// A small support ticket that exercises every kind of effect, for the engine's tests:
/// a task for a group, a timer that escalates, notifications, a customer wait and cancellation.
public struct TicketWorkflow: Workflow {
    public static let type = "ticket"

    public struct Input: Codable, Sendable {
        public var title: String
        /// Seconds until an unaccepted ticket escalates to the TAM or duty manager.
        public var escalateAfter: Double

        public init(title: String, escalateAfter: Double = 3_600) {
            self.title = title
            self.escalateAfter = escalateAfter
        }
    }

    public enum State: WorkflowState {
        case triage(escalations: Int)
        case working
        case waitingForCustomer
        case done
        case cancelled

        public var name: String {
            switch self {
            case .triage: "triage"
            case .working: "working"
            case .waitingForCustomer: "waiting_for_customer"
            case .done: "done"
            case .cancelled: "cancelled"
            }
        }

        public var isTerminal: Bool { self == .done || self == .cancelled }
    }

    public enum Event: WorkflowEvent {
        case accept
        case escalateDue
        case askCustomer
        case customerReplied
        case finish
        case cancel(reason: String)

        public var name: String {
            switch self {
            case .accept: "accept"
            case .escalateDue: "escalateDue"
            case .askCustomer: "askCustomer"
            case .customerReplied: "customerReplied"
            case .finish: "finish"
            case .cancel: "cancel"
            }
        }
    }

    public let version = 1

    public init() {}

    public func start(_ input: Input, context: WorkflowContext) throws(TransitionError) -> Transition<State, Event> {
        guard !input.title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw TransitionError(code: .ruleViolated, workflowType: Self.type, reason: "a ticket needs a title", field: "title")
        }
        return Transition(
            to: .triage(escalations: 0),
            effects: [
                .createTask(TaskSpec(name: "triage", group: "support", title: input.title)),
                .scheduleTimer(name: "escalate", at: context.now.addingTimeInterval(input.escalateAfter), event: .escalateDue),
            ]
        )
    }

    public func decide(
        _ state: State, on event: Event, context: WorkflowContext
    ) throws(TransitionError)
        -> Transition<State, Event>
    {
        switch (state, event) {
        case (.triage, .accept):
            return Transition(to: .working, effects: [.cancelTask(name: "triage"), .cancelTimer(name: "escalate")])
        case (.triage(let escalations), .escalateDue):
            let number = escalations + 1
            return Transition(
                to: .triage(escalations: number),
                effects: [
                    .notify(
                        Notification(
                            to: .tamOrDutyManager,
                            template: "ticket-escalated",
                            fields: ["escalation": "\(number)"],
                            dedupKey: "escalation-\(number)"
                        )
                    )
                ]
            )
        case (.working, .askCustomer):
            return Transition(to: .waitingForCustomer)
        case (.waitingForCustomer, .customerReplied):
            return Transition(to: .working)
        case (.working, .finish):
            return Transition(
                to: .done,
                effects: [.notify(Notification(to: .customerContacts, template: "ticket-done", dedupKey: "done"))]
            )
        case (let state, .cancel) where !state.isTerminal:
            return Transition(to: .cancelled)
        default:
            throw .invalid(Self.type, state: state.name, event: event.name, allowed: allowedEvents(in: state))
        }
    }

    public func mover(of state: State) -> Mover {
        switch state {
        case .triage, .working: .group("support")
        case .waitingForCustomer: .customer
        case .done, .cancelled: .nobody
        }
    }

    private func allowedEvents(in state: State) -> [String] {
        switch state {
        case .triage: ["accept", "escalateDue", "cancel"]
        case .working: ["askCustomer", "finish", "cancel"]
        case .waitingForCustomer: ["customerReplied", "cancel"]
        case .done, .cancelled: []
        }
    }
}
