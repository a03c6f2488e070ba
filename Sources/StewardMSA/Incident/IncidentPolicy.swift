import Foundation
import StewardCore

/// The incident rules of a support contract that operators tune without a rebuild: the
/// first-response targets, when a resolved incident closes by itself, how often a severity-1
/// incident is reported on, and the support calendars contracts name.
public struct IncidentPolicy: Sendable, Hashable {
    /// First-response targets per severity and tier, and the warning fractions.
    public var sla: SLAPolicy
    /// Business days of the support calendar a resolved incident waits for the customer's
    /// confirmation before it closes by itself; 0 closes it at once.
    public var autoCloseAfterBusinessDays: Int
    /// The time between two daily status reports of a severity-1 incident; a value that is not
    /// positive counts as 24 hours.
    public var dailyReportInterval: Duration
    /// How long ago a request logged after the fact may have been received: an older `receivedAt`
    /// is refused, so a mistyped year cannot make an SLA that spans decades.
    public var receivedWithin: Duration
    /// Support calendars by the name contracts use; ``BusinessCalendar/roundTheClock`` is always
    /// available as `24x7` as well.
    public var calendars: [String: BusinessCalendar]

    public init(
        sla: SLAPolicy = .contract,
        autoCloseAfterBusinessDays: Int = 5,
        dailyReportInterval: Duration = .seconds(24 * 3_600),
        receivedWithin: Duration = .seconds(7 * 86_400),
        calendars: [String: BusinessCalendar] = [:]
    ) {
        self.receivedWithin = receivedWithin
        self.sla = sla
        self.autoCloseAfterBusinessDays = autoCloseAfterBusinessDays
        self.dailyReportInterval = dailyReportInterval
        self.calendars = calendars
    }

    /// The calendar a contract calls `name`, or nil when there is none.
    public func calendar(named name: String) -> BusinessCalendar? {
        calendars[name] ?? (name == BusinessCalendar.roundTheClock.name ? .roundTheClock : nil)
    }

    /// Every calendar name a contract may use, sorted.
    public var calendarNames: [String] {
        Set(calendars.keys).union([BusinessCalendar.roundTheClock.name]).sorted()
    }

    /// When an incident resolved at `resolvedAt` closes by itself.
    ///
    /// Steps ``autoCloseAfterBusinessDays`` business days of `supportCalendar` from the local date of
    /// the resolution and takes the same local wall-clock time on the day reached: resolved Friday
    /// 17:30 in Berlin with five business days, it closes the next Friday at 17:30, so the customer
    /// has five whole business days to object, however long the calendar's days are and whatever
    /// holidays or clock changes lie between. A resolution on a day off counts from the next business
    /// day. A local time the clocks skip on that day resolves as Foundation does, to the time after
    /// the gap.
    public func autoCloseAt(resolvedAt: Date, supportCalendar calendar: BusinessCalendar) -> Date {
        guard autoCloseAfterBusinessDays > 0 else { return resolvedAt }
        var date = calendar.localDate(of: resolvedAt)
        for _ in 0..<autoCloseAfterBusinessDays {
            date = calendar.nextBusinessDay(after: date)
        }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        let time = gregorian.dateComponents([.hour, .minute, .second], from: resolvedAt)
        let components = DateComponents(
            year: date.year, month: date.month, day: date.day,
            hour: time.hour, minute: time.minute, second: time.second
        )
        // Whole seconds go through the calendar; the fraction of a second is carried over as is.
        let fraction = resolvedAt.timeIntervalSince1970 - resolvedAt.timeIntervalSince1970.rounded(.down)
        guard let closing = gregorian.date(from: components) else {
            // Unreachable for a valid date; fall back to the start of that day's work.
            return calendar.workingIntervals(on: date).first?.start ?? resolvedAt
        }
        return closing.addingTimeInterval(fraction)
    }

    /// The first daily report after `anchor` (the receipt, the change to severity 1, or the report
    /// just made) that is still ahead of `now`: reports keep their rhythm, and a worker that was down
    /// for days sends one report, not a burst.
    public func nextDailyReport(after anchor: Date, now: Date) -> Date {
        let interval = dailyReportInterval > .zero ? dailyReportInterval.timeInterval : 24 * 3_600
        let elapsed = max(0, now.timeIntervalSince(anchor))
        let periods = (elapsed / interval).rounded(.down) + 1
        return anchor.addingTimeInterval(periods * interval)
    }
}
