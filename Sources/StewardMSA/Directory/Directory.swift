import Foundation
import StewardCore

/// The people of the contract: staff, their groups and the duty rota, and every customer with its
/// contract, contacts and webhook endpoints. The database holds it; this value is what
/// `steward directory import` applies and `steward directory export` prints (YAML).
public struct Directory: Sendable, Hashable, Codable {
    public var staff: [StaffMember]
    public var groups: [Group]
    public var dutyRota: DutyRota
    public var customers: [Customer]

    public init(staff: [StaffMember] = [], groups: [Group] = [], dutyRota: DutyRota, customers: [Customer] = []) {
        self.staff = staff
        self.groups = groups
        self.dutyRota = dutyRota
        self.customers = customers
    }

    /// A member of staff.
    public struct StaffMember: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var email: String
        public var phone: String?
        /// The calendar of their working hours (a TAM is reachable only inside it).
        public var calendar: String
        /// When they are away; a TAM away is stood in for by the duty manager for exactly that time.
        public var away: [Period]
        public var active: Bool

        public init(
            id: String, name: String, email: String, phone: String? = nil, calendar: String, away: [Period] = [], active: Bool = true
        ) {
            self.id = id
            self.name = name
            self.email = email
            self.phone = phone
            self.calendar = calendar
            self.away = away
            self.active = active
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            name = try container.decode(String.self, forKey: .name)
            email = try container.decode(String.self, forKey: .email)
            phone = try container.decodeIfPresent(String.self, forKey: .phone)
            calendar = try container.decode(String.self, forKey: .calendar)
            away = try container.decodeIfPresent([Period].self, forKey: .away) ?? []
            active = try container.decodeIfPresent(Bool.self, forKey: .active) ?? true
        }
    }

    /// From `start` up to (not including) `end`.
    public struct Period: Sendable, Hashable, Codable {
        public var start: Date
        public var end: Date

        public init(start: Date, end: Date) {
            self.start = start
            self.end = end
        }

        public func contains(_ instant: Date) -> Bool { start <= instant && instant < end }
    }

    /// A group whose members claim its tasks.
    public struct Group: Sendable, Hashable, Codable {
        public var name: String
        public var title: String
        public var members: [String]
        public var active: Bool

        public init(name: String, title: String, members: [String], active: Bool = true) {
            self.name = name
            self.title = title
            self.members = members
            self.active = active
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            title = try container.decode(String.self, forKey: .title)
            members = try container.decodeIfPresent([String].self, forKey: .members) ?? []
            active = try container.decodeIfPresent(Bool.self, forKey: .active) ?? true
        }
    }

    /// The group whose members may hold duty-rota shifts.
    public static let dutyManagers = "duty-managers"
}
