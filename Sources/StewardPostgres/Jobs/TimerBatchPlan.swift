import Foundation
import StewardCore

/// The pure decision of a batch of due timers, given the workflows their transaction could lock:
/// which timers apply (and the transitions they make, in order), which wait because another
/// transaction holds their workflow, which wait for a paused workflow, and which their workflow refused.
///
/// Timers are taken in the order they were claimed. A workflow with two due timers sees the first
/// one's result when the second is decided. A timer without a workflow has nothing to apply and completes.
struct TimerBatchPlan {
    /// Transitions to write, in order; their timers complete.
    var steps: [AppliedTransition] = []
    /// Timers that complete: those of `steps` and those with nothing to apply.
    var completed: [DueTimer] = []
    /// Timers whose workflow another transaction holds (an API call moving it): left due, untouched,
    /// for a later batch, so that the batch never waits on a workflow's lock.
    var busy: [DueTimer] = []
    /// Timers of paused workflows: handed back to wait for the resume.
    var parked: [DueTimer] = []
    /// Timers whose event the workflow refused: retrying the same event cannot help.
    var refused: [(timer: DueTimer, error: String)] = []

    init(
        timers: [DueTimer],
        workflows: [UUID: WorkflowSnapshot],
        decide: (_ event: Data, _ workflow: WorkflowSnapshot) throws -> AppliedTransition
    ) {
        var workflows = workflows
        for timer in timers {
            guard let workflowID = timer.workflowID else {
                completed.append(timer)
                continue
            }
            // A workflow that is gone took its timers with it (ON DELETE CASCADE): one missing here is locked.
            guard let workflow = workflows[workflowID] else {
                busy.append(timer)
                continue
            }
            guard workflow.pausedAt == nil else {
                parked.append(timer)
                continue
            }
            do {
                let step = try decide(timer.payload, workflow)
                workflows[workflowID] = step.workflow
                steps.append(step)
                completed.append(timer)
            } catch {
                refused.append((timer, String(describing: error)))
            }
        }
    }
}
