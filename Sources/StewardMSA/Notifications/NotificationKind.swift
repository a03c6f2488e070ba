/// Every kind of notification the contract's request types send, with the fields each carries:
/// the templates of `workflows/templates/` may name these and the common fields, nothing else
/// (`steward policy check` refuses a template that names another), and a contact's or an
/// endpoint's choices name these kinds.
public struct NotificationKind: Sendable, Hashable {
    public var name: String
    /// What it tells, for the README and `steward policy check`.
    public var about: String
    public var fields: [String]

    /// What every message can name besides its kind's fields, filled in by the sender.
    public static let commonFields = ["reference", "requestType", "customerName", "recipientName"]

    public static let all: [NotificationKind] = [
        .init("request-received", "a request was filed, with its first-response target", ["summary", "severity", "targetAt"]),
        .init("state-changed", "a request moved to another state", ["summary", "from", "to", "event"]),
        .init("task-assigned", "an operator gave a task to a person", ["task", "title", "assignedBy", "reason"]),
        .init("sla-warning", "part of a first-response target has passed", ["summary", "severity", "percent", "dueAt"]),
        .init("sla-breach", "a first-response target was missed", ["summary", "severity", "breachedAt"]),
        .init("sla-escalation", "a missed target, escalated to the duty managers", ["summary", "severity", "breachedAt"]),
        .init(
            "daily-report", "the daily status of an open severity-1 incident",
            ["summary", "severity", "state", "report", "sinceReceipt", "target", "nextStep", "holder", "happenings"]
        ),
        .init("private-patch-rejected", "a private patch is outside the product's support lifecycle", ["product", "version", "reason"]),
        .init(
            "private-patch-license-requested", "a private patch is ready; its licence awaits acceptance", ["product", "version", "build"]),
        .init(
            "private-patch-license-reminder", "a reminder that a patch's licence awaits acceptance",
            ["product", "version", "build", "reminder"]),
        .init("private-patch-delivered", "a private patch was delivered", ["product", "version", "build", "artifact"]),
        .init("av-release-requested", "an antivirus database release was requested", avFields),
        .init("av-release-rejected", "the virus lab found no release is needed", avFields),
        .init("av-release-approved", "the virus lab approved a release", avFields),
        .init("av-release-released", "an urgent antivirus database release was made", avFields),
        .init("av-release-published", "an urgent antivirus database release is published", avFields),
        .init("av-release-closed", "an antivirus database release request was closed", avFields),
        .init("av-release-cancelled", "an antivirus database release request was cancelled", avFields),
        .init("health-check-requested", "a health check was requested", ["contractStart"]),
        .init("health-check-date-proposed", "a date was proposed for the health check", ["date"]),
        .init("health-check-scheduled", "the health check's date was confirmed", ["date", "startsAt"]),
        .init("health-check-rescheduled", "the health check moves to another date", ["previousDate", "date"]),
        .init("health-check-report", "the health check's checklist of findings", ["date", "items", "highestSeverity"]),
        .init("health-check-delivered", "the health check's checklist was delivered", ["date", "items", "highestSeverity"]),
        .init("health-check-cancelled", "the health check was cancelled", ["date", "reason"]),
        .init(
            "quarterly-report", "the customer's quarterly report, its page and tables attached",
            ["quarter", "periodStart", "periodEnd", "period", "summary", "summaryHTML"]
        ),
        .init(
            "periodic-report", "a custom periodic report a TAM scheduled, its page or tables attached",
            ["title", "periodStart", "periodEnd", "period", "summary", "summaryHTML"]
        ),
        .init("webhook-disabled", "a customer's webhook endpoint was disabled by its answers", ["endpoint", "url", "reason"]),
    ]

    public static let byName: [String: NotificationKind] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    private static let avFields = ["kind", "sampleReference", "reason", "urgentReleaseID", "closedBy", "cancelledIn"]

    init(_ name: String, _ about: String, _ fields: [String]) {
        self.name = name
        self.about = about
        self.fields = fields
    }
}

extension NotificationKind {
    /// Each kind's fields, as the templates check needs them.
    public static var templateFields: [String: Set<String>] { byName.mapValues { Set($0.fields) } }
}
