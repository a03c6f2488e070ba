import Foundation

// Converting between instants and the calendar's local wall clock, including across clock changes.
// Local times are counted as seconds since 1970-01-01 00:00 on the local wall clock, so that a
// local date and time of day is plain integer arithmetic and only the zone's offset needs Foundation.
extension BusinessCalendar {
    /// The local date the calendar's wall clock shows at `instant`.
    public func localDate(of instant: Date) -> LocalDate {
        let localSeconds = instant.timeIntervalSince1970 + TimeInterval(offset(at: instant.timeIntervalSince1970))
        return LocalDate(daysSinceEpoch: Int((localSeconds / 86_400).rounded(.down)))
    }

    /// The real instants worked on `date`, in order, with intervals that touch joined into one.
    ///
    /// Empty on a holiday or a weekday without hours. An interval covers exactly the instants at
    /// which the wall clock shows a time inside it on `date`: on a spring-forward day the skipped
    /// hour is no time at all, and on a fall-back day the repeated hour counts twice (so 00:00–24:00
    /// lasts 23 or 25 real hours, and an interval ending inside the repeated hour can become two).
    public func workingIntervals(on date: LocalDate) -> [DateInterval] {
        guard !holidays.contains(date), let hours = weeklyHours[date.weekday] else { return [] }
        let pieces = hours.flatMap { instants(showing: $0, on: date) }.sorted { $0.start < $1.start }
        var intervals: [DateInterval] = []
        for piece in pieces {
            if let previous = intervals.last, previous.end >= piece.start {
                intervals[intervals.count - 1] = DateInterval(start: previous.start, end: max(previous.end, piece.end))
            } else {
                intervals.append(piece)
            }
        }
        return intervals
    }

    /// The working days in `dates` on which ``workingIntervals(on:)`` may differ from the weekday's
    /// hours read at one fixed offset, because the zone changes its offset in a window it reads.
    ///
    /// Every other working day in `dates` lasts exactly its hours' wall-clock length. Foundation
    /// reports every change of offset as a transition, changes of standard time included (Samoa
    /// 2011, Volgograd 2020), not only summer time.
    func workingDaysNearOffsetChanges(in dates: Range<LocalDate>) -> Set<LocalDate> {
        // Windows reach a day past their date, so the changes that matter lie within a day of `dates`.
        let last = TimeInterval(dates.upperBound.daysSinceEpoch * 86_400) + 86_400
        var previous = Date(timeIntervalSince1970: TimeInterval(dates.lowerBound.daysSinceEpoch * 86_400) - 86_400)
        var days: Set<LocalDate> = []
        while let change = timeZone.nextDaylightSavingTimeTransition(after: previous), change.timeIntervalSince1970 <= last {
            let instant = change.timeIntervalSince1970
            let changeDay = LocalDate(daysSinceEpoch: Int((instant / 86_400).rounded(.down)))
            // Only the windows of the dates from two days before to one after can hold the change.
            for date in (-2...1).map(changeDay.adding(days:)) where dates.contains(date) && !holidays.contains(date) {
                let touched = (weeklyHours[date.weekday] ?? []).contains { hours in
                    let window = offsetWindow(of: hours, on: date)
                    return window.after < instant && instant <= window.upTo
                }
                if touched { days.insert(date) }
            }
            previous = change
        }
        return days
    }

    /// The instants at which the wall clock shows a time in `hours` on `date`: one interval, or two
    /// when the clocks go back in the middle of it; none when it lies in a skipped hour.
    private func instants(showing hours: WorkingHours, on date: LocalDate) -> [DateInterval] {
        let (localStart, localEnd) = localSeconds(of: hours, on: date)
        let window = offsetWindow(of: hours, on: date)
        let offsetBefore = offset(at: window.after)
        let change = firstInstant(withOffsetOtherThan: offsetBefore, after: window.after, upTo: window.upTo)
        let before = TimeInterval(offsetBefore)
        let after = TimeInterval(offset(at: change))
        // Before the change the wall clock reads instant + before, from it on instant + after.
        let readBeforeChange = interval(from: localStart - before, to: min(localEnd - before, change))
        let readAfterChange = interval(from: max(localStart - after, change), to: localEnd - after)
        return [readBeforeChange, readAfterChange].compactMap { $0 }
    }

    /// The instants, as seconds since 1970, whose offsets `instants(showing:on:)` reads for `hours` on
    /// `date`: after a day before its local start, up to a day after its local end.
    ///
    /// The interval's instants lie within 14 hours of its local times, so a day either side is before
    /// and after any clock change that touches it. Zones change clocks months apart, so there is at
    /// most one change in between.
    private func offsetWindow(of hours: WorkingHours, on date: LocalDate) -> (after: TimeInterval, upTo: TimeInterval) {
        let (localStart, localEnd) = localSeconds(of: hours, on: date)
        return (localStart - 86_400, localEnd + 86_400)
    }

    private func localSeconds(of hours: WorkingHours, on date: LocalDate) -> (start: TimeInterval, end: TimeInterval) {
        let dayStart = TimeInterval(date.daysSinceEpoch * 86_400)
        return (
            dayStart + TimeInterval(hours.start.minutesSinceMidnight * 60),
            dayStart + TimeInterval(hours.end.minutesSinceMidnight * 60)
        )
    }

    /// The first instant in `(start, end]` whose offset differs from `offset`, found by bisection
    /// since offsets change on whole seconds; `end` when there is none.
    private func firstInstant(
        withOffsetOtherThan offset: Int,
        after start: TimeInterval,
        upTo end: TimeInterval
    ) -> TimeInterval {
        guard self.offset(at: end) != offset else { return end }
        var lower = start
        var upper = end
        while upper - lower > 1 {
            let middle = ((lower + upper) / 2).rounded(.down)
            if self.offset(at: middle) == offset { lower = middle } else { upper = middle }
        }
        return upper
    }

    private func interval(from start: TimeInterval, to end: TimeInterval) -> DateInterval? {
        guard start < end else { return nil }
        return DateInterval(start: Date(timeIntervalSince1970: start), end: Date(timeIntervalSince1970: end))
    }

    private func offset(at secondsSince1970: TimeInterval) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: secondsSince1970))
    }
}
