import Foundation
import StewardCore

/// A workflow of N timer-driven steps, each due at once: the benchmark's workload, and the
/// tests' way to create many timer jobs.
public struct TimerChainWorkflow: Workflow {
    public static let type = "timer-chain"

    public struct Input: Codable, Sendable {
        public var steps: Int
        /// Seconds from start until the first step is due (0: at once).
        public var delay: Double

        public init(steps: Int, delay: Double = 0) {
            self.steps = steps
            self.delay = delay
        }
    }

    public enum State: WorkflowState {
        case waiting(step: Int, of: Int)
        case finished

        public var name: String {
            switch self {
            case .waiting: "waiting"
            case .finished: "finished"
            }
        }

        public var isTerminal: Bool { self == .finished }
    }

    public enum Event: WorkflowEvent {
        case stepDue

        public var name: String { "stepDue" }
    }

    public let version = 1

    public init() {}

    public func start(_ input: Input, context: WorkflowContext) throws(TransitionError) -> Transition<State, Event> {
        guard input.steps >= 1 else {
            throw TransitionError(
                code: .ruleViolated,
                workflowType: Self.type,
                reason: "steps must be at least 1, not \(input.steps)",
                field: "steps"
            )
        }
        return Transition(
            to: .waiting(step: 1, of: input.steps),
            effects: [.scheduleTimer(name: "step", at: context.now.addingTimeInterval(input.delay), event: .stepDue)]
        )
    }

    public func decide(
        _ state: State, on event: Event, context: WorkflowContext
    ) throws(TransitionError)
        -> Transition<State, Event>
    {
        guard case .waiting(let step, let steps) = state else {
            throw .invalid(Self.type, state: state.name, event: event.name)
        }
        guard step < steps else { return Transition(to: .finished) }
        return Transition(
            to: .waiting(step: step + 1, of: steps),
            effects: [.scheduleTimer(name: "step", at: context.now, event: .stepDue)]
        )
    }

    public func mover(of state: State) -> Mover { .system }
}
