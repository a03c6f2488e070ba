import Foundation
import Logging
import PostgresNIO
import StewardCore

/// The first answer to each request a caller sent with an idempotency key, so a retry is answered
/// the same and does nothing twice (`idempotency_keys`, migration 0007).
///
/// A key is reserved before the work runs. Every transaction the work commits while the key is
/// ``claim`` marks it committed inside itself, so after a lost COMMIT answer the key tells whether
/// the work happened. A reservation whose work died unfinished is taken over by a retry after
/// `staleAfter`; a transaction of the old attempt then fails rather than committing twice.
public struct IdempotencyKeys: Sendable {
    /// How long a key keeps its answer.
    public static let lifetime: Duration = .seconds(24 * 3600)

    /// The key the current task's transactions work under; set by whoever reserved it.
    @TaskLocal public static var claim: Claim?

    /// One attempt at the work of a reserved key.
    public struct Claim: Sendable {
        public let principal: String
        public let key: String
        public let attempt: UUID

        func markCommitted(on connection: PostgresConnection, logger: Logger) async throws {
            let marked = try await connection.query(
                """
                UPDATE idempotency_keys SET state = 'committed'
                WHERE principal = \(principal) AND key = \(key) AND attempt = \(attempt) AND state IN ('started', 'committed')
                RETURNING 1
                """,
                logger: logger
            ).all()
            guard !marked.isEmpty else { throw ClaimLost(key: key) }
        }
    }

    /// A retry took the key over while this attempt was still running: its work is not committed.
    public struct ClaimLost: Error, CustomStringConvertible {
        public let key: String
        public var description: String { "idempotency key '\(key)' was taken over by a retry; this attempt rolled back" }
    }

    /// An answer as it was sent.
    public struct Answer: Sendable, Equatable {
        public var status: Int
        public var contentType: String?
        public var etag: String?
        public var location: String?
        public var body: [UInt8]

        public init(status: Int, contentType: String?, etag: String?, location: String?, body: [UInt8]) {
            self.status = status
            self.contentType = contentType
            self.etag = etag
            self.location = location
            self.body = body
        }
    }

    /// What a reservation found.
    public enum Reservation: Sendable {
        /// The key is new (or its earlier attempt died before committing): do the work under the claim.
        case proceed(Claim)
        /// The work was done and answered: send the same answer.
        case replay(Answer)
        /// The key was used for a different request.
        case differentRequest
        /// An attempt with the key is still running.
        case inProgress
        /// The work was committed but its answer was lost (with the connection, or past the
        /// deadline): the claim lets work that is safe to repeat run again to make an answer.
        case committedWithoutAnswer(Claim)
    }

    let client: PostgresClient
    let clock: any WallClock
    let logger: Logger

    public init(client: PostgresClient, clock: any WallClock, logger: Logger) {
        self.client = client
        self.clock = clock
        self.logger = logger
    }

    /// Reserves `key` for `principal`'s request with `fingerprint` (a digest of what was asked),
    /// after dropping that caller's expired keys.
    public func reserve(principal: String, key: String, fingerprint: [UInt8], staleAfter: Duration) async throws -> Reservation {
        let now = clock.now
        let attempt = UUID()
        let fingerprint = ByteBuffer(bytes: fingerprint)
        return try await client.transaction(logger: logger) { connection in
            try await connection.query(
                """
                DELETE FROM idempotency_keys
                WHERE principal = \(principal) AND created_at < \(now.addingTimeInterval(-Self.lifetime.timeInterval))
                """,
                logger: logger
            )
            let inserted = try await connection.query(
                """
                INSERT INTO idempotency_keys (principal, key, fingerprint, attempt, state, started_at, created_at)
                VALUES (\(principal), \(key), \(fingerprint), \(attempt), 'started', \(now), \(now))
                ON CONFLICT (principal, key) DO NOTHING
                RETURNING 1
                """,
                logger: logger
            ).all()
            let claim = Claim(principal: principal, key: key, attempt: attempt)
            guard inserted.isEmpty else { return .proceed(claim) }
            let rows = try await connection.query(
                """
                SELECT fingerprint, state, started_at, status, content_type, etag, location, body
                FROM idempotency_keys WHERE principal = \(principal) AND key = \(key) FOR UPDATE
                """,
                logger: logger
            ).all()
            guard let row = rows.first else { return .inProgress }
            let (stored, state, startedAt, status, contentType, etag, location, body) = try row.decode(
                (ByteBuffer, String, Date, Int32?, String?, String?, String?, ByteBuffer?).self)
            guard stored == fingerprint else { return .differentRequest }
            switch state {
            case "answered":
                return .replay(
                    Answer(
                        status: Int(status ?? 200), contentType: contentType, etag: etag, location: location,
                        body: body.map { Array($0.readableBytesView) } ?? []))
            case "committed":
                try await take(over: claim, at: now, on: connection)
                return .committedWithoutAnswer(claim)
            default:
                guard startedAt <= now.addingTimeInterval(-staleAfter.timeInterval) else { return .inProgress }
                try await take(over: claim, at: now, on: connection)
                return .proceed(claim)
            }
        }
    }

    /// Makes `claim` the key's attempt: an older one's transactions then fail instead of committing.
    private func take(over claim: Claim, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE idempotency_keys SET attempt = \(claim.attempt), started_at = \(now)
            WHERE principal = \(claim.principal) AND key = \(claim.key)
            """,
            logger: logger
        )
    }

    /// Keeps the answer `claim`'s attempt sent, unless a retry took the key over.
    public func keep(_ answer: Answer, for claim: Claim) async throws {
        try await client.query(
            """
            UPDATE idempotency_keys
            SET state = 'answered', status = \(Int32(answer.status)), content_type = \(answer.contentType),
                etag = \(answer.etag), location = \(answer.location), body = \(ByteBuffer(bytes: answer.body))
            WHERE principal = \(claim.principal) AND key = \(claim.key) AND attempt = \(claim.attempt)
            """,
            logger: logger
        )
    }

    /// Frees the key of an attempt that failed before committing anything, so a retry may run at
    /// once; a key the attempt's work committed stays.
    public func release(_ claim: Claim) async throws {
        try await client.query(
            """
            DELETE FROM idempotency_keys
            WHERE principal = \(claim.principal) AND key = \(claim.key) AND attempt = \(claim.attempt) AND state = 'started'
            """,
            logger: logger
        )
    }
}
