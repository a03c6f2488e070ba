extension AVDatabaseReleaseWorkflow {
    /// The antivirus database release policy.
    public struct Configuration: Sendable, Hashable {
        /// How long after publication an unconfirmed request closes itself.
        public var autoCloseAfter: Duration
        /// The queue priority of the virus lab's and the release group's tasks: MSA Enterprise
        /// releases are urgent, so they come before everything at the default priority (100).
        public var taskPriority: Int

        public init(autoCloseAfter: Duration = .seconds(7 * 86_400), taskPriority: Int = 10) {
            self.autoCloseAfter = autoCloseAfter
            self.taskPriority = taskPriority
        }
    }
}
