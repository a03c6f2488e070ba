import Foundation
import Logging
import PostgresNIO
import StewardPostgres

/// Where a browser signs in: the console is staff's, the portal customers' contacts'.
public enum WebArea: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case console
    case portal

    public var description: String { rawValue }

    /// Whether a person of `role` signs in here.
    public func admits(_ role: Principal.Role) -> Bool {
        switch role {
        case .customer: self == .portal
        case .engineer, .tam, .dutyManager, .operator: self == .console
        case .inboundMail: false
        }
    }
}

/// A signed-in browser: who it is, where, and the token its forms must carry.
public struct WebSession: Sendable, Hashable {
    public var id: UUID
    public var area: WebArea
    public var principal: Principal
    /// Every form of the session posts it back; a form without it is refused.
    public var csrfToken: String
    /// When the session ends at the latest, however active it is.
    public var expiresAt: Date
    /// The zone the person's pages show times in: their customer's for a contact, their own
    /// calendar's for staff.
    public var timeZone: TimeZone
}

/// Browser sessions and one-time sign-in links in PostgreSQL. The browser holds a random secret;
/// only its SHA-256 is stored, so a copy of the table opens no session.
public struct SessionStore: Sendable {
    /// A session unused this long ends.
    public static let idleTimeout: TimeInterval = 8 * 3600
    /// A session ends this long after it was opened, however active.
    public static let maximumAge: TimeInterval = 7 * 24 * 3600
    /// A sign-in link unused this long is void, unless issued for longer.
    public static let linkLifetime: TimeInterval = 15 * 60
    /// The longest a sign-in link may be issued for.
    public static let longestLinkLifetime: TimeInterval = 24 * 3600

    public let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Opens a session in `area` for `principal` (signed in with its token); returns the session
    /// and the secret the browser keeps.
    func open(
        for principal: Principal, in area: WebArea, timeZone: TimeZone, at now: Date
    ) async throws -> (session: WebSession, secret: String) {
        try await client.transaction(logger: logger) { connection in
            try await open(for: principal, in: area, timeZone: timeZone, at: now, on: connection)
        }
    }

    private func open(
        for principal: Principal, in area: WebArea, timeZone: TimeZone, at now: Date, on connection: PostgresConnection
    ) async throws -> (session: WebSession, secret: String) {
        let id = UUID()
        let secret = TokenStore.randomSecret()
        let csrf = TokenStore.randomSecret()
        let expires = now.addingTimeInterval(Self.maximumAge)
        try await connection.query(
            """
            INSERT INTO web_sessions (session_id, secret_hash, area, role, customer_id, contact, staff_id, token_id, csrf_token,
                                      time_zone, created_at, last_seen_at, idle_until, expires_at)
            VALUES (\(id), \(TokenStore.hash(secret)), \(area.rawValue), \(principal.role.rawValue), \(principal.customerID),
                    \(principal.contact), \(principal.staffID), \(principal.tokenID), \(csrf), \(timeZone.identifier), \(now), \(now),
                    \(now.addingTimeInterval(Self.idleTimeout)), \(expires))
            """,
            logger: logger
        )
        return (WebSession(id: id, area: area, principal: principal, csrfToken: csrf, expiresAt: expires, timeZone: timeZone), secret)
    }

    /// The live session whose browser holds `secret` in `area`, its idle time restarted; nil when
    /// there is none: never opened, signed out, revoked, idle or open too long, its token revoked,
    /// or its holder deactivated.
    func session(secret: String, in area: WebArea, at now: Date) async throws -> WebSession? {
        let rows = try await client.query(
            """
            UPDATE web_sessions c SET last_seen_at = \(now),
                                      idle_until = least(c.expires_at, \(now.addingTimeInterval(Self.idleTimeout)))
            WHERE c.secret_hash = \(TokenStore.hash(secret)) AND c.area = \(area.rawValue) AND c.ended_at IS NULL
              AND c.idle_until > \(now) AND c.expires_at > \(now)
              AND (c.token_id IS NULL OR EXISTS (SELECT 1 FROM api_tokens t WHERE t.token_id = c.token_id AND t.revoked_at IS NULL))
              AND \(unescaped: PrincipalLookup.holderIsActive)
            RETURNING c.session_id, c.token_id, c.csrf_token, c.expires_at, c.time_zone, \(unescaped: PrincipalLookup.columns)
            """,
            logger: logger
        ).all()
        guard let row = rows.first else { return nil }
        let cells = Array(row)
        let tokenID = try cells[1].decode(UUID?.self)
        guard let principal = try PrincipalLookup.principal(from: cells, offset: 5, tokenID: tokenID) else { return nil }
        return WebSession(
            id: try cells[0].decode(UUID.self),
            area: area,
            principal: principal,
            csrfToken: try cells[2].decode(String.self),
            expiresAt: try cells[3].decode(Date.self),
            timeZone: TimeZone(identifier: try cells[4].decode(String.self)) ?? .gmt
        )
    }

    /// Ends one session: its cookie opens nothing from now on.
    func end(_ id: UUID, reason: EndReason, at now: Date) async throws {
        try await client.query(
            "UPDATE web_sessions SET ended_at = \(now), end_reason = \(reason.rawValue) WHERE session_id = \(id) AND ended_at IS NULL",
            logger: logger
        )
    }

    /// Ends every live session of a staff member, or of a customer's contact; returns how many.
    func revokeAll(staffID: String?, customerID: String?, contact: String?, at now: Date) async throws -> Int {
        try await client.query(
            """
            UPDATE web_sessions SET ended_at = \(now), end_reason = 'revoked'
            WHERE ended_at IS NULL
              AND ((\(staffID)::text IS NOT NULL AND staff_id = \(staffID))
                   OR (\(contact)::text IS NOT NULL AND customer_id = \(customerID) AND contact = \(contact)))
            RETURNING 1
            """,
            logger: logger
        ).all().count
    }

    /// Why a session ended.
    enum EndReason: String {
        case signedOut = "signed-out"
        case revoked
    }

    /// A new one-time link for `holder` (its role, customer, contact or staff member); returns the
    /// secret, which is not stored.
    func issueLink(
        for holder: Principal, issuedBy: String, lifetime: TimeInterval, at now: Date
    ) async throws -> (id: UUID, secret: String, expiresAt: Date) {
        let id = UUID()
        let secret = TokenStore.randomSecret()
        let expires = now.addingTimeInterval(lifetime)
        try await client.query(
            """
            INSERT INTO sign_in_links (link_id, secret_hash, role, customer_id, contact, staff_id, issued_by, created_at, expires_at)
            VALUES (\(id), \(TokenStore.hash(secret)), \(holder.role.rawValue), \(holder.customerID), \(holder.contact),
                    \(holder.staffID), \(issuedBy), \(now), \(expires))
            """,
            logger: logger
        )
        return (id, secret, expires)
    }

    /// Who an unspent, unexpired link signs in, without spending it (the page that asks to confirm).
    func linkHolder(secret: String, at now: Date) async throws -> Principal? {
        let rows = try await client.query(
            """
            SELECT \(unescaped: PrincipalLookup.columns) FROM sign_in_links c
            WHERE c.secret_hash = \(TokenStore.hash(secret)) AND c.used_at IS NULL AND c.expires_at > \(now)
              AND \(unescaped: PrincipalLookup.holderIsActive)
            """,
            logger: logger
        ).all()
        guard let row = rows.first else { return nil }
        return try PrincipalLookup.principal(from: Array(row), offset: 0, tokenID: nil)
    }

    /// Spends a link and opens its session in one transaction, so a link opens one session at most,
    /// however often it is followed; nil when it is unknown, spent, expired or its holder inactive.
    func spendLink(
        secret: String, at now: Date, opening session: (Principal) throws -> WebArea,
        timeZone: (Principal) async throws -> TimeZone
    ) async throws -> (session: WebSession, secret: String)? {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT c.link_id, \(unescaped: PrincipalLookup.columns) FROM sign_in_links c
                WHERE c.secret_hash = \(TokenStore.hash(secret)) AND c.used_at IS NULL AND c.expires_at > \(now)
                  AND \(unescaped: PrincipalLookup.holderIsActive)
                FOR UPDATE
                """,
                logger: logger
            ).collect()
            guard let row = rows.first else { return nil }
            let cells = Array(row)
            guard let principal = try PrincipalLookup.principal(from: cells, offset: 1, tokenID: nil) else { return nil }
            let opened = try await open(
                for: principal, in: try session(principal), timeZone: try await timeZone(principal), at: now, on: connection)
            try await connection.query(
                "UPDATE sign_in_links SET used_at = \(now), session_id = \(opened.session.id) WHERE link_id = \(try cells[0].decode(UUID.self))",
                logger: logger
            )
            return opened
        }
    }
}
