import Foundation
import StewardCore

// One builder per kind of table, shared by the quarterly and the periodic report.
extension CSVTable {
    /// `first-response.csv`: a row per severity and period; the `quarter` column when the rows
    /// are labelled with one.
    static func firstResponse(_ periods: [(quarter: String?, figures: [FirstResponseFigures])]) -> CSVTable {
        let labelled = periods.contains { $0.quarter != nil }
        let header =
            (labelled ? ["quarter"] : [])
            + [
                "severity", "counting", "target_minutes", "met", "breached", "awaiting", "met_percent", "median_minutes", "p90_minutes",
                "worst_minutes",
            ]
        let rows = periods.flatMap { period in
            period.figures.map { row in
                (labelled ? [value(period.quarter)] : [])
                    + [
                        value(row.severity), row.counting, value(row.targetMinutes), value(row.met), value(row.breached),
                        value(row.awaiting), percent(row.metPercent), value(row.medianMinutes), value(row.p90Minutes),
                        value(row.worstMinutes),
                    ]
            }
        }
        return CSVTable(name: "first-response.csv", header: header, rows: rows)
    }

    /// `resolution.csv`: a row per severity and quarter.
    static func resolution(_ periods: [(quarter: String, figures: [ResolutionFigures])]) -> CSVTable {
        let rows = periods.flatMap { period in
            period.figures.map { row in
                [
                    period.quarter, value(row.severity), value(row.resolved), value(row.medianMinutes), value(row.p90Minutes),
                    value(row.worstMinutes),
                ]
            }
        }
        return CSVTable(
            name: "resolution.csv", header: ["quarter", "severity", "resolved", "median_minutes", "p90_minutes", "worst_minutes"],
            rows: rows)
    }

    /// `breaches.csv`: a row per breach; `answered_at` is empty while unanswered.
    static func breaches(_ breaches: [Breach]) -> CSVTable {
        CSVTable(
            name: "breaches.csv",
            header: [
                "reference", "request", "summary", "severity", "counting", "target_minutes", "received_at", "due_at", "answered_at",
                "missed_by_minutes",
            ],
            rows: breaches.map { breach in
                [
                    breach.reference, value(breach.request), breach.summary, value(breach.severity), breach.counting,
                    value(breach.targetMinutes), value(breach.receivedAt), value(breach.dueAt), value(breach.answeredAt),
                    value(breach.missedByMinutes),
                ]
            }
        )
    }

    /// `deliveries.csv`: a row per private patch or antivirus database release delivered.
    static func deliveries(_ deliveries: [Delivery]) -> CSVTable {
        CSVTable(
            name: "deliveries.csv",
            header: ["reference", "request", "type", "what", "received_at", "delivered_at", "lead_time_minutes"],
            rows: deliveries.map { delivery in
                [
                    delivery.reference, value(delivery.request), delivery.type, delivery.what, value(delivery.receivedAt),
                    value(delivery.deliveredAt), value(delivery.leadTimeMinutes),
                ]
            }
        )
    }

    /// `health-check.csv`: one row.
    static func healthCheck(_ use: HealthCheckUse) -> CSVTable {
        CSVTable(
            name: "health-check.csv",
            header: ["contract_year_start", "contract_year_end", "used", "request", "reference", "date", "state", "findings"],
            rows: [
                [
                    value(use.contractYearStart), value(use.contractYearEnd), value(use.used), value(use.request), value(use.reference),
                    value(use.date), value(use.state), value(use.findings),
                ]
            ]
        )
    }

    /// `open-requests.csv`: a row per request open at the report's instant.
    static func openRequests(_ requests: [OpenRequest]) -> CSVTable {
        CSVTable(
            name: "open-requests.csv",
            header: ["reference", "request", "type", "summary", "state", "received_at", "severity", "due_at", "standing"],
            rows: requests.map { request in
                [
                    request.reference, value(request.request), request.type, request.summary, request.state, value(request.receivedAt),
                    value(request.severity), value(request.dueAt), value(request.standing),
                ]
            }
        )
    }

    /// `weeks.csv`: a row per week, by its Monday.
    static func weeks(_ weeks: [WeekCount]) -> CSVTable {
        CSVTable(
            name: "weeks.csv", header: ["week_starting", "incidents", "other_requests"],
            rows: weeks.map { [value($0.weekStarting), value($0.incidents), value($0.otherRequests)] })
    }

    /// `response-times.csv`: a row per bucket, answered incidents per severity.
    static func responseTimes(_ buckets: [ResponseTimeBucket]) -> CSVTable {
        CSVTable(
            name: "response-times.csv", header: ["bucket", "severity_1", "severity_2", "severity_3", "severity_4"],
            rows: buckets.map { bucket in
                [bucket.label] + (0..<4).map { value($0 < bucket.bySeverity.count ? bucket.bySeverity[$0] : 0) }
            })
    }

    /// `summary.csv`: a row per figure, this quarter beside the previous.
    static func summary(_ figures: [SummaryFigure]) -> CSVTable {
        CSVTable(
            name: "summary.csv", header: ["figure", "this_quarter", "previous_quarter"],
            rows: figures.map { [$0.key, value($0.current), value($0.previous)] })
    }
}
