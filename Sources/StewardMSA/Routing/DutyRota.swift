import Foundation

/// Who the duty manager is at any instant: dated shifts, and a fallback for any gap.
public struct DutyRota: Sendable, Hashable, Codable {
    /// One duty manager's shift, from `start` up to (not including) `end`.
    public struct Shift: Sendable, Hashable, Codable {
        public var manager: String
        public var start: Date
        public var end: Date

        public init(manager: String, start: Date, end: Date) {
            self.manager = manager
            self.start = start
            self.end = end
        }
    }

    public var shifts: [Shift]
    /// On duty whenever no shift covers the instant, so an escalation always has someone to go to.
    public var fallback: String

    public init(shifts: [Shift], fallback: String) {
        self.shifts = shifts
        self.fallback = fallback
    }

    /// The duty manager at `instant`. Where shifts overlap (a hand-over), the later-starting one is on duty.
    public func dutyManager(at instant: Date) -> String {
        shifts
            .filter { $0.start <= instant && instant < $0.end }
            .max { $0.start < $1.start }?
            .manager ?? fallback
    }
}
