extension APIServer {
    /// How long a client may take over each part of a connection before the server closes it, so
    /// slow or idle clients cannot hold connections open.
    public struct ConnectionLimits: Sendable, Hashable {
        /// A request head must arrive whole within this: counted from the connection's start for
        /// its first request and from the first byte of each later one. A client that started a
        /// head and did not finish it gets 408; one that sent nothing is closed without an answer.
        public var headTimeout: Duration
        /// A connection with no request under way for this long is closed (so is one whose request
        /// body pauses this long). Longer than the 60 s load balancers commonly keep an idle
        /// connection, so the balancer closes first and never sends on a connection being closed.
        public var idleTimeout: Duration

        public init(headTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(75)) {
            self.headTimeout = headTimeout
            self.idleTimeout = idleTimeout
        }
    }
}
