import Foundation
import StewardCore

// The three charts of the reports, built from their figures.
extension BarChart {
    /// Colours told apart with colour blindness too (Okabe and Ito's palette).
    enum Palette {
        static let current = "#0072b2"
        static let previous = "#9ecae1"
        static let incidents = "#d55e00"
        static let otherRequests = "#0072b2"
        /// Severity 1 to 4.
        static let severities = ["#d55e00", "#e69f00", "#0072b2", "#009e73"]
    }

    /// Met percentage per severity, this period beside the previous one when there is one.
    static func compliance(
        _ figures: [FirstResponseFigures], label: String, previous: (label: String, figures: [FirstResponseFigures])? = nil
    ) -> BarChart {
        let severities = Array(Set(figures.map(\.severity) + (previous?.figures.map(\.severity) ?? []))).sorted()
        func percentages(_ figures: [FirstResponseFigures]) -> [Double?] {
            severities.map { severity in figures.first { $0.severity == severity }?.metPercent }
        }
        var series = [Series(name: label, color: Palette.current, values: percentages(figures))]
        if let previous {
            series.append(Series(name: previous.label, color: Palette.previous, values: percentages(previous.figures)))
        }
        let described = severities.map { severity -> String in
            let now = ReportFormat.percent(figures.first { $0.severity == severity }?.metPercent)
            guard let previous else { return "\(ReportFormat.severity(severity)) \(now)" }
            let before = ReportFormat.percent(previous.figures.first { $0.severity == severity }?.metPercent)
            return "\(ReportFormat.severity(severity)) \(now) (\(previous.label) \(before))"
        }
        let summary =
            severities.isEmpty
            ? "No first responses were judged."
            : "Share of first responses that met their target, per severity, \(label)"
                + (previous.map { " against \($0.label)" } ?? "") + ": " + described.joined(separator: "; ") + "."
        return BarChart(
            id: "chart-compliance", title: "First responses on time per severity", summary: summary,
            categories: severities.map(ReportFormat.severity), series: series, layout: .grouped, values: .percentages,
            categoryAxis: "Severity", valueAxis: "Met %", labelsBars: true
        )
    }

    /// Incidents and other requests received per week, stacked.
    static func weeks(_ weeks: [WeekCount]) -> BarChart {
        let incidents = weeks.map(\.incidents).reduce(0, +)
        let others = weeks.map(\.otherRequests).reduce(0, +)
        let summary: String
        if let first = weeks.first, let last = weeks.last, let busiest = weeks.max(by: { $0.total < $1.total }), busiest.total > 0 {
            summary =
                "Requests received per week, from the week of \(first.weekStarting) to that of \(last.weekStarting): "
                + "\(incidents) incidents and \(others) other requests in all; the busiest week, that of "
                + "\(busiest.weekStarting), had \(busiest.total)."
        } else {
            summary = "No requests were received."
        }
        return BarChart(
            id: "chart-weeks", title: "Requests per week", summary: summary,
            categories: weeks.map { shortDate($0.weekStarting) },
            series: [
                Series(name: "Incidents", color: Palette.incidents, values: weeks.map { Double($0.incidents) }),
                Series(name: "Other requests", color: Palette.otherRequests, values: weeks.map { Double($0.otherRequests) }),
            ],
            layout: .stacked, values: .counts, categoryAxis: "Week starting (Monday)", valueAxis: "Requests"
        )
    }

    /// Answered incidents by the share of their target the first response took, stacked by severity.
    static func responseTimes(_ buckets: [ResponseTimeBucket]) -> BarChart {
        let counts = buckets.map { bucket in (0..<4).map { $0 < bucket.bySeverity.count ? bucket.bySeverity[$0] : 0 } }
        let total = counts.joined().reduce(0, +)
        let summary =
            total == 0
            ? "No incident was answered."
            : "Answered incidents by the share of their first-response target the answer took: "
                + zip(buckets, counts).map { "\($0.label) \($1.reduce(0, +))" }.joined(separator: ", ") + "."
        let series = (0..<4).map { index in
            Series(
                name: ReportFormat.severity(index + 1), color: Palette.severities[index],
                values: counts.map { Double($0[index]) })
        }
        return BarChart(
            id: "chart-response-times", title: "First-response times against the target, by severity", summary: summary,
            categories: buckets.map(\.label), series: series, layout: .stacked, values: .counts,
            categoryAxis: "Share of the target taken", valueAxis: "Incidents"
        )
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `5 Oct`.
    private static func shortDate(_ date: LocalDate) -> String {
        "\(date.day) \(months[(date.month - 1) % 12])"
    }
}

extension WeekCount {
    fileprivate var total: Int { incidents + otherRequests }
}
