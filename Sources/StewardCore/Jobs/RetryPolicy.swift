/// When a failed job runs again: exponential backoff with jitter, so a burst of failures spreads out.
public struct RetryPolicy: Sendable, Hashable {
    public var initialDelay: Duration
    public var maximumDelay: Duration
    /// A job is dead after this many attempts and shows up as stuck.
    public var maxAttempts: Int

    public init(initialDelay: Duration = .seconds(1), maximumDelay: Duration = .seconds(3_600), maxAttempts: Int = 10) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maxAttempts = maxAttempts
    }

    /// The delay after the `attempt`-th failure (1-based). `jitter` in 0...1 picks a point in the
    /// upper half of the exponential step: half of it is fixed, half is random ("equal jitter").
    public func delay(afterAttempt attempt: Int, jitter: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 40)
        let base = min(initialDelay.timeInterval * Double(1 << exponent), maximumDelay.timeInterval)
        let clamped = min(max(jitter, 0), 1)
        return .milliseconds(Int64((base / 2 + base / 2 * clamped) * 1_000))
    }
}
