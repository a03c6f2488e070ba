import Foundation
import StewardCore

extension IncidentWorkflow {
    /// What happened to an incident since its last daily report and who holds its work: facts of
    /// the history and the task board, filled into `dailyReportDue` when it fires (so the history
    /// records what the report said).
    public struct DailyDigest: Codable, Sendable, Hashable {
        /// One customer-visible event: a message, a change of state or severity.
        public struct Happening: Codable, Sendable, Hashable {
            public var at: Date
            public var actor: String
            public var what: String

            public init(at: Date, actor: String, what: String) {
                self.at = at
                self.actor = actor
                self.what = what
            }
        }

        /// An open task of the incident: the next step and who holds it.
        public struct HeldTask: Codable, Sendable, Hashable {
            public var title: String
            public var group: String
            public var claimedBy: String?

            public init(title: String, group: String, claimedBy: String?) {
                self.title = title
                self.group = group
                self.claimedBy = claimedBy
            }
        }

        /// The instant the digest starts: the previous report, or the filing.
        public var since: Date
        public var happenings: [Happening]
        public var openTasks: [HeldTask]

        public init(since: Date, happenings: [Happening], openTasks: [HeldTask]) {
            self.since = since
            self.happenings = happenings
            self.openTasks = openTasks
        }

        /// A history entry as the customer may read it, or nil for what is not theirs (internal
        /// notes, assignments, timers, the report calls).
        public static func happening(event: String, payload: Data, actor: String, at: Date) -> Happening? {
            guard let decoded = try? JSONCoding.decoder.decode(Event.self, from: payload) else { return nil }
            let what: String
            switch decoded {
            case .respond(let message): what = "Support wrote: \(message)"
            case .requestInfo(let message): what = "Support asked for information: \(message)"
            case .customerReplied(let message): what = "You replied: \(message)"
            case .resolve(let summary): what = "Resolved: \(summary)"
            case .reopen(let reason): what = "Reopened: \(reason)"
            case .changeSeverity(let severity, let reason): what = "Severity changed to \(severity): \(reason)"
            case .cancel(let reason): what = "Cancelled: \(reason)"
            case .confirm: what = "You confirmed the resolution"
            case .addInternalNote, .acknowledge, .assign, .slaWarningDue, .slaBreachDue, .dailyReportDue, .autoCloseDue,
                .dailyReportCallDone:
                return nil
            }
            return Happening(at: at, actor: actor, what: what)
        }
    }

    /// The daily report's fields: the state, the last day's happenings, the next step and who holds
    /// it, the time since receipt and where the first-response target stands. The call task of a
    /// customer who chose phone reads the same text.
    func dailyReportFields(
        of incident: Incident, stateName: String, number: Int, digest: DailyDigest?, now: Date
    ) -> [String: String] {
        let zone = policy.calendar(named: incident.supportCalendar)?.timeZone ?? .gmt
        let clock = incident.clock
        let target: String
        if let response = clock.firstResponse {
            target = "first response given \(Self.shown(response.at, in: zone)), " + (clock.isMet ? "in time" : "late")
        } else if now <= clock.dueAt {
            target = "first response due \(Self.shown(clock.dueAt, in: zone)), in \(Self.span(now, clock.dueAt))"
        } else {
            target = "first response was due \(Self.shown(clock.dueAt, in: zone)), \(Self.span(clock.dueAt, now)) ago"
        }
        let happenings = (digest?.happenings ?? []).map { "\(Self.shown($0.at, in: zone)) (\($0.actor)): \($0.what)" }
        let next = digest?.openTasks.first
        let nextStep: String
        let holder: String
        if let next {
            nextStep = next.title
            holder = next.claimedBy.map { "\($0) (\(next.group))" } ?? "the \(next.group) group, not yet claimed"
        } else if stateName == "waiting_for_customer" {
            (nextStep, holder) = ("your answer to support's question", "you")
        } else {
            (nextStep, holder) = ("support works on a resolution", "the support group")
        }
        return [
            "summary": incident.summary,
            "severity": "\(incident.severity)",
            "state": stateName,
            "report": "\(number)",
            "sinceReceipt": Self.span(clock.receivedAt, now),
            "target": target,
            "nextStep": nextStep,
            "holder": holder,
            "happenings": happenings.isEmpty ? "Nothing new since the last report." : happenings.joined(separator: "\n"),
        ]
    }

    /// The call task's text: what the caller reads out.
    static func dailyReportBrief(_ fields: [String: String]) -> String {
        """
        Daily report \(fields["report"] ?? ""): \(fields["summary"] ?? "")
        Severity \(fields["severity"] ?? ""), state \(fields["state"] ?? ""), received \(fields["sinceReceipt"] ?? "") ago.
        Target: \(fields["target"] ?? "").
        Next step: \(fields["nextStep"] ?? ""), held by \(fields["holder"] ?? "").
        Since the last report:
        \(fields["happenings"] ?? "")
        """
    }

    /// `2026-03-10 14:05 Europe/Berlin`.
    static func shown(_ instant: Date, in zone: TimeZone) -> String {
        ReportFormat.instant(instant, in: zone)
    }

    /// `1 d 2 h`, `12 min`: the time between two instants, to the minute.
    static func span(_ start: Date, _ end: Date) -> String {
        ReportFormat.duration(minutes: Int((end.timeIntervalSince(start) / 60).rounded(.down)))
    }
}
