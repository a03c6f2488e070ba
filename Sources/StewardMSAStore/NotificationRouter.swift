import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardMSA
import StewardPostgres

/// Turns a notification into its deliveries as the directory's tables say at that instant:
/// "the TAM or the duty manager" per the contract (the customer's TAM inside the TAM's calendar
/// when not away, otherwise the duty manager on duty), a group as its active members, and the
/// customer's contacts as the endpoints and people who want that kind (`Customer.audience`).
/// Staff are told by e-mail.
public struct NotificationRouter: NotificationRouting {
    public let calendars: [String: BusinessCalendar]
    let logger: Logger

    public init(calendars: [String: BusinessCalendar], logger: Logger) {
        self.calendars = calendars
        self.logger = logger
    }

    public func deliveries(
        of notification: StewardCore.Notification,
        customerID: String,
        at instant: Date,
        on connection: PostgresConnection
    ) async throws -> [NotificationDelivery] {
        guard notification.channel == .email else {
            return [NotificationDelivery(recipient: notification.recipient, channel: notification.channel)]
        }
        switch notification.recipient {
        case .tamOrDutyManager:
            let (person, reason) = try await tamOrDutyManager(of: customerID, at: instant, on: connection)
            return try await staff(person, reason: reason, on: connection)
        case .group, .staff:
            return try await staff(notification.recipient, reason: nil, on: connection)
        case .customerContacts:
            let customer = try await DirectoryStore.customers(only: customerID, on: connection, logger: logger).first
            return customer?.audience(ofKind: notification.template) ?? []
        case .address, .contact, .webhook:
            return [NotificationDelivery(recipient: notification.recipient, channel: notification.channel)]
        }
    }

    /// A staff member as is, a group as its active members (each told once, by e-mail).
    private func staff(
        _ recipient: Recipient, reason: String?, on connection: PostgresConnection
    ) async throws
        -> [NotificationDelivery]
    {
        guard case .group(let name) = recipient else {
            return [NotificationDelivery(recipient: recipient, channel: .email, reason: reason)]
        }
        var members: [NotificationDelivery] = []
        for try await staffID in try await connection.query(
            """
            SELECT m.staff_id FROM group_members m JOIN staff s USING (staff_id)
            WHERE m.group_name = \(name) AND s.active ORDER BY m.staff_id
            """,
            logger: logger
        ).decode(String.self) {
            members.append(NotificationDelivery(recipient: .staff(staffID), channel: .email, reason: reason ?? "member of \(name)"))
        }
        if members.isEmpty {
            logger.warning("a notification's group has no active member; nobody is told", metadata: ["steward.group": "\(name)"])
        }
        return members
    }

    /// The customer's TAM or the duty manager on duty at `instant`, and why.
    func tamOrDutyManager(
        of customerID: String, at instant: Date, on connection: PostgresConnection
    ) async throws
        -> (recipient: Recipient, reason: String)
    {
        let rows = try await connection.query(
            """
            SELECT s.staff_id, s.calendar,
                   NOT s.active OR EXISTS (SELECT 1 FROM staff_away a
                                           WHERE a.staff_id = s.staff_id AND a.starts_at <= \(instant) AND \(instant) < a.ends_at)
            FROM customers c JOIN staff s ON s.staff_id = c.tam_id
            WHERE c.customer_id = \(customerID)
            """,
            logger: logger
        ).all()
        var tam: AccountManager?
        if let row = rows.first {
            let (staffID, calendarName, away) = try row.decode((String, String, Bool).self, context: .default)
            if let calendar = calendars[calendarName] {
                tam = AccountManager(staffID: staffID, calendar: calendar, isAway: away)
            } else {
                // Someone must hear of it: with no known calendar the TAM counts as unreachable.
                logger.warning(
                    "TAM's calendar is not in calendars.yaml; routing to the duty manager",
                    metadata: ["steward.staff.id": "\(staffID)", "steward.calendar": "\(calendarName)"]
                )
                tam = AccountManager(staffID: staffID, calendar: calendars["24x7"] ?? .roundTheClock, isAway: true)
            }
        }
        let routed = TAMRouting.recipient(
            tam: tam, rota: try await DirectoryStore.dutyRota(covering: instant, on: connection, logger: logger), at: instant)
        // With no duty manager recorded at all, the duty managers' group hears of it.
        let person: Recipient = routed.staffID.isEmpty ? .group(Directory.dutyManagers) : .staff(routed.staffID)
        return (person, routed.reason.rawValue)
    }
}
