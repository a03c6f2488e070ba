import Foundation

// Business-time arithmetic for SLA targets, warnings and elapsed time.
//
// Business time is real elapsed time inside working intervals, in seconds with `Date`'s precision
// (`TimeInterval`), so a day worked 00:00–24:00 is 23 real hours on a spring-forward day and 25 on a
// fall-back day. The minute and `Duration` forms convert to and from seconds. Each walks the calendar
// a local day at a time, so its cost grows with the days spanned (a few weeks: a few dozen days),
// not with the minutes; it always ends, because every valid calendar works some time every week.
// Walking by local dates relies on a zone's wall-clock date never going back, which holds for the
// rules of every zone (clocks turned back at midnight return to 23:00 of the same date at most).
extension BusinessCalendar {
    /// Whether `instant` lies inside working hours. An interval's end is not business time:
    /// with hours 09:00–18:00, 18:00 itself is not.
    public func isBusinessTime(_ instant: Date) -> Bool {
        workingIntervals(on: localDate(of: instant)).contains { $0.start <= instant && instant < $0.end }
    }

    /// The instant at which `businessSeconds` of business time have passed since `instant`.
    ///
    /// Counting starts at `instant` if it is business time, otherwise at the next business instant,
    /// so adding 0 outside working hours gives the next business instant. When the time runs out
    /// exactly at the end of an interval, the answer is that end (18:00, not the next 09:00).
    /// - Precondition: `businessSeconds` is finite and not negative.
    public func adding(businessSeconds: TimeInterval, to instant: Date) -> Date {
        precondition(
            businessSeconds.isFinite && businessSeconds >= 0,
            "business time to add must be finite and not negative, got \(businessSeconds) s"
        )
        var remaining = businessSeconds
        var cursor = instant
        var date = localDate(of: instant)
        while true {
            for interval in workingIntervals(on: date) where cursor < interval.end {
                let start = max(interval.start, cursor)
                let available = interval.end.timeIntervalSince(start)
                if remaining <= available { return start.addingTimeInterval(remaining) }
                remaining -= available
                cursor = interval.end
            }
            date = date.adding(days: 1)
        }
    }

    /// The business time between two instants, in seconds.
    ///
    /// Only the working time inside `[start, end)` counts, so both instants may lie outside working
    /// hours. Negative when `end` is before `start`: `businessSeconds(from: b, to: a)` is
    /// `-businessSeconds(from: a, to: b)`.
    public func businessSeconds(from start: Date, to end: Date) -> TimeInterval {
        guard start <= end else { return -businessSeconds(from: end, to: start) }
        var total: TimeInterval = 0
        var date = localDate(of: start)
        let lastDate = localDate(of: end)
        while date <= lastDate {
            for interval in workingIntervals(on: date) {
                let overlap = min(interval.end, end).timeIntervalSince(max(interval.start, start))
                total += max(0, overlap)
            }
            date = date.adding(days: 1)
        }
        return total
    }

    /// ``adding(businessSeconds:to:)`` for whole minutes.
    public func adding(businessMinutes: Int, to instant: Date) -> Date {
        adding(businessSeconds: TimeInterval(businessMinutes) * 60, to: instant)
    }

    /// ``businessSeconds(from:to:)`` in whole minutes, rounded toward zero.
    public func businessMinutes(from start: Date, to end: Date) -> Int {
        Int(businessSeconds(from: start, to: end) / 60)
    }

    /// ``adding(businessSeconds:to:)`` for a `Duration`, e.g. an SLA target of `.seconds(6 * 3600)`.
    public func adding(_ businessTime: Duration, to instant: Date) -> Date {
        let (seconds, attoseconds) = businessTime.components
        return adding(businessSeconds: TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18, to: instant)
    }

    /// ``businessSeconds(from:to:)`` as a `Duration`.
    public func businessTime(from start: Date, to end: Date) -> Duration {
        .seconds(businessSeconds(from: start, to: end))
    }

    /// Whether `date` has working hours: not a holiday, and its weekday has hours.
    public func isBusinessDay(_ date: LocalDate) -> Bool {
        !holidays.contains(date) && weeklyHours[date.weekday] != nil
    }

    /// The first business day after `date`.
    public func nextBusinessDay(after date: LocalDate) -> LocalDate {
        var candidate = date.adding(days: 1)
        while !isBusinessDay(candidate) { candidate = candidate.adding(days: 1) }
        return candidate
    }
}
