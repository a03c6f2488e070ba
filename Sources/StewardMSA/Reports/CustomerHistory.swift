import Foundation
import StewardCore

/// A customer's requests with every incident's SLA replayed from its history: what every report's
/// figures are computed from, judged as they stand at `now`.
public struct CustomerHistory: Sendable {
    /// One request and what its history makes of it.
    struct Item: Sendable {
        let request: ReportedRequest
        /// When the customer called or wrote: an incident's receipt, otherwise the filing.
        let receivedAt: Date
        /// The replayed SLA of an incident.
        let incident: ReplayedIncident?
        /// What the request is about, in one line.
        let summary: String
    }

    let items: [Item]
    let timeZone: TimeZone
    let tier: SupportTier
    let sla: SLAPolicy
    let now: Date

    /// Replays the incidents of `requests`; refuses the lot when one history cannot be read, since a
    /// report missing a request would be wrong without saying so.
    public init(
        requests: [ReportedRequest], incidents: IncidentWorkflow, tier: SupportTier, timeZone: TimeZone, now: Date
    ) throws(ReportError) {
        var items: [Item] = []
        for request in requests {
            if request.type == IncidentWorkflow.type {
                let replayed = try incidents.replay(request.history)
                items.append(Item(request: request, receivedAt: replayed.clock.receivedAt, incident: replayed, summary: replayed.summary))
            } else {
                items.append(Item(request: request, receivedAt: request.filedAt, incident: nil, summary: Self.summary(of: request)))
            }
        }
        self.items = items.sorted { ($0.receivedAt, $0.request.reference) < ($1.receivedAt, $1.request.reference) }
        self.timeZone = timeZone
        self.tier = tier
        sla = incidents.policy.sla
        self.now = now
    }

    /// The requests received in `interval`.
    func received(in interval: DateInterval) -> [Item] {
        items.filter { interval.start <= $0.receivedAt && $0.receivedAt < interval.end }
    }

    // MARK: Figures

    /// First-response compliance and counted times of `incidents`, per severity of the target in force.
    func firstResponses(of incidents: [Item]) -> [FirstResponseFigures] {
        Severity.allCases.map { severity in
            let target = sla.responseTime(for: severity, tier: tier)
            let replays = incidents.compactMap(\.incident).filter { $0.clock.severity == severity }
            let met = replays.filter { $0.standing(at: now) == .met }.count
            let breached = replays.filter { $0.standing(at: now) == .breached }.count
            let times = replays.compactMap { $0.clock.firstResponse.map { Self.minutes($0.businessTime) } }.sorted()
            return FirstResponseFigures(
                severity: severity.rawValue,
                counting: target.counting == .roundTheClock ? "wall-clock" : "business",
                targetMinutes: Self.minutes(target.duration),
                met: met,
                breached: breached,
                awaiting: replays.filter { $0.isAwaiting(at: now) }.count,
                metPercent: met + breached == 0 ? nil : (Double(met) * 1000 / Double(met + breached)).rounded() / 10,
                medianMinutes: Self.median(times),
                p90Minutes: Self.percentile90(times),
                worstMinutes: times.last
            )
        }
    }

    /// Wall-clock time from receipt to the resolution in force, per severity now.
    func resolutions(of incidents: [Item]) -> [ResolutionFigures] {
        Severity.allCases.map { severity in
            let times = incidents.compactMap { item -> Int? in
                guard let incident = item.incident, incident.severity == severity, let resolvedAt = incident.resolvedAt else { return nil }
                return Self.minutes(.seconds(resolvedAt.timeIntervalSince(item.receivedAt)))
            }.sorted()
            return ResolutionFigures(
                severity: severity.rawValue,
                resolved: times.count,
                medianMinutes: Self.median(times),
                p90Minutes: Self.percentile90(times),
                worstMinutes: times.last
            )
        }
    }

    /// The breaches of `incidents`, oldest receipt first.
    func breaches(of incidents: [Item]) -> [Breach] {
        incidents.compactMap { item in
            guard let incident = item.incident, let missed = incident.missedBy(at: now) else { return nil }
            let target = incident.clock.target
            return Breach(
                request: item.request.id,
                reference: item.request.reference,
                summary: item.summary,
                severity: target.severity.rawValue,
                counting: target.responseTime.counting == .roundTheClock ? "wall-clock" : "business",
                targetMinutes: Self.minutes(target.responseTime.duration),
                receivedAt: item.receivedAt,
                dueAt: target.dueAt,
                answeredAt: incident.clock.firstResponse?.at,
                missedByMinutes: max(1, Int((missed.timeInterval / 60).rounded(.up)))
            )
        }
    }

    /// Private patches and AV database releases first delivered in `interval`, in order.
    func deliveries(in interval: DateInterval) -> [Delivery] {
        items.compactMap { item -> Delivery? in
            let request = item.request
            let deliveredAt: Date?
            switch request.type {
            case PrivatePatchWorkflow.type: deliveredAt = request.firstEntered("delivered")
            case AVDatabaseReleaseWorkflow.type: deliveredAt = request.firstEntered("released")
            default: deliveredAt = nil
            }
            guard let deliveredAt, interval.contains(deliveredAt), deliveredAt < interval.end else { return nil }
            return Delivery(
                request: request.id,
                reference: request.reference,
                type: request.type,
                what: item.summary,
                receivedAt: item.receivedAt,
                deliveredAt: deliveredAt,
                leadTimeMinutes: Self.minutes(.seconds(deliveredAt.timeIntervalSince(item.receivedAt)))
            )
        }.sorted { $0.deliveredAt < $1.deliveredAt }
    }

    /// The health check of the contract year `day` falls in: the one not cancelled whose date lies
    /// in that year.
    func healthCheck(ofContractYearContaining day: LocalDate, contractStart: LocalDate) -> HealthCheckUse {
        guard let year = HealthCheckWorkflow.ContractYear.containing(day, contractStart: contractStart) else {
            return HealthCheckUse(used: false)
        }
        let checks = items.compactMap { item -> (Item, HealthCheckWorkflow.State)? in
            guard item.request.type == HealthCheckWorkflow.type,
                let state = try? JSONCoding.decoder.decode(HealthCheckWorkflow.State.self, from: item.request.state),
                let date = state.heldDate, year.start <= date, date < year.end
            else { return nil }
            return (item, state)
        }
        guard let (item, state) = checks.first else {
            return HealthCheckUse(contractYearStart: year.start, contractYearEnd: year.end.adding(days: -1), used: false)
        }
        var findings: Int?
        if case .delivered(_, _, let checklist) = state { findings = checklist.count }
        if case .closed(_, _, let checklist) = state { findings = checklist.count }
        return HealthCheckUse(
            contractYearStart: year.start, contractYearEnd: year.end.adding(days: -1), used: true, request: item.request.id,
            reference: item.request.reference, date: state.heldDate, state: state.name, findings: findings
        )
    }

    /// The requests still open, oldest first.
    func openRequests() -> [OpenRequest] {
        items.filter { !$0.request.isTerminal }.map { item in
            let incident = item.incident
            return OpenRequest(
                request: item.request.id,
                reference: item.request.reference,
                type: item.request.type,
                summary: item.summary,
                state: item.request.stateName,
                receivedAt: item.receivedAt,
                severity: incident?.severity.rawValue,
                dueAt: incident.flatMap { $0.clock.firstResponse == nil ? $0.clock.dueAt : nil },
                standing: incident?.standing(at: now).rawValue
            )
        }
    }

    // MARK: Arithmetic

    /// Whole minutes, rounded to the nearest.
    static func minutes(_ duration: Duration) -> Int {
        Int((duration.timeInterval / 60).rounded())
    }

    /// The lower median of sorted `values`.
    static func median(_ values: [Int]) -> Int? {
        values.isEmpty ? nil : values[(values.count - 1) / 2]
    }

    /// The nearest-rank 90th percentile of sorted `values`: the smallest value at or above 90 % of them.
    static func percentile90(_ values: [Int]) -> Int? {
        values.isEmpty ? nil : values[Int((Double(values.count) * 0.9).rounded(.up)) - 1]
    }

    /// What a request other than an incident is about, from its stored state.
    private static func summary(of request: ReportedRequest) -> String {
        let now = request.filedAt
        switch request.type {
        case PrivatePatchWorkflow.type:
            let state = try? JSONCoding.decoder.decode(PrivatePatchWorkflow.State.self, from: request.state)
            return state.flatMap { PrivatePatchWorkflow(lifecycle: ProductLifecycle()).summary(of: $0, at: now) } ?? "private patch"
        case AVDatabaseReleaseWorkflow.type:
            let state = try? JSONCoding.decoder.decode(AVDatabaseReleaseWorkflow.State.self, from: request.state)
            return state.flatMap { AVDatabaseReleaseWorkflow().summary(of: $0, at: now) } ?? "AV database release"
        case HealthCheckWorkflow.type:
            let state = try? JSONCoding.decoder.decode(HealthCheckWorkflow.State.self, from: request.state)
            return state.flatMap { HealthCheckWorkflow(calendars: [:]).summary(of: $0, at: now) } ?? "health check"
        default:
            return request.type
        }
    }
}
