/// Where a job is in its life; finished jobs are deleted, so these are all there is.
public enum JobStatus: String, Sendable, Hashable, CaseIterable {
    /// Waiting for its `run_at`, then for a worker.
    case ready
    /// Claimed by a worker under a lease.
    case running
    /// Out of attempts, or failed for good: stuck until an operator retries it.
    case dead
    /// A timer of a workflow an operator paused: it waits for the resume.
    case paused

    /// The status as an SQL literal, so statements keep matching the partial indexes on it
    /// (`WHERE status = 'ready'`); a bound parameter would not.
    public var literal: String { "'\(rawValue)'" }
}
