import NIOCore
import Synchronization

/// Refused authentications by client address, counted in a window that opens at an address's
/// first failure, under ``APIServer/AuthenticationThrottle``. A pure value: every call takes `now`.
struct AuthenticationFailures: Sendable {
    struct Window: Sendable, Equatable {
        var start: ContinuousClock.Instant
        var count: Int
    }

    let throttle: APIServer.AuthenticationThrottle
    private(set) var windows: [String: Window] = [:]
    /// Addresses by the start of their window, oldest first (from `oldest` on): who to forget
    /// first. An entry whose address has a newer window since is skipped.
    private var starts: [(address: String, start: ContinuousClock.Instant)] = []
    private var oldest = 0

    init(throttle: APIServer.AuthenticationThrottle) {
        self.throttle = throttle
    }

    /// How long `address` must wait before it may authenticate again; nil when it may now.
    mutating func refusal(for address: String, now: ContinuousClock.Instant) -> Duration? {
        guard let window = windows[address] else { return nil }
        let end = window.start + throttle.window
        guard now < end else {
            windows[address] = nil
            return nil
        }
        return window.count >= throttle.failures ? end - now : nil
    }

    /// Counts one refused authentication from `address`; true when it is the one that reaches
    /// the limit, so the refusals that follow are 429.
    mutating func recordFailure(from address: String, now: ContinuousClock.Instant) -> Bool {
        forgetExpired(now: now)
        if var window = windows[address], now < window.start + throttle.window {
            window.count += 1
            windows[address] = window
            return window.count == throttle.failures
        }
        windows[address] = Window(start: now, count: 1)
        starts.append((address, now))
        while windows.count > throttle.trackedAddresses, forgetOldest() {}
        return throttle.failures == 1
    }

    /// The windows that have passed are forgotten.
    private mutating func forgetExpired(now: ContinuousClock.Instant) {
        while oldest < starts.count, starts[oldest].start + throttle.window <= now {
            _ = forgetOldest()
        }
    }

    /// Forgets the window of the oldest entry (if it is still that address's window); false when none is left.
    private mutating func forgetOldest() -> Bool {
        guard oldest < starts.count else { return false }
        let (address, start) = starts[oldest]
        oldest += 1
        if windows[address]?.start == start { windows[address] = nil }
        if oldest > 1_024, oldest * 2 > starts.count {
            starts.removeFirst(oldest)
            oldest = 0
        }
        return true
    }

    /// What failures are counted by: an IPv4 address, an IPv6 /64 (one host holds a whole /64, so
    /// counting single addresses would not hold it back), `unix` or `unknown`.
    static func key(for address: SocketAddress?) -> String {
        switch address {
        case .v4?:
            return address?.ipAddress ?? "unknown"
        case .v6(let v6)?:
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            // An IPv4 client of a dual-stack socket (::ffff:a.b.c.d) is its IPv4 address.
            if bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
                return bytes.suffix(4).map(String.init).joined(separator: ".")
            }
            let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            return groups.joined(separator: ":") + "::/64"
        case .unixDomainSocket?:
            return "unix"
        case nil:
            return "unknown"
        }
    }

    /// The failures of every request of a server, behind a lock.
    final class Shared: Sendable {
        private let state: Mutex<AuthenticationFailures>
        let throttle: APIServer.AuthenticationThrottle

        init(throttle: APIServer.AuthenticationThrottle) {
            self.throttle = throttle
            state = Mutex(AuthenticationFailures(throttle: throttle))
        }

        func refusal(for address: String) -> Duration? {
            state.withLock { $0.refusal(for: address, now: .now) }
        }

        func recordFailure(from address: String) -> Bool {
            state.withLock { $0.recordFailure(from: address, now: .now) }
        }
    }
}
