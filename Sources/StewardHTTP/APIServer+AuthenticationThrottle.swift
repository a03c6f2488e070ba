extension APIServer {
    /// How many refused authentications one client address may have: after ``failures`` within
    /// ``window``, every `/v1` request from it is answered 429 with `Retry-After`, its token not
    /// looked up, until the window passes. Behind a proxy every client has the proxy's address,
    /// so one client guessing tokens would hold back all of them: raise the limit there.
    public struct AuthenticationThrottle: Sendable, Hashable {
        public var failures: Int
        public var window: Duration
        /// How many addresses are remembered at once; past it the oldest window is forgotten, so
        /// a flood of addresses costs bounded memory.
        public var trackedAddresses: Int

        public init(failures: Int = 20, window: Duration = .seconds(60), trackedAddresses: Int = 10_000) {
            self.failures = max(1, failures)
            self.window = window
            self.trackedAddresses = max(1, trackedAddresses)
        }
    }
}
