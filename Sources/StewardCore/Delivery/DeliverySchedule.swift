import Foundation

/// When a delivery that failed for a passing reason is tried again: a fixed schedule (the one the
/// Standard Webhooks spec suggests), the server's `Retry-After` when it gave one, and never past
/// the horizon, after which the delivery is given up and shows as dead.
public struct DeliverySchedule: Sendable, Hashable {
    /// The wait after the first, second, … failed attempt; the last one repeats.
    public var delays: [Duration]
    /// How long after the notification was written a delivery is still tried.
    public var horizon: Duration

    public init(
        delays: [Duration] = [
            .seconds(5), .seconds(300), .seconds(1_800), .seconds(7_200), .seconds(18_000), .seconds(36_000), .seconds(36_000),
        ],
        horizon: Duration = .seconds(3 * 86_400)
    ) {
        precondition(!delays.isEmpty, "a delivery schedule needs at least one delay")
        self.delays = delays
        self.horizon = horizon
    }

    /// When to try again after the `attempt`-th attempt (1-based) failed at `now`, or nil when the
    /// next try would fall past the horizon. A server's `Retry-After` replaces the scheduled wait.
    public func retryAt(afterAttempt attempt: Int, createdAt: Date, now: Date, retryAfter: Duration? = nil) -> Date? {
        let wait = retryAfter ?? delays[min(max(attempt, 1), delays.count) - 1]
        let next = now.addingTimeInterval(wait.timeInterval)
        return next <= createdAt.addingTimeInterval(horizon.timeInterval) ? next : nil
    }

    /// The horizon as people say it: "72 hours", "2 minutes".
    public var horizonDescription: String {
        let seconds = Int(horizon.timeInterval)
        return seconds >= 7_200 ? "\(seconds / 3_600) hours" : seconds >= 120 ? "\(seconds / 60) minutes" : "\(seconds) seconds"
    }
}
