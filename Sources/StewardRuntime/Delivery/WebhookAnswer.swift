import Foundation
import StewardPostgres

/// What an endpoint's HTTP answer means for the delivery, per the contract with customers'
/// receivers: 2xx delivered; 410 Gone disables the endpoint; 429 and 503 wait as `Retry-After`
/// says; other 4xx are refused for good; 5xx are tried again on the schedule.
public enum WebhookAnswer: Sendable, Hashable {
    case delivered
    case gone
    case retry(after: Duration?)
    case refused

    public init(status: Int, retryAfter: String?, now: Date) {
        switch status {
        case 200..<300: self = .delivered
        case 410: self = .gone
        case 429, 503: self = .retry(after: retryAfter.flatMap { Self.wait(from: $0, now: now) })
        case 400..<500: self = .refused
        default: self = .retry(after: nil)
        }
    }

    /// `Retry-After` as seconds or an HTTP date; at least 1 s, at most a day (a bigger ask is
    /// taken as a day so one answer cannot park a delivery past its horizon unseen).
    static func wait(from header: String, now: Date) -> Duration? {
        let text = header.trimmingCharacters(in: .whitespaces)
        let seconds: Double
        if let value = Int(text) {
            seconds = Double(value)
        } else {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
            guard let date = formatter.date(from: text) else { return nil }
            seconds = date.timeIntervalSince(now)
        }
        return .milliseconds(Int64(min(max(seconds, 1), 86_400) * 1_000))
    }
}
