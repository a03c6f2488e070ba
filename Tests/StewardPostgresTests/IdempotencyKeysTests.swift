import Foundation
import PostgresNIO
import StewardCore
import StewardPostgres
import StewardTestSupport
import Testing

/// Idempotency keys tell a retry what became of the first attempt: answered, committed with its
/// answer lost, still running, or dead before committing (then the retry takes the key over).
@Suite struct IdempotencyKeysTests {
    @Test func aKeyWhoseWorkCommittedWithoutAnAnswerIsNeverRunAgain() async throws {
        try await EngineFixture.with { fixture in
            let keys = IdempotencyKeys(client: fixture.database.client, clock: fixture.clock, logger: TestPostgres.logger)
            guard
                case .proceed(let claim) = try await keys.reserve(
                    principal: "acme/bob", key: "k", fingerprint: [1], staleAfter: .seconds(15))
            else { Issue.record("a new key must proceed"); return }
            // The work commits under the claim, and then its answer is lost.
            try await IdempotencyKeys.$claim.withValue(claim) {
                try await fixture.database.client.transaction(logger: TestPostgres.logger) { _ in }
            }
            fixture.clock.advance(by: .seconds(60))
            guard
                case .committedWithoutAnswer = try await keys.reserve(
                    principal: "acme/bob", key: "k", fingerprint: [1], staleAfter: .seconds(15))
            else { Issue.record("a committed key must never run again"); return }
            guard
                case .differentRequest = try await keys.reserve(principal: "acme/bob", key: "k", fingerprint: [2], staleAfter: .seconds(15))
            else { Issue.record("another request under the key must be refused"); return }
            // Keys are per caller.
            guard case .proceed = try await keys.reserve(principal: "acme/carol", key: "k", fingerprint: [2], staleAfter: .seconds(15))
            else { Issue.record("another caller's key is their own"); return }
        }
    }

    @Test func aRetryTakesOverADeadAttemptWhoseLateCommitThenFails() async throws {
        try await EngineFixture.with { fixture in
            let keys = IdempotencyKeys(client: fixture.database.client, clock: fixture.clock, logger: TestPostgres.logger)
            guard
                case .proceed(let first) = try await keys.reserve(
                    principal: "staff:tom", key: "k", fingerprint: [1], staleAfter: .seconds(15))
            else { Issue.record("a new key must proceed"); return }
            guard case .inProgress = try await keys.reserve(principal: "staff:tom", key: "k", fingerprint: [1], staleAfter: .seconds(15))
            else { Issue.record("a running attempt holds its key"); return }
            fixture.clock.advance(by: .seconds(16))
            guard
                case .proceed(let second) = try await keys.reserve(
                    principal: "staff:tom", key: "k", fingerprint: [1], staleAfter: .seconds(15))
            else { Issue.record("a stale attempt's key is taken over"); return }
            #expect(second.attempt != first.attempt)
            // The first attempt wakes up and tries to commit: it must not.
            await #expect(throws: IdempotencyKeys.ClaimLost.self) {
                try await IdempotencyKeys.$claim.withValue(first) {
                    try await fixture.database.client.transaction(logger: TestPostgres.logger) { _ in }
                }
            }
            // A failure that committed nothing frees the key at once; an answer is replayed.
            try await keys.release(second)
            guard
                case .proceed(let third) = try await keys.reserve(
                    principal: "staff:tom", key: "k", fingerprint: [1], staleAfter: .seconds(15))
            else { Issue.record("a released key proceeds"); return }
            let answer = IdempotencyKeys.Answer(
                status: 201, contentType: "application/json", etag: "\"1\"", location: "/v1/x", body: Array("{}".utf8))
            try await keys.keep(answer, for: third)
            guard
                case .replay(let replayed) = try await keys.reserve(
                    principal: "staff:tom", key: "k", fingerprint: [1], staleAfter: .seconds(15))
            else { Issue.record("an answered key replays"); return }
            #expect(replayed == answer)
            // After 24 hours the key is forgotten.
            fixture.clock.advance(by: .seconds(24 * 3600 + 1))
            guard case .proceed = try await keys.reserve(principal: "staff:tom", key: "k", fingerprint: [2], staleAfter: .seconds(15))
            else { Issue.record("an expired key is new again"); return }
        }
    }
}
