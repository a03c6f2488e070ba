import Foundation

/// The text of an instant in Steward's JSON: UTC, to the millisecond, `2026-03-27T16:00:00.000Z`.
///
/// Written and read with integer arithmetic: Foundation's ISO-8601 styles built a formatter for
/// each date and took a tenth of a page of requests' time. Foundation also truncated after its own
/// parse, so `….123Z` read back as 0.122999… was written again as `….122Z`; here a date read from
/// text is written as the same text.
public enum InstantText {
    private static let secondsFrom1970To2001 = 978_307_200

    /// `date` as `YYYY-MM-DDTHH:MM:SS.mmmZ`: the millisecond it falls in, read from below.
    public static func text(of date: Date) -> String {
        // A microsecond of slack, far above a Double's error at these magnitudes and far below a
        // millisecond, so a parsed ….123 (0.122999…) is still 123.
        let reference = date.timeIntervalSinceReferenceDate
        let wholeSeconds = reference.rounded(.down)
        var millisecond = Int(((reference - wholeSeconds) * 1000 + 0.001).rounded(.down))
        var secondsSince1970 = Int(wholeSeconds) + secondsFrom1970To2001
        if millisecond == 1000 {
            millisecond = 0
            secondsSince1970 += 1
        }
        let day = LocalDate(daysSinceEpoch: LocalDate.floorDivide(secondsSince1970, 86_400))
        let secondOfDay = LocalDate.floorModulo(secondsSince1970, 86_400)
        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        append(day.year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        append(day.month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        append(day.day, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        append(secondOfDay / 3600, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay / 60 % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        append(millisecond, width: 3, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The instant `YYYY-MM-DDTHH:MM:SS[.fraction]Z` names, with one to nine fraction digits; `nil`
    /// for any other shape, a day that does not exist or a time past 23:59:59.
    public static func date(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { date(utf8: $0) }
    }

    private static func date(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count >= 20, bytes.count != 21, bytes.count <= 30, bytes[4] == UInt8(ascii: "-"),
            bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"), bytes[bytes.count - 1] == UInt8(ascii: "Z"),
            let year = number(bytes, 0..<4), let month = number(bytes, 5..<7), let dayOfMonth = number(bytes, 8..<10),
            let hour = number(bytes, 11..<13), let minute = number(bytes, 14..<16), let second = number(bytes, 17..<19),
            hour < 24, minute < 60, second < 60, let day = LocalDate(year: year, month: month, day: dayOfMonth)
        else { return nil }
        var fraction = 0.0
        if bytes.count > 20 {
            guard bytes[19] == UInt8(ascii: "."), let digits = number(bytes, 20..<(bytes.count - 1)) else { return nil }
            fraction = Double(digits) / pow(10, Double(bytes.count - 21))
        } else if bytes[19] != UInt8(ascii: "Z") {
            return nil
        }
        let secondsSince1970 = day.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSinceReferenceDate: Double(secondsSince1970 - secondsFrom1970To2001) + fraction)
    }

    /// The decimal number the ASCII digits in `range` spell, or `nil` if any is not a digit.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    private static func append(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}
