/// How long things may wait before an operator is told a workflow is stuck.
public struct StuckThresholds: Sendable {
    /// How long a workflow may stay in one state unless a per-state threshold says otherwise.
    public var stateAge: Duration
    /// Per request type and state name, e.g. `["incident": ["in_progress": .seconds(5 * 86_400)]]`.
    public var stateAgeByState: [String: [String: Duration]]
    /// How long a task may stay in its group's queue unclaimed.
    public var taskUnclaimed: Duration
    /// How long a claimed task may go without activity.
    public var taskIdle: Duration
    /// A job that lost its lease this many times is reported: its worker keeps dying or stalling.
    public var leaseLosses: Int

    public init(
        stateAge: Duration = .seconds(3 * 86_400),
        stateAgeByState: [String: [String: Duration]] = [:],
        taskUnclaimed: Duration = .seconds(4 * 3_600),
        taskIdle: Duration = .seconds(86_400),
        leaseLosses: Int = 3
    ) {
        self.stateAge = stateAge
        self.stateAgeByState = stateAgeByState
        self.taskUnclaimed = taskUnclaimed
        self.taskIdle = taskIdle
        self.leaseLosses = leaseLosses
    }

    /// The threshold for a workflow of `type` in `state`.
    public func stateAge(type: String, state: String) -> Duration {
        stateAgeByState[type]?[state] ?? stateAge
    }
}
