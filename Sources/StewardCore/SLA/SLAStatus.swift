import Foundation

/// Where a request's response-time target stands at one instant: what a TAM's countdown shows.
///
/// `severity`, `dueAt` and `remainingSeconds` describe the target in force: the incident's
/// severity's until the first response, and the one the response was judged by after it (a later
/// severity change leaves a stopped clock as it is). A recorded breach keeps its own figures in
/// `breachedAt` and `breachedSeverity`, since a severity change after it moves the target in force
/// but never the breach.
public struct SLAStatus: Sendable, Hashable, Codable {
    public enum Standing: String, Sendable, Hashable, Codable {
        /// No first response yet and the due instant is ahead.
        case running
        /// Answered in time.
        case met
        /// The due instant passed without a first response (answered late or not at all).
        case breached
    }

    public var standing: Standing
    public var severity: Severity
    public var receivedAt: Date
    public var dueAt: Date
    /// Seconds of counted time (business time for business-hours targets) left until `dueAt`;
    /// negative once it has passed; frozen at the first response.
    public var remainingSeconds: Int
    public var firstResponseAt: Date?
    /// The due instant that was missed, once a breach is recorded.
    public var breachedAt: Date?
    /// The severity whose target was missed.
    public var breachedSeverity: Severity?

    /// The status at `now`, with `remaining` as the clock's calendar counts it.
    public init(clock: SLAClock, remaining: Duration, at now: Date) {
        standing =
            if clock.isBreached {
                .breached
            } else if clock.firstResponse != nil {
                .met
            } else {
                // Past due before a worker has recorded the breach: it is breached all the same. At the
                // due instant itself an answer is still in time, as the clock judges it.
                now <= clock.dueAt ? .running : .breached
            }
        severity = clock.severity
        receivedAt = clock.receivedAt
        dueAt = clock.dueAt
        remainingSeconds = Int(remaining.components.seconds)
        firstResponseAt = clock.firstResponse?.at
        breachedAt = clock.breachedAt
        breachedSeverity = clock.breachedAt.map { _ in clock.breachedSeverity ?? clock.severity }
    }
}
