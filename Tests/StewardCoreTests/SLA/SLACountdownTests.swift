import Foundation
import Testing

@testable import StewardCore

/// The countdown a page draws from an SLA status: how much of the response time is used, and its
/// colour at the policy's warning fractions (severity 1: 30 min round the clock, warnings at 50 % and 80 %).
@Suite struct SLACountdownTests {
    static let received = Date(timeIntervalSince1970: 1_780_000_000)

    func status(after minutes: Double, respondedAfter response: Double? = nil, warnings: [Double] = [0.5, 0.8]) throws -> SLAStatus {
        let policy = try SLAPolicy(responseTimes: SLAPolicy.contract.responseTimes, warningFractions: warnings)
        var clock = SLAClock.start(
            receivedAt: Self.received, severity: .critical, tier: .standard, policy: policy, supportCalendar: .roundTheClock,
            at: Self.received
        ).clock
        let now = Self.received.addingTimeInterval(minutes * 60)
        if let response {
            clock = clock.respond(at: Self.received.addingTimeInterval(response * 60), supportCalendar: .roundTheClock).clock
        }
        if now > clock.dueAt, clock.firstResponse == nil { clock = clock.breachDue(at: now).clock }
        return clock.status(at: now, supportCalendar: .roundTheClock)
    }

    @Test func theBarIsGreenBeforeTheFirstWarningAmberFromItAndRedFromTheLast() throws {
        #expect(try status(after: 0).usedFraction == 0)
        #expect(try status(after: 10).band == .green)
        #expect(try status(after: 15).band == .amber, "50 % of 30 min")
        #expect(try status(after: 23).band == .amber)
        #expect(try status(after: 24).band == .red, "80 % of 30 min")
        let breached = try status(after: 45)
        #expect(breached.band == .red)
        #expect(breached.usedFraction == 1, "a run-out clock is full, not past full")
        #expect(breached.targetSeconds == 1_800)
        #expect(breached.warningFractions == [0.5, 0.8])
    }

    @Test func aStoppedClockKeepsTheShareItStoppedAt() throws {
        let answered = try status(after: 60, respondedAfter: 6)
        #expect(answered.standing == .met)
        #expect(abs(answered.usedFraction - 0.2) < 0.001)
        #expect(answered.band == .green)
    }

    @Test func withOneWarningTheBarTurnsRedOnlyWhenBreached() throws {
        #expect(try status(after: 29, warnings: [0.75]).band == .amber)
        #expect(try status(after: 31, warnings: [0.75]).band == .red)
        #expect(try status(after: 29, warnings: []).band == .green)
    }
}
