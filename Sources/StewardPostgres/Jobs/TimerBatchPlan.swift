import Foundation
import StewardCore

/// The pure decision of a batch of due timers, given the workflows their transaction could lock:
/// which timers apply (and the transitions they make, in order), which wait because another
/// transaction holds their workflow, which wait for a paused workflow, and which their workflow refused.
///
/// Timers are taken in the order they were claimed. A workflow with two due timers sees the first
/// one's result when the second is decided, and a timer the first one's transition set again,
/// cancelled, or left behind by finishing the workflow is superseded: its row is the effects' to
/// write or delete. A timer without a workflow has nothing to apply and completes.
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
    /// Timers an earlier step of the batch set again or cancelled (by name, or by finishing their
    /// workflow): neither decided nor deleted, since that step's effects rewrite or remove their rows.
    var superseded: [DueTimer] = []

    init(
        timers: [DueTimer],
        workflows: [UUID: WorkflowSnapshot],
        decide: (_ event: Data, _ workflow: WorkflowSnapshot) throws -> AppliedTransition
    ) {
        var workflows = workflows
        var rewritten: [UUID: Set<String>] = [:]
        var finished: Set<UUID> = []
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
            guard !finished.contains(workflowID), !(rewritten[workflowID]?.contains(timer.name) ?? false) else {
                superseded.append(timer)
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
                for effect in step.transition.effects {
                    switch effect {
                    case .scheduleTimer(let name, _, _), .cancelTimer(let name): rewritten[workflowID, default: []].insert(name)
                    case .createTask, .cancelTask, .notify: break
                    }
                }
                if step.transition.isTerminal { finished.insert(workflowID) }
            } catch {
                refused.append((timer, String(describing: error)))
            }
        }
    }
}
