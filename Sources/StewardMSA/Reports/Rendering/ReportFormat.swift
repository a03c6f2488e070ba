import Foundation
import StewardCore

/// How the reports write durations, instants, dates, percentages and names: one place, used by
/// the HTML pages, the e-mail summaries and the CSV files.
enum ReportFormat {
    /// Minutes as a person reads them: `0 min`, `45 min`, `1 h`, `6 h 30 min`, `1 d`, `2 d 3 h`.
    ///
    /// From one day up, the minutes are dropped (`1 d 0 h 59 min` is `1 d`): a day-long wait is
    /// read in days and hours.
    static func duration(minutes: Int) -> String {
        let sign = minutes < 0 ? "−" : ""
        let total = Int(min(minutes.magnitude, UInt(Int.max)))
        let days = total / 1440
        let hours = total % 1440 / 60
        let rest = total % 60
        let parts: [String]
        if days > 0 {
            parts = ["\(days) d"] + (hours > 0 ? ["\(hours) h"] : [])
        } else if hours > 0 {
            parts = ["\(hours) h"] + (rest > 0 ? ["\(rest) min"] : [])
        } else {
            parts = ["\(rest) min"]
        }
        return sign + parts.joined(separator: " ")
    }

    /// The zone a report names, or UTC when the name is not a zone this machine knows.
    static func zone(_ identifier: String) -> TimeZone {
        TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
    }

    /// An instant in the report's zone, to the minute: `2026-10-05 09:30 Europe/Berlin`.
    ///
    /// In the hour that a change from summer to winter time repeats, the offset follows, so the
    /// two 02:30 of 2026-10-25 in Berlin read `02:30 Europe/Berlin (UTC+02:00)` and `(UTC+01:00)`.
    static func instant(_ date: Date, in zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: date)
        var text = dateAndTime(date, in: zone) + " " + zone.identifier
        let otherOffsets = Set([-7200.0, 7200.0].map { zone.secondsFromGMT(for: date.addingTimeInterval($0)) }).subtracting([offset])
        let repeated = otherOffsets.contains { other in
            // The same wall-clock time under the other offset, if the zone shows it there too.
            zone.secondsFromGMT(for: date.addingTimeInterval(TimeInterval(offset - other))) == other
        }
        if repeated {
            text += " (UTC" + offsetText(offset) + ")"
        }
        return text
    }

    /// The local date an instant falls on in `zone`: `2026-10-05`.
    static func date(_ date: Date, in zone: TimeZone) -> String {
        let parts = components(of: date, in: zone)
        return padded(parts.year ?? 0, 4) + "-" + padded(parts.month ?? 0, 2) + "-" + padded(parts.day ?? 0, 2)
    }

    /// An instant in UTC as ISO 8601 to the second, for CSV: `2026-10-05T07:30:00Z`.
    static func utc(_ date: Date) -> String {
        let utc = TimeZone(identifier: "UTC")!
        let parts = components(of: date, in: utc)
        return Self.date(date, in: utc) + "T" + padded(parts.hour ?? 0, 2) + ":"
            + padded(parts.minute ?? 0, 2) + ":" + padded(parts.second ?? 0, 2) + "Z"
    }

    /// A percentage to one decimal, without the sign: `66.7`; nil for nil, NaN or infinity.
    static func percentNumber(_ value: Double?) -> String? {
        guard let value, value.isFinite else { return nil }
        let tenths = (value * 10).rounded()
        guard tenths.magnitude < 1e15 else { return nil }
        let whole = Int(tenths)
        let sign = whole < 0 ? "-" : ""
        return sign + "\(whole.magnitude / 10).\(whole.magnitude % 10)"
    }

    /// A percentage for a person: `66.7 %`, or `–` when there is none.
    static func percent(_ value: Double?) -> String {
        percentNumber(value).map { $0 + " %" } ?? none
    }

    /// Minutes for a person, or `–` when there are none.
    static func duration(minutes: Int?) -> String {
        minutes.map { duration(minutes: $0) } ?? none
    }

    /// `1 breach`, `2 breaches`, `No breaches`.
    static func count(_ count: Int, _ singular: String, _ plural: String) -> String {
        switch count {
        case 0: "No \(plural)"
        case 1: "1 \(singular)"
        default: "\(count) \(plural)"
        }
    }

    /// What a table shows where there is no figure.
    static let none = "–"

    /// A severity number as the contract names it: `1 (critical)`.
    static func severity(_ number: Int) -> String {
        Severity(rawValue: number)?.description ?? String(number)
    }

    /// A severity written as text in a breakdown (`"1"`), named as a number is.
    static func severity(named name: String) -> String {
        Int(name).map(severity) ?? label(name)
    }

    /// What the minutes of a target count: `wall-clock` or `business` hours.
    static func counting(_ counting: String) -> String {
        switch counting {
        case "wall-clock": "wall-clock"
        case "business": "business hours"
        default: counting
        }
    }

    /// A request type's or channel's name for a person: `private-patch` is `Private patch`.
    static func label(_ name: String) -> String {
        if let title = RequestTypes.diagrams.first(where: { $0.type == name })?.title { return title }
        switch name {
        case "av-db-release": return "Antivirus database release"
        case "email": return "E-mail"
        case "api": return "API"
        default:
            let words = name.replacingOccurrences(of: "-", with: " ")
            return words.prefix(1).uppercased() + words.dropFirst()
        }
    }

    /// A number with a fixed count of decimals for SVG coordinates; 0 for NaN or infinity, so that
    /// a chart never writes `nan`.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite, value.magnitude < 1e9 else { return "0" }
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let fraction = magnitude % 100
        if fraction == 0 { return sign + "\(magnitude / 100)" }
        return sign + "\(magnitude / 100)." + (fraction % 10 == 0 ? "\(fraction / 10)" : padded(Int(fraction), 2))
    }

    private static func dateAndTime(_ date: Date, in zone: TimeZone) -> String {
        let parts = components(of: date, in: zone)
        return Self.date(date, in: zone) + " " + padded(parts.hour ?? 0, 2) + ":" + padded(parts.minute ?? 0, 2)
    }

    private static func components(of date: Date, in zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    private static func offsetText(_ seconds: Int) -> String {
        let minutes = seconds.magnitude / 60
        return (seconds < 0 ? "-" : "+") + padded(Int(minutes / 60), 2) + ":" + padded(Int(minutes % 60), 2)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
