import Foundation
import StewardCore

extension QuarterlyReport {
    /// The report of `quarter`, cut in the customer's `timeZone`, from `history` (which holds the
    /// requests received in this quarter and the previous one, the patches and releases delivered
    /// in them, and the customer's health checks).
    ///
    /// A quarter not yet begun has no report; the current one is a report so far.
    public init(
        customer: ReportCustomer, quarter: Quarter, history: CustomerHistory, contractStart: LocalDate
    ) throws(ReportError) {
        let interval = quarter.interval(in: history.timeZone)
        guard interval.start <= history.now else {
            throw ReportError.invalid(
                "\(quarter) has not begun in \(history.timeZone.identifier) (it starts \(interval.start.formatted(.iso8601))); "
                    + "ask for \(Quarter.containing(history.now, in: history.timeZone)) or an earlier quarter",
                field: "quarter"
            )
        }
        self.customer = customer
        self.quarter = quarter.description
        timeZone = history.timeZone.identifier
        from = interval.start
        to = interval.end
        generatedAt = history.now
        current = QuarterFigures(quarter, history)
        previous = QuarterFigures(quarter.previous, history)
        let received = history.received(in: interval)
        let incidents = received.filter { $0.incident != nil }
        breaches = history.breaches(of: incidents)
        deliveries = history.deliveries(in: interval)
        let lastDay = LocalDate(of: interval.end.addingTimeInterval(-1), in: history.timeZone)
        healthCheck = history.healthCheck(ofContractYearContaining: lastDay, contractStart: contractStart)
        weeks = Self.weeks(of: received, from: LocalDate(of: interval.start, in: history.timeZone), to: lastDay, in: history.timeZone)
        responseTimes = Self.responseTimes(of: incidents.compactMap(\.incident))
    }

    /// Requests received per week, Monday to Sunday, from the week of `first` to the week of `last`.
    static func weeks(of received: [CustomerHistory.Item], from first: LocalDate, to last: LocalDate, in zone: TimeZone) -> [WeekCount] {
        var weeks: [WeekCount] = []
        var monday = first.monday
        while monday <= last {
            weeks.append(WeekCount(weekStarting: monday, incidents: 0, otherRequests: 0))
            monday = monday.adding(days: 7)
        }
        for item in received {
            let week = LocalDate(of: item.receivedAt, in: zone).monday
            guard let index = weeks.firstIndex(where: { $0.weekStarting == week }) else { continue }
            if item.incident != nil { weeks[index].incidents += 1 } else { weeks[index].otherRequests += 1 }
        }
        return weeks
    }

    /// The share of its target each first response took, in buckets; a breached target is `late`
    /// whatever its answer took.
    static func responseTimes(of incidents: [ReplayedIncident]) -> [ResponseTimeBucket] {
        let bounds: [(label: String, upTo: Double)] = [("≤ 25 %", 0.25), ("25–50 %", 0.5), ("50–80 %", 0.8), ("80–100 %", 1)]
        var buckets = (bounds.map(\.label) + ["late"]).map { ResponseTimeBucket(label: $0, bySeverity: [0, 0, 0, 0]) }
        for incident in incidents {
            guard let response = incident.clock.firstResponse else { continue }
            let share = response.businessTime.timeInterval / incident.clock.target.responseTime.duration.timeInterval
            let index = incident.clock.isBreached ? bounds.count : bounds.firstIndex { share <= $0.upTo } ?? bounds.count
            buckets[index].bySeverity[incident.clock.severity.rawValue - 1] += 1
        }
        return buckets
    }
}

extension QuarterFigures {
    init(_ quarter: Quarter, _ history: CustomerHistory) {
        let interval = quarter.interval(in: history.timeZone)
        let received = history.received(in: interval)
        let incidents = received.filter { $0.incident != nil }
        let deliveries = history.deliveries(in: interval)
        self.quarter = quarter.description
        from = interval.start
        to = interval.end
        self.received = received.count
        stillOpen = received.filter { !$0.request.isTerminal }.count
        byType = RequestTypes.diagrams.map(\.type).map { type in
            ReportCount(name: type, count: received.filter { $0.request.type == type }.count)
        }
        byChannel = IncidentWorkflow.Channel.allCases.map { channel in
            ReportCount(name: channel.rawValue, count: incidents.filter { $0.incident?.channel == channel }.count)
        }
        bySeverity = Severity.allCases.map { severity in
            ReportCount(name: "\(severity.rawValue)", count: incidents.filter { $0.incident?.receivedSeverity == severity }.count)
        }
        firstResponse = history.firstResponses(of: incidents)
        resolution = history.resolutions(of: incidents)
        patchesDelivered = deliveries.filter { $0.type == PrivatePatchWorkflow.type }.count
        releasesDelivered = deliveries.filter { $0.type == AVDatabaseReleaseWorkflow.type }.count
    }
}
