extension PrivatePatchWorkflow {
    /// The private patch policy besides the lifecycle: how often to remind, when to close.
    public struct Configuration: Sendable, Hashable {
        /// How long after the licence request (and after each reminder) the customer is reminded again.
        public var licenseReminderInterval: Duration
        /// How long after delivery an unconfirmed request closes itself.
        public var autoCloseAfter: Duration

        public init(
            licenseReminderInterval: Duration = .seconds(3 * 86_400),
            autoCloseAfter: Duration = .seconds(7 * 86_400)
        ) {
            self.licenseReminderInterval = licenseReminderInterval
            self.autoCloseAfter = autoCloseAfter
        }
    }
}
