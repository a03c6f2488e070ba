import Foundation
import StewardCore

/// The pure decision of a batch of claimed timer jobs, given what their transaction found
/// locked: which jobs apply (and the transitions they make, in order), which were lost, which
/// wait for a paused workflow, and which its workflow refused.
///
/// Jobs are taken in the order they were claimed. A workflow with two due timers sees the first
/// one's result when the second is decided. A job without a workflow, or whose workflow is gone,
/// has nothing to apply and completes.
struct TimerBatchPlan {
    /// Transitions to write, in order; their jobs complete.
    var steps: [AppliedTransition] = []
    /// Jobs that complete: those of `steps` and those with nothing to apply.
    var completed: [ClaimedJob] = []
    /// Jobs this claim no longer holds: another worker has them, nothing to do.
    var lost: [ClaimedJob] = []
    /// Jobs of workflows paused since the claim: handed back to wait for the resume.
    var parked: [ClaimedJob] = []
    /// Jobs whose event the workflow refused: retrying the same event cannot help.
    var refused: [(job: ClaimedJob, error: String)] = []

    init(
        jobs: [ClaimedJob],
        held: Set<Int64>,
        workflows: [UUID: WorkflowSnapshot],
        decide: (_ event: Data, _ workflow: WorkflowSnapshot) throws -> AppliedTransition
    ) {
        var workflows = workflows
        for job in jobs {
            guard held.contains(job.id) else {
                lost.append(job)
                continue
            }
            guard let workflowID = job.workflowID, let workflow = workflows[workflowID] else {
                completed.append(job)
                continue
            }
            guard workflow.pausedAt == nil else {
                parked.append(job)
                continue
            }
            do {
                let step = try decide(job.payload, workflow)
                workflows[workflowID] = step.workflow
                steps.append(step)
                completed.append(job)
            } catch {
                refused.append((job, String(describing: error)))
            }
        }
    }
}
