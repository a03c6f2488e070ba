import Foundation

// Business-time arithmetic for SLA targets, warnings and elapsed time.
//
// Business time is real elapsed time inside working intervals, in seconds with `Date`'s precision
// (`TimeInterval`), so a day worked 00:00–24:00 is 23 real hours on a spring-forward day and 25 on a
// fall-back day. The minute and `Duration` forms convert to and from seconds.
//
// The cost does not grow with the span. Only the ends are walked a local day at a time: measuring
// reads the first and last dates and at most six between, adding its first date and then about a
// week's hours. The whole weeks between are counted instead: each weekday's hours once a week, less
// the hours of each holiday among them, plus what a change of the zone's offset adds or takes on
// the working days near it, the only days read in between (up to three per change, two changes a
// year where there is summer time). So ten years cost about what a week does. Adding always ends,
// because every valid calendar works some time every week.
// Walking by local dates relies on a zone's wall-clock date never going back, which holds for the
// rules of every zone (clocks turned back at midnight return to 23:00 of the same date at most);
// so the days strictly between two instants' dates lie wholly between the instants, and the days
// after the one counting has reached lie wholly after it.
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
        var steps = 0
        return adding(businessSeconds: businessSeconds, to: instant, steps: &steps)
    }

    /// ``adding(businessSeconds:to:)``, counting in `steps` the days whose working intervals it reads.
    func adding(businessSeconds: TimeInterval, to instant: Date, steps: inout Int) -> Date {
        precondition(
            businessSeconds.isFinite && businessSeconds >= 0,
            "business time to add must be finite and not negative, got \(businessSeconds) s"
        )
        var remaining = businessSeconds
        var cursor = instant
        var date = localDate(of: instant)
        while true {
            for interval in workingIntervals(on: date, steps: &steps) where cursor < interval.end {
                let start = max(interval.start, cursor)
                let available = interval.end.timeIntervalSince(start)
                if remaining <= available { return start.addingTimeInterval(remaining) }
                remaining -= available
                cursor = interval.end
            }
            date = date.adding(days: 1)
            skipWholeWeeks(endingBefore: &remaining, from: &date, steps: &steps)
        }
    }

    /// The business time between two instants, in seconds.
    ///
    /// Only the working time inside `[start, end)` counts, so both instants may lie outside working
    /// hours. Negative when `end` is before `start`: `businessSeconds(from: b, to: a)` is
    /// `-businessSeconds(from: a, to: b)`.
    public func businessSeconds(from start: Date, to end: Date) -> TimeInterval {
        var steps = 0
        return businessSeconds(from: start, to: end, steps: &steps)
    }

    /// ``businessSeconds(from:to:)``, counting in `steps` the days whose working intervals it reads.
    func businessSeconds(from start: Date, to end: Date, steps: inout Int) -> TimeInterval {
        guard start <= end else { return -businessSeconds(from: end, to: start, steps: &steps) }
        var total: TimeInterval = 0
        func addOverlaps(on date: LocalDate) {
            for interval in workingIntervals(on: date, steps: &steps) {
                total += max(0, min(interval.end, end).timeIntervalSince(max(interval.start, start)))
            }
        }
        let firstDate = localDate(of: start)
        let lastDate = localDate(of: end)
        addOverlaps(on: firstDate)
        guard firstDate < lastDate else { return total }
        let weeks = (lastDate.daysSinceEpoch - firstDate.daysSinceEpoch - 1) / 7
        total += businessSeconds(inWeeks: weeks, from: firstDate.adding(days: 1), steps: &steps)
        var date = firstDate.adding(days: 1 + 7 * weeks)
        while date <= lastDate {
            addOverlaps(on: date)
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

    /// Moves `date` past as many whole weeks as run out before `remaining` does, taking their
    /// business time off it; the answer then lies after them, as walking would have found.
    ///
    /// Every day from `date` on must lie after the instant counting has reached.
    private func skipWholeWeeks(endingBefore remaining: inout TimeInterval, from date: inout LocalDate, steps: inout Int) {
        let weekSeconds = nominalSeconds(on: BusinessCalendar.weekdaysFromMonday)
        var weeks = Int(remaining / weekSeconds)
        while weeks > 0 {
            let seconds = businessSeconds(inWeeks: weeks, from: date, steps: &steps)
            if seconds < remaining {
                remaining -= seconds
                date = date.adding(days: 7 * weeks)
                weeks = Int(remaining / weekSeconds)
            } else {
                // The answer lies within these weeks (at their very end, or a repeated fall-back hour
                // gave them more than their hours): skip fewer and walk to it.
                weeks -= 1 + Int((seconds - remaining) / weekSeconds)
            }
        }
    }

    /// The business seconds of the `weeks` whole weeks of days from `firstDate`, without walking them.
    ///
    /// Each week holds every weekday's hours; a holiday takes its weekday's hours off, and only the
    /// working days a change of offset touches are read, for what the change adds or takes.
    private func businessSeconds(inWeeks weeks: Int, from firstDate: LocalDate, steps: inout Int) -> TimeInterval {
        guard weeks > 0 else { return 0 }
        let dates = firstDate..<firstDate.adding(days: 7 * weeks)
        var seconds = TimeInterval(weeks) * nominalSeconds(on: BusinessCalendar.weekdaysFromMonday)
        for holiday in holidays where dates.contains(holiday) {
            seconds -= nominalSeconds(on: [holiday.weekday])
        }
        for date in workingDaysNearOffsetChanges(in: dates) {
            let worked = workingIntervals(on: date, steps: &steps).reduce(0) { $0 + $1.duration }
            seconds += worked - nominalSeconds(on: [date.weekday])
        }
        return seconds
    }

    /// The wall-clock length of the hours of `weekdays`, which a day lasts when its offset holds.
    private func nominalSeconds(on weekdays: [Locale.Weekday]) -> TimeInterval {
        let minutes = weekdays.flatMap { weeklyHours[$0] ?? [] }.reduce(0) {
            $0 + $1.end.minutesSinceMidnight - $1.start.minutesSinceMidnight
        }
        return TimeInterval(minutes * 60)
    }

    /// ``workingIntervals(on:)``, counted in `steps`: the unit the arithmetic's cost is measured in.
    private func workingIntervals(on date: LocalDate, steps: inout Int) -> [DateInterval] {
        steps += 1
        return workingIntervals(on: date)
    }
}
