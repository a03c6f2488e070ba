import Foundation
import StewardCore

/// A technical account manager as routing sees them: their working calendar and whether they are away.
public struct AccountManager: Sendable, Hashable {
    public var staffID: String
    public var calendar: BusinessCalendar
    public var isAway: Bool

    public init(staffID: String, calendar: BusinessCalendar, isAway: Bool = false) {
        self.staffID = staffID
        self.calendar = calendar
        self.isAway = isAway
    }
}

/// Where a message addressed to "the TAM" goes, and why, so the history can say it.
public struct RoutedRecipient: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        case tamInBusinessHours = "tam-in-business-hours"
        case tamOutsideBusinessHours = "tam-outside-business-hours"
        case tamAway = "tam-away"
        case noTAM = "no-tam"
    }

    public var staffID: String
    public var reason: Reason

    public init(staffID: String, reason: Reason) {
        self.staffID = staffID
        self.reason = reason
    }

    /// Whether the duty manager stands in for the TAM.
    public var isDutyManager: Bool { reason != .tamInBusinessHours }
}

/// The contract's routing rule: the TAM inside the TAM's business hours when not away, otherwise the
/// duty manager on duty at that instant.
public enum TAMRouting {
    public static func recipient(tam: AccountManager?, rota: DutyRota, at instant: Date) -> RoutedRecipient {
        guard let tam else {
            return RoutedRecipient(staffID: rota.dutyManager(at: instant), reason: .noTAM)
        }
        if tam.isAway {
            return RoutedRecipient(staffID: rota.dutyManager(at: instant), reason: .tamAway)
        }
        guard tam.calendar.isBusinessTime(instant) else {
            return RoutedRecipient(staffID: rota.dutyManager(at: instant), reason: .tamOutsideBusinessHours)
        }
        return RoutedRecipient(staffID: tam.staffID, reason: .tamInBusinessHours)
    }
}
