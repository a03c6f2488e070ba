import Foundation
import StewardCore

// The effects an incident's decisions share: its tasks, its SLA timers and notices, and its daily
// status reports.
extension IncidentWorkflow {
    // MARK: Tasks

    /// The support group's first-response task, due at the target, placed by severity and tier.
    func respondTask(for incident: Incident) -> TaskSpec {
        TaskSpec(
            name: TaskName.respond,
            group: "support",
            title: "First response to severity \(incident.clock.severity) incident: \(incident.summary)",
            priority: QueueOrder(incident.clock).priority,
            dueAt: incident.clock.dueAt
        )
    }

    /// The support group's work towards a resolution; it has no contractual target, so no due instant.
    func resolveTask(for incident: Incident) -> TaskSpec {
        TaskSpec(
            name: TaskName.resolve,
            group: "support",
            title: "Resolve severity \(incident.severity) incident: \(incident.summary)",
            priority: incident.priority
        )
    }

    // MARK: SLA

    /// The first-response clock's actions as timers and notices to the TAM-or-duty-manager; a breach
    /// is escalated to the duty managers' group as well. `incident` holds the clock after the
    /// operation that produced `actions`.
    func slaEffects(_ actions: [SLAAction], of incident: Incident) -> [Effect<Event>] {
        let clock = incident.clock
        return actions.flatMap { action -> [Effect<Event>] in
            switch action {
            case .scheduleWarning(let fraction, let at):
                [.scheduleTimer(name: TimerName.slaWarning(fraction: fraction), at: at, event: .slaWarningDue(fraction: fraction))]
            case .cancelWarning(let fraction):
                [.cancelTimer(name: TimerName.slaWarning(fraction: fraction))]
            case .scheduleBreach(let at):
                [.scheduleTimer(name: TimerName.slaBreach, at: at, event: .slaBreachDue)]
            case .cancelBreach:
                [.cancelTimer(name: TimerName.slaBreach)]
            case .notifyWarning(let fraction, let dueAt):
                // Each severity change makes a new target whose warnings the TAM must hear again.
                [
                    .notify(
                        Notification(
                            to: .tamOrDutyManager,
                            template: "sla-warning",
                            fields: [
                                "summary": incident.summary,
                                "severity": "\(clock.severity)",
                                "percent": Self.percent(fraction),
                                "dueAt": dueAt.formatted(.iso8601),
                            ],
                            dedupKey: "sla-warning-target-\(clock.severityChanges.count + 1)"
                                + "-severity-\(clock.severity.rawValue)-\(Self.percent(fraction))"
                        )
                    )
                ]
            case .recordBreach(let breachedAt):
                // A breach is recorded once per incident, so each key is written once.
                breachNotices(of: incident, breachedAt: breachedAt)
            }
        }
    }

    /// The breach to the TAM-or-duty-manager (`sla-breach`) and its escalation to the duty
    /// managers' group (`sla-escalation`), with the same fields.
    private func breachNotices(of incident: Incident, breachedAt: Date) -> [Effect<Event>] {
        let fields = [
            "summary": incident.summary,
            "severity": "\(incident.clock.severity)",
            "breachedAt": breachedAt.formatted(.iso8601),
        ]
        return [
            .notify(.tamOrDutyManager, "sla-breach", fields, key: "sla-breach"),
            .notify(.group(Directory.dutyManagers), "sla-escalation", fields, key: "sla-escalation"),
        ]
    }

    /// Timers of a running first-response clock, to drop when the incident is cancelled unanswered.
    func pendingSLATimers(of clock: SLAClock) -> [Effect<Event>] {
        guard clock.firstResponse == nil, clock.breachedAt == nil else { return [] }
        return clock.pendingWarnings.map { .cancelTimer(name: TimerName.slaWarning(fraction: $0.fraction)) }
            + [.cancelTimer(name: TimerName.slaBreach)]
    }

    // MARK: Daily reports

    /// Schedules the first daily report after `anchor` still ahead of `now`.
    func startDailyReports(_ incident: inout Incident, after anchor: Date, now: Date) -> [Effect<Event>] {
        let at = policy.nextDailyReport(after: anchor, now: now)
        incident.dailyReports.nextAt = at
        return [.scheduleTimer(name: TimerName.dailyReport, at: at, event: .dailyReportDue())]
    }

    /// Drops the pending report timer and the call not yet made.
    func stopDailyReports(_ incident: inout Incident) -> [Effect<Event>] {
        var effects: [Effect<Event>] = []
        if incident.dailyReports.nextAt != nil {
            effects.append(.cancelTimer(name: TimerName.dailyReport))
            incident.dailyReports.nextAt = nil
        }
        if let call = incident.dailyReports.openCall {
            effects.append(.cancelTask(name: TaskName.dailyReportCall(call)))
            incident.dailyReports.openCall = nil
        }
        return effects
    }

    /// Makes the report due now (``dailyReportFields(of:stateName:number:digest:now:)``): an e-mail to
    /// the customer's contacts and the TAM-or-duty-manager, or a call task for the TAM group that
    /// carries the same text when the customer chose phone (a call not made yet is withdrawn:
    /// today's call reports the current status). Schedules the next one.
    func makeDailyReport(_ incident: inout Incident, stateName: String, digest: DailyDigest?, now: Date) -> [Effect<Event>] {
        guard let scheduled = incident.dailyReports.nextAt else { return [] }
        let number = incident.dailyReports.made + 1
        incident.dailyReports.made = number
        var effects: [Effect<Event>] = []
        let fields = dailyReportFields(of: incident, stateName: stateName, number: number, digest: digest, now: now)
        switch incident.dailyReportVia {
        case .email:
            for recipient in [Recipient.customerContacts, .tamOrDutyManager] {
                effects.append(
                    .notify(Notification(to: recipient, template: "daily-report", fields: fields, dedupKey: "daily-report-\(number)"))
                )
            }
        case .phone:
            if let call = incident.dailyReports.openCall {
                effects.append(.cancelTask(name: TaskName.dailyReportCall(call)))
            }
            effects.append(
                .createTask(
                    TaskSpec(
                        name: TaskName.dailyReportCall(number),
                        group: "tam",
                        title: "Daily report call \(number) to the customer: \(incident.summary)",
                        priority: incident.priority,
                        dueAt: now,
                        brief: Self.dailyReportBrief(fields)
                    )
                )
            )
            incident.dailyReports.openCall = number
        }
        let next = policy.nextDailyReport(after: scheduled, now: now)
        incident.dailyReports.nextAt = next
        effects.append(.scheduleTimer(name: TimerName.dailyReport, at: next, event: .dailyReportDue()))
        return effects
    }
}
