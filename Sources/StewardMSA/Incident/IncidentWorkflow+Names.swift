import Foundation
import StewardCore

extension IncidentWorkflow {
    /// The names of the tasks an incident opens; unique among its open tasks.
    public enum TaskName {
        /// The support group's first response, open while the incident is `new`.
        public static let respond = "respond"
        /// The support group's work towards a resolution, open while the incident is `in_progress`.
        public static let resolve = "resolve"

        /// The TAM-or-duty-manager's call for daily report `number` of a customer who chose phone.
        public static func dailyReportCall(_ number: Int) -> String {
            dailyReportCallPrefix + "\(number)"
        }

        /// What every daily report call's name starts with, before its number.
        public static let dailyReportCallPrefix = "daily-report-call-"
    }

    /// The names of the timers an incident schedules; scheduling a name again replaces its timer.
    public enum TimerName {
        public static let slaBreach = "sla-breach"
        public static let dailyReport = "daily-report"
        public static let autoClose = "auto-close"

        /// The warning at `fraction` of the first-response time: `sla-warning-50` for 0.5,
        /// `sla-warning-12.5` for 0.125.
        public static func slaWarning(fraction: Double) -> String {
            "sla-warning-\(percent(fraction))"
        }
    }

    /// `fraction` as a percentage to two decimals, without trailing zeros: 50, 80, 12.5, 33.33.
    static func percent(_ fraction: Double) -> String {
        let hundredths = Int((fraction * 10_000).rounded())
        let (whole, rest) = (hundredths / 100, hundredths % 100)
        switch rest {
        case 0: return "\(whole)"
        case let rest where rest % 10 == 0: return "\(whole).\(rest / 10)"
        case let rest where rest < 10: return "\(whole).0\(rest)"
        default: return "\(whole).\(rest)"
        }
    }
}
