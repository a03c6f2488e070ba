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

    /// The instants at which the wall clock shows a time in `hours` on `date`: one interval, or two
    /// when the clocks go back in the middle of it; none when it lies in a skipped hour.
    private func instants(showing hours: WorkingHours, on date: LocalDate) -> [DateInterval] {
        let dayStart = TimeInterval(date.daysSinceEpoch * 86_400)
        let localStart = dayStart + TimeInterval(hours.start.minutesSinceMidnight * 60)
        let localEnd = dayStart + TimeInterval(hours.end.minutesSinceMidnight * 60)
        // The interval's instants lie within 14 hours of its local times, so a day either side is
        // before and after any clock change that touches it. Zones change clocks months apart, so
        // there is at most one change in between.
        let offsetBefore = offset(at: localStart - 86_400)
        let change = firstInstant(
            withOffsetOtherThan: offsetBefore,
            after: localStart - 86_400,
            upTo: localEnd + 86_400
        )
        let before = TimeInterval(offsetBefore)
        let after = TimeInterval(offset(at: change))
        // Before the change the wall clock reads instant + before, from it on instant + after.
        let readBeforeChange = interval(from: localStart - before, to: min(localEnd - before, change))
        let readAfterChange = interval(from: max(localStart - after, change), to: localEnd - after)
        return [readBeforeChange, readAfterChange].compactMap { $0 }
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
