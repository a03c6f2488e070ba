import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardMSA
import StewardPostgres

/// Routes "the TAM or the duty manager" per the contract: the customer's TAM inside the TAM's
/// calendar when not away, otherwise the duty manager on duty then, as the directory's tables say
/// at that instant (away periods, duty shifts, the fallback).
public struct TAMRouter: NotificationRouting {
    public let calendars: [String: BusinessCalendar]
    let logger: Logger

    public init(calendars: [String: BusinessCalendar], logger: Logger) {
        self.calendars = calendars
        self.logger = logger
    }

    public func route(
        _ recipient: Recipient,
        customerID: String,
        at instant: Date,
        on connection: PostgresConnection
    ) async throws -> (recipient: Recipient, reason: String)? {
        guard recipient == .tamOrDutyManager else { return nil }
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
