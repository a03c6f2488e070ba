import Crypto
import Foundation
import Logging
import PostgresNIO
import StewardPostgres

/// Bearer API tokens: random, shown once, stored as their SHA-256 only.
public struct TokenStore: Sendable {
    /// Every token starts with this, so a leaked one is easy to recognise in logs and scanners.
    public static let prefix = "stw_"

    public let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// A new token and its id. The token is not stored: only its hash is.
    public func create(
        role: Principal.Role,
        customerID: String? = nil,
        contact: String? = nil,
        staffID: String? = nil,
        label: String,
        at now: Date = Date()
    ) async throws -> (id: UUID, token: String) {
        try await checkHolder(role: role, customerID: customerID, contact: contact, staffID: staffID)
        let id = UUID()
        let token = Self.prefix + Self.randomSecret()
        let contact = role == .customer ? contact : nil
        try await client.query(
            """
            INSERT INTO api_tokens (token_id, token_hash, role, customer_id, contact, staff_id, label, created_at)
            VALUES (\(id), \(Self.hash(token)), \(role.rawValue), \(customerID), \(contact), \(staffID), \(label), \(now))
            """,
            logger: logger
        )
        return (id, token)
    }

    /// Refuses a credential's holder unless it names an active contact of an existing customer
    /// (role customer) or an existing staff member (staff roles), as the role requires.
    func checkHolder(role: Principal.Role, customerID: String?, contact: String?, staffID: String?) async throws {
        switch role {
        case .customer:
            guard let customerID, let contact, staffID == nil else {
                throw EngineError(
                    .badToken,
                    "a customer token names the customer (--customer ID) and one of its contacts (--contact ID), and no staff member")
            }
            guard try await exists("SELECT 1 FROM customers WHERE customer_id = \(customerID)") else {
                throw EngineError(.unknownCustomer, "no customer '\(customerID)': `steward customer list` shows them")
            }
            guard
                try await exists(
                    "SELECT 1 FROM contacts WHERE customer_id = \(customerID) AND contact_id = \(contact) AND active")
            else {
                throw EngineError(
                    .unknownContact,
                    "\(customerID) has no active contact '\(contact)': `steward contact list --customer \(customerID)` shows them")
            }
        case .inboundMail:
            guard staffID == nil, customerID == nil else {
                throw EngineError(.badToken, "an inbound-mail token names no customer and no staff member; give it a --label")
            }
        case .engineer, .tam, .dutyManager, .operator:
            guard let staffID, customerID == nil else {
                throw EngineError(.badToken, "a \(role) token names the staff member (--staff ID) and no customer")
            }
            guard try await exists("SELECT 1 FROM staff WHERE staff_id = \(staffID)") else {
                throw EngineError(.unknownStaff, "no staff member '\(staffID)': `steward staff list` shows them")
            }
        }
    }

    /// The principal a token stands for, or nil when it is unknown or revoked.
    public func principal(for token: String) async throws -> Principal? {
        guard token.hasPrefix(Self.prefix) else { return nil }
        let rows = try await client.query(
            """
            SELECT c.token_id, \(unescaped: PrincipalLookup.columns)
            FROM api_tokens c
            WHERE c.token_hash = \(Self.hash(token)) AND c.revoked_at IS NULL
              -- A deactivated contact or staff member is refused with their tokens.
              AND \(unescaped: PrincipalLookup.holderIsActive)
            """,
            logger: logger
        ).all()
        guard let row = rows.first else { return nil }
        let cells = Array(row)
        return try PrincipalLookup.principal(from: cells, offset: 1, tokenID: try cells[0].decode(UUID.self))
    }

    /// Revokes a token by id; its holder gets 401 from then on.
    public func revoke(id: UUID, at now: Date = Date()) async throws {
        let rows = try await client.query(
            "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, \(now)) WHERE token_id = \(id) RETURNING 1",
            logger: logger
        ).all()
        guard !rows.isEmpty else { throw EngineError(.badToken, "no token \(id): `steward token list` shows them") }
    }

    /// Every token, newest first, without secrets.
    public func list() async throws -> [TokenRecord] {
        try await client.query(
            """
            SELECT token_id, role, coalesce(customer_id, staff_id), label, created_at, revoked_at
            FROM api_tokens ORDER BY created_at DESC
            """,
            logger: logger
        ).all().map { row in
            let (id, role, holder, label, created, revoked) = try row.decode(
                (UUID, String, String, String, Date, Date?).self,
                context: .default
            )
            return TokenRecord(id: id, role: role, holder: holder, label: label, createdAt: created, revokedAt: revoked)
        }
    }

    static func hash(_ token: String) -> ByteBuffer {
        ByteBuffer(bytes: SHA256.hash(data: Data(token.utf8)))
    }

    /// 32 random bytes, base64url without padding.
    public static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private func exists(_ query: PostgresQuery) async throws -> Bool {
        try await !client.query(query, logger: logger).all().isEmpty
    }
}

/// A token as `steward token list` shows it.
public struct TokenRecord: Sendable, Hashable {
    public var id: UUID
    public var role: String
    /// The customer or staff member it speaks for.
    public var holder: String
    public var label: String
    public var createdAt: Date
    public var revokedAt: Date?
}
