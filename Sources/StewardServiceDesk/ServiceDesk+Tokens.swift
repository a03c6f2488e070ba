import Foundation
import StewardPostgres

/// API tokens: issued to a customer's contact or a staff member, listed, revoked.
extension ServiceDesk {
    /// The principal a bearer token stands for, or nil when it is unknown or revoked.
    public func principal(for token: String) async throws -> Principal? {
        try await tokens.principal(for: token)
    }

    /// A new token, shown once: only its hash is stored.
    public func issueToken(
        role: Principal.Role,
        customerID: String?,
        contact: String?,
        staffID: String?,
        label: String,
        by principal: Principal
    ) async throws -> (id: UUID, token: String) {
        try principal.require(.manageTokens)
        return try await tokens.create(
            role: role,
            customerID: customerID,
            contact: contact,
            staffID: staffID,
            label: label,
            at: engine.clock.now
        )
    }

    /// Every token, newest first, without secrets.
    public func tokenList(for principal: Principal) async throws -> [TokenRecord] {
        try principal.require(.manageTokens)
        return try await tokens.list()
    }

    /// Revokes a token: its holder is refused from then on.
    public func revokeToken(_ id: UUID, by principal: Principal) async throws {
        try principal.require(.manageTokens)
        try await tokens.revoke(id: id, at: engine.clock.now)
    }
}
