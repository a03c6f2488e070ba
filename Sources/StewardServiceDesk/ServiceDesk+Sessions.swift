import Foundation
import StewardPostgres

/// Signing in to the console and the portal: with an API token or a one-time link, signing out,
/// and revoking every session of a person.
extension ServiceDesk {
    /// Opens a session in `area` for the holder of an API token. The session ends, at the latest,
    /// when the token is revoked.
    public func signIn(token: String, to area: WebArea) async throws -> (session: WebSession, secret: String) {
        let token = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw ServiceDeskError(.invalid, "paste your API token (it starts with \(TokenStore.prefix))", field: "token")
        }
        guard let principal = try await tokens.principal(for: token) else {
            throw ServiceDeskError(
                .unauthenticated, "this token is unknown or revoked; ask an operator for a new one (`steward token create`)", field: "token"
            )
        }
        try Self.check(principal.role, mayEnter: area)
        return try await sessions.open(for: principal, in: area, timeZone: try await timeZone(of: principal), at: engine.clock.now)
    }

    /// The live session of the browser holding `secret` in `area`, or nil: the browser signs in again.
    public func session(secret: String, in area: WebArea) async throws -> WebSession? {
        try await sessions.session(secret: secret, in: area, at: engine.clock.now)
    }

    /// Ends the session: its cookie opens nothing from now on.
    public func signOut(_ session: WebSession) async throws {
        try await sessions.end(session.id, reason: .signedOut, at: engine.clock.now)
    }

    /// A one-time link that signs its holder in (the console for staff, the portal for a contact)
    /// within `lifetime` (at most a day); the secret is shown once.
    public func issueSignInLink(
        role: Principal.Role,
        customerID: String?,
        contact: String?,
        staffID: String?,
        lifetime: TimeInterval = SessionStore.linkLifetime,
        by principal: Principal
    ) async throws -> (secret: String, area: WebArea, expiresAt: Date) {
        try principal.require(.manageTokens)
        guard lifetime > 0, lifetime <= SessionStore.longestLinkLifetime else {
            throw ServiceDeskError(.invalid, "a sign-in link lasts from 1 minute to 24 hours", field: "lifetime")
        }
        guard role != .inboundMail else {
            throw ServiceDeskError(.invalid, "the mail gateway signs in to no page; issue it an API token", field: "role")
        }
        try await tokens.checkHolder(role: role, customerID: customerID, contact: contact, staffID: staffID)
        let holder = Principal(tokenID: nil, role: role, customerID: customerID, contact: contact, staffID: staffID)
        let link = try await sessions.issueLink(
            for: holder, issuedBy: principal.actor.description, lifetime: lifetime, at: engine.clock.now)
        return (link.secret, role == .customer ? .portal : .console, link.expiresAt)
    }

    /// Who a sign-in link would sign in, without spending it; nil when it is spent, expired or unknown.
    public func signInLinkHolder(secret: String) async throws -> Principal? {
        try await sessions.linkHolder(secret: secret, at: engine.clock.now)
    }

    /// Spends a sign-in link and opens its session, in the area its holder's role belongs to.
    public func signIn(link secret: String) async throws -> (session: WebSession, secret: String) {
        let opened = try await sessions.spendLink(
            secret: secret, at: engine.clock.now, opening: { principal in principal.role == .customer ? .portal : .console },
            timeZone: timeZone(of:))
        guard let opened else {
            throw ServiceDeskError(
                .unauthenticated,
                "this sign-in link was used already or has expired; ask for a new one")
        }
        return opened
    }

    /// Ends every session of a staff member or of a customer's contact, wherever they signed in;
    /// returns how many ended.
    public func revokeSessions(staffID: String?, customerID: String?, contact: String?, by principal: Principal) async throws -> Int {
        try principal.require(.manageTokens)
        guard (staffID == nil) != (contact == nil), contact == nil || customerID != nil else {
            throw ServiceDeskError(
                .invalid, "name a staff member (--staff ID) or a customer's contact (--customer ID --contact ID)", field: nil)
        }
        return try await sessions.revokeAll(staffID: staffID, customerID: customerID, contact: contact, at: engine.clock.now)
    }

    /// The zone a person reads times in: their customer's for a contact, their calendar's for staff.
    func timeZone(of principal: Principal) async throws -> TimeZone {
        let directory = try await directory.load()
        if let customerID = principal.customerID {
            return directory.customers.first { $0.id == customerID }.flatMap { TimeZone(identifier: $0.timeZone) } ?? .gmt
        }
        let calendar = directory.staff.first { $0.id == principal.staffID }?.calendar
        return calendar.flatMap { policy.calendars[$0]?.timeZone } ?? .gmt
    }

    private static func check(_ role: Principal.Role, mayEnter area: WebArea) throws(ServiceDeskError) {
        guard area.admits(role) else {
            throw ServiceDeskError(
                .forbidden,
                role == .customer
                    ? "customers' contacts sign in to the support portal at /portal"
                    : role == .inboundMail ? "the mail gateway's token signs in to no page" : "staff sign in to the console at /console",
                field: "token")
        }
    }
}
