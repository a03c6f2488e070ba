import Foundation
import StewardCore
import StewardPostgres
import StewardServiceDesk
import Synchronization

/// How pages write instants, durations and SLA standings: the same words on every page.
enum PageText {
    /// The zone the signed-in reader reads times in (their session's), for the page being rendered.
    @TaskLocal static var viewerZone: TimeZone?

    /// An instant as a page shows it: on the reader's clock, with the customer's beside it when
    /// theirs differs, and the machine-readable form.
    struct Instant: Sendable {
        var iso: String
        /// E.g. `Tue 1 Dec 2026, 22:40 CET`, or `Tue 1 Dec 2026, 21:40 GMT · customer: 06:40 GMT+9`.
        var text: String
    }

    static func instant(_ date: Date, zone customerZone: TimeZone?) -> Instant {
        let viewer = viewerZone ?? customerZone ?? .gmt
        var text = format(date, in: viewer, pattern: "EEE d MMM yyyy, HH:mm zzz")
        if let customerZone, customerZone.secondsFromGMT(for: date) != viewer.secondsFromGMT(for: date) {
            text += " · customer: " + format(date, in: customerZone, pattern: "HH:mm zzz")
        }
        return Instant(iso: date.formatted(.iso8601), text: text)
    }

    /// One formatter per zone and pattern, made once: making a `DateFormatter` costs far more than
    /// using one, and a page writes several instants per row.
    private static let formatters = Mutex<[String: DateFormatter]>([:])

    private static func format(_ date: Date, in zone: TimeZone, pattern: String) -> String {
        formatters.withLock { formatters in
            let key = zone.identifier + " " + pattern
            if let formatter = formatters[key] { return formatter.string(from: date) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_GB")
            formatter.timeZone = zone
            formatter.dateFormat = pattern
            formatters[key] = formatter
            return formatter.string(from: date)
        }
    }

    /// A span of seconds in hours and minutes, e.g. `2 h 05 min`, `45 min`, `3 d 4 h`.
    static func duration(_ seconds: Int) -> String {
        let seconds = abs(seconds)
        let minutes = seconds / 60
        let (days, hours, rest) = (minutes / 1440, minutes / 60 % 24, minutes % 60)
        if days > 0 { return "\(days) d \(hours) h" }
        if hours > 0 { return "\(hours) h \(String(format: "%02d", rest)) min" }
        if minutes > 0 { return "\(minutes) min" }
        return "\(seconds) s"
    }

    /// The first characters of an id: enough to tell requests apart on a page.
    static func short(_ id: UUID) -> String { String(id.uuidString.lowercased().prefix(8)) }

    /// A request's SLA as a countdown: the bar's share and colour, and the words beside it.
    struct Countdown: Sendable {
        var standing: String
        var band: String
        /// Width of the used part of the bar, 0 to 100.
        var percent: Int
        var words: String
        var due: Instant
        var severity: Int
        var label: String
    }

    static func countdown(_ sla: SLAStatus, zone: TimeZone?) -> Countdown {
        let counted = "of counted time"
        let words: String =
            switch sla.standing {
            case .running: "\(duration(sla.remainingSeconds)) \(counted) left"
            case .met: "answered in time, \(duration(sla.remainingSeconds)) \(counted) to spare"
            case .breached:
                sla.firstResponseAt == nil
                    ? "overdue by \(duration(sla.remainingSeconds))" : "answered late, \(duration(sla.remainingSeconds)) after the target"
            }
        let percent = Int((sla.usedFraction * 100).rounded())
        return Countdown(
            standing: sla.standing.rawValue, band: sla.band.rawValue, percent: percent, words: words,
            due: instant(sla.dueAt, zone: zone), severity: sla.severity.rawValue,
            label: "Severity \(sla.severity.rawValue) first response: \(percent) % of the response time used, \(words)")
    }
}
