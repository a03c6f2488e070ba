/// Runs claimed jobs of one kind whose work the generic store does not know (a report schedule's
/// run). A runner completes the job itself, fenced, in the transaction that writes what the run
/// made, so a run is written once; an error it throws leaves the job to be retried and, once its
/// attempts are spent, dead and listed by `steward stuck`.
public protocol JobRunner: Sendable {
    func run(_ job: ClaimedJob, queue: JobQueue) async throws
}
