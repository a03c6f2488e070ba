import Foundation
import NIOCore
import Testing

@testable import StewardHTTP

/// The pure parts of the connection guard and the authentication throttle, each path without a socket.
@Suite struct ConnectionGuardStateTests {
    typealias Machine = ConnectionGuard.StateMachine

    static func machine() -> Machine {
        Machine(maxBodyBytes: 100, discardableBodyBytes: 1_000, headTimeout: .seconds(10))
    }

    @Test func aRequestWithinTheLimitsIsForwardedAndTheHeadTimerStops() {
        var machine = Self.machine()
        #expect(machine.timer == .head)
        check(machine.head(declaredLength: 100, closeRequested: false), .forward)
        #expect(machine.timer == nil)
        check(machine.body(), .forward)
        check(machine.end(), .forward)
        check(machine.answerEnded(), .drop)
        // Kept alive and idle: no head timer until a byte of the next head arrives.
        #expect(machine.timer == nil)
        machine.readCompleted(partsRead: false)
        #expect(machine.timer == .head)
        check(machine.timerFired(), .answer(.headTimeout(.seconds(10)), close: true))
        #expect(machine.timer == .linger)
        check(machine.timerFired(), .close)
    }

    @Test func aReadThatCompletedAPartDoesNotStartTheHeadTimer() {
        var machine = Self.machine()
        _ = machine.head(declaredLength: nil, closeRequested: false)
        _ = machine.end()
        machine.readCompleted(partsRead: true)
        #expect(machine.timer == nil)
    }

    @Test func aSilentNewConnectionIsClosedWithoutAnAnswer() {
        var machine = Self.machine()
        check(machine.timerFired(), .close)
    }

    @Test func aBodyALittleOverTheLimitIsAnsweredThenThrownAway() {
        var machine = Self.machine()
        check(machine.head(declaredLength: 500, closeRequested: false), .answer(.declaredBodyTooLarge(500, limit: 100), close: false))
        #expect(machine.timer == .discard)
        check(machine.body(), .drop)
        check(machine.end(), .drop)
        #expect(machine.timer == nil)
        check(machine.head(declaredLength: nil, closeRequested: false), .forward)
    }

    @Test(arguments: [(5_000, false), (500, true)])
    func aBodyFarOverTheLimitOrOnAClosingConnectionEndsIt(declared: Int, closeRequested: Bool) {
        var machine = Self.machine()
        check(
            machine.head(declaredLength: declared, closeRequested: closeRequested),
            .answer(.declaredBodyTooLarge(declared, limit: 100), close: true))
        check(machine.body(), .drop)
        #expect(machine.inputClosed())
    }

    /// A body still arriving after its request was answered is only thrown away: it may not trickle in forever.
    @Test func theRestOfABodyAfterItsAnswerIsDue() {
        var machine = Self.machine()
        check(machine.head(declaredLength: 50, closeRequested: false), .forward)
        #expect(machine.timer == nil)
        check(machine.answerEnded(), .drop)
        #expect(machine.timer == .discard)
        check(machine.body(), .forward)
        check(machine.timerFired(), .close)
    }

    /// HTTP/1.1 answers in order: a refusal waits for the answers the server owes.
    @Test func aRefusalWhileAnAnswerIsOwedWaitsForIt() {
        var machine = Self.machine()
        _ = machine.head(declaredLength: nil, closeRequested: false)
        _ = machine.end()
        check(machine.head(declaredLength: 5_000, closeRequested: false), .drop)
        check(machine.answerEnded(), .answer(.declaredBodyTooLarge(5_000, limit: 100), close: true))
    }

    @Test func malformedBytesBetweenRequestsAreAnsweredAndEndTheConnection() {
        var machine = Self.machine()
        let problem = Problem.malformedRequest("bad")
        check(machine.malformed(problem), .answer(problem, close: true))
        check(machine.malformed(problem), .drop)
        check(machine.head(declaredLength: nil, closeRequested: false), .drop)
    }

    /// A body that stops parsing fails the request its route reads; after its answer the connection ends.
    @Test func malformedBytesInABodyFailTheRequestThenEndTheConnection() {
        var machine = Self.machine()
        _ = machine.head(declaredLength: nil, closeRequested: false)
        let problem = Problem.malformedRequest("bad chunk")
        check(machine.malformed(problem), .failRequest(problem))
        check(machine.body(), .drop)
        check(machine.answerEnded(), .finish)
        #expect(machine.timer == .linger)
    }

    @Test func theThrottleRefusesAnAddressPastTheLimitUntilItsWindowPasses() {
        var failures = AuthenticationFailures(throttle: .init(failures: 3, window: .seconds(60)))
        let start = ContinuousClock.now
        check(failures.recordFailure(from: "192.0.2.1", now: start), false)
        check(failures.recordFailure(from: "192.0.2.1", now: start + .seconds(1)), false)
        check(failures.refusal(for: "192.0.2.1", now: start + .seconds(2)), nil)
        check(failures.recordFailure(from: "192.0.2.1", now: start + .seconds(2)), true)
        check(failures.refusal(for: "192.0.2.1", now: start + .seconds(20)), .seconds(40))
        check(failures.refusal(for: "192.0.2.2", now: start + .seconds(20)), nil)
        check(failures.refusal(for: "192.0.2.1", now: start + .seconds(60)), nil)
        check(failures.recordFailure(from: "192.0.2.1", now: start + .seconds(61)), false)
    }

    @Test func theThrottleRemembersABoundedNumberOfAddresses() {
        var failures = AuthenticationFailures(throttle: .init(failures: 2, window: .seconds(60), trackedAddresses: 100))
        let start = ContinuousClock.now
        for number in 0..<5_000 {
            _ = failures.recordFailure(from: "10.0.\(number / 256).\(number % 256)", now: start + .milliseconds(number))
            #expect(failures.windows.count <= 100)
        }
        // The newest are remembered, the oldest forgotten.
        #expect(failures.windows["10.0.19.135"]?.count == 1)
        #expect(failures.windows["10.0.0.0"] == nil)
        // Past every window, nothing is kept.
        _ = failures.recordFailure(from: "10.1.0.0", now: start + .seconds(3_600))
        #expect(failures.windows.count == 1)
    }

    @Test func theThrottleCountsIPv6ByItsSlash64() throws {
        #expect(AuthenticationFailures.key(for: try SocketAddress(ipAddress: "192.0.2.7", port: 1)) == "192.0.2.7")
        #expect(AuthenticationFailures.key(for: try SocketAddress(ipAddress: "2001:db8:1:2:3:4:5:6", port: 1)) == "2001:db8:1:2::/64")
        #expect(
            AuthenticationFailures.key(for: try SocketAddress(ipAddress: "2001:db8:1:2:ffff::1", port: 1))
                == AuthenticationFailures.key(for: try SocketAddress(ipAddress: "2001:db8:1:2::9", port: 1)))
        #expect(AuthenticationFailures.key(for: try SocketAddress(ipAddress: "::ffff:192.0.2.7", port: 1)) == "192.0.2.7")
        #expect(AuthenticationFailures.key(for: nil) == "unknown")
    }
}

/// `#expect` of a value computed first: the macro cannot call a mutating method.
private func check<Value: Equatable>(_ value: Value, _ expected: Value, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(value == expected, sourceLocation: sourceLocation)
}
