import Foundation
import Testing

@testable import StewardCore

struct InstantTextTests {
    /// Foundation's style the JSON used before: the reference the fast path must agree with.
    private static let foundationStyle = Date.ISO8601FormatStyle.iso8601.year().month().day().time(
        includingFractionalSeconds: true
    ).timeZone(separator: .omitted)

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (-1.5, "1969-12-31T23:59:58.500Z"),
        (951_782_400, "2000-02-29T00:00:00.000Z"),  // a leap day of a year divisible by 400
        (1_774_627_200.25, "2026-03-27T16:00:00.250Z"),
        (1_798_761_599.9999, "2026-12-31T23:59:59.999Z"),  // truncated, not rounded into the next year
    ])
    func anInstantIsWrittenInUTCToTheMillisecond(secondsSince1970: Double, text: String) {
        #expect(InstantText.text(of: Date(timeIntervalSince1970: secondsSince1970)) == text)
    }

    @Test func itWritesWhatFoundationWroteForInstantsOfTheseCenturies() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 978_307_200...4_102_444_800, using: &generator))
            let ours = InstantText.text(of: date)
            let foundations = date.formatted(Self.foundationStyle)
            // Ours reads a microsecond above a millisecond's boundary as the next millisecond.
            let fraction = date.timeIntervalSinceReferenceDate - date.timeIntervalSinceReferenceDate.rounded(.down)
            let nearBoundary = (fraction * 1000 + 0.001).rounded(.down) != (fraction * 1000).rounded(.down)
            #expect(ours == foundations || nearBoundary, "\(date.timeIntervalSince1970)")
        }
    }

    @Test func textReadBackIsWrittenAsTheSameText() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let milliseconds = Int64.random(in: 0...4_102_444_800_000, using: &generator)
            let text = InstantText.text(of: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            let date = try #require(InstantText.date(text))
            #expect(InstantText.text(of: date) == text)
            #expect(abs(date.timeIntervalSince1970 - Double(milliseconds) / 1000) < 0.000_01)
        }
    }

    @Test(arguments: [
        "2026-03-27T16:00:00Z", "2026-03-27T16:00:00.1Z", "2026-03-27T16:00:00.250Z", "2026-03-27T16:00:00.123456789Z",
        "1999-12-31T23:59:59.999Z",
    ])
    func itReadsTheInstantFoundationReads(text: String) throws {
        let ours = try #require(InstantText.date(text))
        let foundations = try Date(text, strategy: Self.foundationStyle)
        #expect(abs(ours.timeIntervalSince(foundations)) < 0.000_001)
    }

    @Test(arguments: [
        "2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-03-27T24:00:00Z", "2026-03-27T16:60:00Z",
        "2026-03-27T16:00:60Z", "2026-03-27T16:00:00", "2026-03-27T16:00:00.Z", "2026-03-27T16:00:00.12aZ",
        "2026-03-27 16:00:00Z", "2026-03-27T16:00:00+01:00", "26-03-27T16:00:00Z", "", "2026-03-27T16:00:00.1234567890Z",
    ])
    func anyOtherShapeIsNotRead(text: String) {
        #expect(InstantText.date(text) == nil)
    }

    @Test func theJSONFormStillReadsAnOffsetThroughFoundation() throws {
        let date = try JSONCoding.decoder.decode(Date.self, from: Data(#""2026-03-27T17:00:00+01:00""#.utf8))
        #expect(InstantText.text(of: date) == "2026-03-27T16:00:00.000Z")
    }
}
