import Foundation
import Synchronization

/// The source of "now" for the engine and the workers; tests substitute a ``ManualClock``.
public protocol WallClock: Sendable {
    var now: Date { get }
}

/// The host's clock. Hosts running workers keep it in sync (NTP): leases and due times compare instants.
public struct SystemClock: WallClock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that moves only when told to, for tests that drive timers and leases.
public final class ManualClock: WallClock {
    private let instant: Mutex<Date>

    public init(_ start: Date) {
        instant = Mutex(start)
    }

    public var now: Date { instant.withLock { $0 } }

    public func advance(by duration: Duration) {
        instant.withLock { $0 = $0.adding(duration) }
    }

    public func set(_ date: Date) {
        instant.withLock { $0 = date }
    }
}

extension Duration {
    /// The duration in seconds, as Foundation counts them.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

extension Date {
    /// The instant `duration` later.
    public func adding(_ duration: Duration) -> Date {
        addingTimeInterval(duration.timeInterval)
    }
}
