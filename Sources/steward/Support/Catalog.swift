import StewardBench
import StewardCore

/// The request types this build of Steward runs.
enum Catalog {
    static var registry: WorkflowRegistry {
        WorkflowRegistry([AnyWorkflow(TimerChainWorkflow())])
    }
}
