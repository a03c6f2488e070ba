import Foundation

/// RFC 5322 dates: "Tue, 01 Dec 2026 12:00:00 +0000".
///
/// Computed by hand from the civil calendar rather than with `DateFormatter`, so parsing is
/// lenient in exactly the documented ways and formatting never depends on a locale.
enum MailDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// Zone names RFC 5322 section 4.3 keeps as obsolete forms, and the European ones mailers still write.
    private static let zoneOffsets: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0,
        "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
        "cet": 1, "cest": 2, "met": 1, "mest": 2, "wet": 0, "west": 1, "eet": 2, "eest": 3,
    ]

    /// The instant, or nil when the text is not a date. Accepts the obsolete forms: no weekday,
    /// no seconds, two- or three-digit years, named zones, a missing zone (read as UTC), comments.
    static func parse(_ text: String) -> Date? {
        var cleaned = ""
        var commentDepth = 0
        for character in text {
            switch character {
            case "(": commentDepth += 1
            case ")": commentDepth = max(0, commentDepth - 1)
            case "," where commentDepth == 0: cleaned.append(" ")
            default: if commentDepth == 0 { cleaned.append(character) }
            }
        }
        var tokens = cleaned.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
        if let first = tokens.first, first.first?.isLetter == true { tokens.removeFirst() }
        guard tokens.count >= 4, let day = Int(tokens[0]), let monthIndex = months.firstIndex(of: String(tokens[1].prefix(3))),
            var year = Int(tokens[2])
        else { return nil }
        switch tokens[2].count {
        case 2: year += year < 50 ? 2000 : 1900
        case 3: year += 1900
        default: break
        }
        let timeParts = tokens[3].split(separator: ":").map { Int($0) }
        guard timeParts.count == 2 || timeParts.count == 3, let hour = timeParts[0], let minute = timeParts[1] else { return nil }
        let second = timeParts.count == 3 ? timeParts[2] : 0
        let month = monthIndex + 1
        guard let second, (1...daysInMonth(month, year: year)).contains(day), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second)
        else { return nil }
        let offset = tokens.count > 4 ? zoneOffsetSeconds(tokens[4]) : 0
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// "+0100", "-0500", "+01:00" or a zone name; unknown names (and military letters) count as UTC,
    /// as RFC 5322 says for them.
    private static func zoneOffsetSeconds(_ zone: String) -> Int {
        if let sign = zone.first, sign == "+" || sign == "-" {
            let digits = zone.dropFirst().filter(\.isNumber)
            guard digits.count == 4, let value = Int(digits) else { return 0 }
            let seconds = (value / 100) * 3_600 + (value % 100) * 60
            return sign == "-" ? -seconds : seconds
        }
        return (zoneOffsets[zone] ?? 0) * 3_600
    }

    /// The date in UTC, as Steward writes it: "Tue, 01 Dec 2026 12:00:00 +0000".
    static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(total) / 86_400).rounded(.down))
        let secondOfDay = total - days * 86_400
        let (year, month, day) = civilFromDays(days)
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekdayNames[weekday]), \(two(day)) \(monthNames[month - 1]) \(year) "
            + "\(two(secondOfDay / 3_600)):\(two(secondOfDay % 3_600 / 60)):\(two(secondOfDay % 60)) +0000"
    }

    private static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
