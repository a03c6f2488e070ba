extension HealthCheckWorkflow {
    /// The health check policy besides the contract's fixed rules.
    public struct Configuration: Sendable, Hashable {
        /// How long after delivery an unconfirmed report closes itself.
        public var autoCloseAfter: Duration

        public init(autoCloseAfter: Duration = .seconds(7 * 86_400)) {
            self.autoCloseAfter = autoCloseAfter
        }
    }
}
