import Foundation
import StewardCore
import Testing

@Suite struct DeliveryScheduleTests {
    let created = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func waitsLongerAfterEachFailureThenRepeatsTheLastWait() {
        let schedule = DeliverySchedule()
        let waits = (1...9).map { attempt in
            schedule.retryAt(afterAttempt: attempt, createdAt: created, now: created, retryAfter: nil)!.timeIntervalSince(created)
        }
        #expect(waits == [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000, 36_000, 36_000])
    }

    @Test func aServersRetryAfterReplacesTheScheduledWait() {
        let next = DeliverySchedule().retryAt(afterAttempt: 1, createdAt: created, now: created, retryAfter: .seconds(120))
        #expect(next == created.addingTimeInterval(120))
    }

    @Test func givesUpWhenTheNextTryFallsPastTheHorizon() {
        let schedule = DeliverySchedule(horizon: .seconds(3_600))
        #expect(schedule.retryAt(afterAttempt: 3, createdAt: created, now: created.addingTimeInterval(3_000)) == nil)
        #expect(schedule.retryAt(afterAttempt: 1, createdAt: created, now: created.addingTimeInterval(3_000)) != nil)
        // A Retry-After past the horizon gives up too, rather than parking the delivery unseen.
        #expect(schedule.retryAt(afterAttempt: 1, createdAt: created, now: created, retryAfter: .seconds(7_200)) == nil)
    }
}

@Suite struct RequestReferenceTests {
    @Test func readsAndWritesTheReferencePeopleQuote() {
        let reference = RequestReference(number: 123, filedAt: Date(timeIntervalSince1970: 1_795_000_000))
        #expect(reference.description == "MSA-2026-000123")
        #expect(RequestReference("msa-2026-000123") == reference)
        #expect(RequestReference("MSA-2026-1234567")?.number == 1_234_567)
        // The year is UTC's: 2026-12-31T23:59:59Z and 2027-01-01T00:00:00Z.
        #expect(RequestReference(number: 1_234_567, filedAt: Date(timeIntervalSince1970: 1_798_761_599)).description == "MSA-2026-1234567")
        #expect(RequestReference(number: 7, filedAt: Date(timeIntervalSince1970: 1_798_761_600)).description == "MSA-2027-000007")
        for text in ["MSA-2026-123", "MSA-26-000123", "XYZ-2026-000123", "MSA-2026-000000", "MSA-2026-00012x"] {
            #expect(RequestReference(text) == nil, "\(text)")
        }
    }

    @Test func findsTheReferenceInAReplysSubject() {
        #expect(RequestReference.find(in: "RE: AW: [MSA-2026-000042] Scanner crashes")?.number == 42)
        #expect(RequestReference.find(in: "[sev1] [ MSA-2026-000042 ] down")?.number == 42)
        #expect(RequestReference.find(in: "[sev1] Scanner crashes") == nil)
        #expect(RequestReference.find(in: "unclosed [MSA-2026-000042") == nil)
    }
}

@Suite struct HostAddressTests {
    @Test(arguments: [
        "localhost", "api.localhost", "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "0.0.0.0", "100.64.0.1", "::1", "[::1]", "fd00::1", "fe80::1", "::ffff:127.0.0.1",
    ])
    func refusesOurOwnNetwork(_ host: String) {
        #expect(HostAddress.isPrivate(host))
    }

    @Test(arguments: ["hooks.acme.example", "fcbarcelona.example", "fd.example", "8.8.8.8", "172.32.0.1", "2001:db8::1", "1.2.3"])
    func letsPublicHostsThrough(_ host: String) {
        #expect(!HostAddress.isPrivate(host))
    }
}
