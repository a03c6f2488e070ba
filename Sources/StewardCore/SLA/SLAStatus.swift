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
    /// The whole response time of the target in force, counted as `remainingSeconds` is.
    public var targetSeconds: Int
    /// The fractions of the response time at which the TAM-or-duty-manager is warned, ascending.
    public var warningFractions: [Double]

    /// The status at `now` of a target with these figures, `remaining` as their calendar counts it.
    init(figures: SLAFigures, remaining: Duration, at now: Date) {
        standing =
            if figures.breachedAt != nil {
                .breached
            } else if figures.firstResponseAt != nil {
                .met
            } else {
                // Past due before a worker has recorded the breach: it is breached all the same. At the
                // due instant itself an answer is still in time, as the clock judges it.
                now <= figures.dueAt ? .running : .breached
            }
        severity = figures.severity
        receivedAt = figures.receivedAt
        dueAt = figures.dueAt
        remainingSeconds = Int(remaining.components.seconds)
        firstResponseAt = figures.firstResponseAt
        breachedAt = figures.breachedAt
        breachedSeverity = figures.breachedSeverity
        targetSeconds = figures.targetSeconds
        warningFractions = figures.warningFractions
    }

    /// How much of the response time has been used, from 0 to 1 (1 once it has run out); a
    /// stopped clock keeps the share it stopped at.
    public var usedFraction: Double {
        guard targetSeconds > 0 else { return 1 }
        return min(1, max(0, 1 - Double(remainingSeconds) / Double(targetSeconds)))
    }

    /// A countdown's colour, as the policy's warnings mark the way.
    public enum Band: String, Sendable, Hashable {
        /// Before the first warning.
        case green
        /// From the first warning on.
        case amber
        /// From the last warning on, and once breached.
        case red
    }

    /// The band of ``usedFraction``: amber from the first warning fraction, red from the last
    /// (with a single warning, red only when breached).
    public var band: Band {
        if standing == .breached { return .red }
        let used = usedFraction
        if warningFractions.count > 1, let last = warningFractions.last, used >= last { return .red }
        if let first = warningFractions.first, used >= first { return .amber }
        return .green
    }
}
