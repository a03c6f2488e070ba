import Foundation
import StewardCore
import StewardMSA
import StewardPostgres
import StewardServiceDesk

/// A request as a list shows it: no state, no tasks.
struct RequestSummaryView: Encodable {
    var id: UUID
    var reference: String?
    var type: String
    var customer: String
    var state: String
    /// The severity of the response-time target in force, for request types with one.
    var severity: Severity?
    /// Who must act next: `customer`, `group:support`, `tam`, `system`, `nobody`.
    var waitingFor: String
    var open: Bool
    var version: Int64
    var createdAt: Date
    var updatedAt: Date
    var stateEnteredAt: Date
    var pausedAt: Date?
    /// Where the response-time target stands, for request types with one.
    var sla: SLAStatus?

    init(_ summary: RequestSummary) {
        id = summary.id
        reference = summary.reference?.description
        type = summary.type
        customer = summary.customerID
        state = summary.stateName
        severity = summary.severity
        waitingFor = summary.mover.description
        open = !summary.isTerminal
        version = summary.version
        createdAt = summary.createdAt
        updatedAt = summary.updatedAt
        stateEnteredAt = summary.stateEnteredAt
        pausedAt = summary.pausedAt
        sla = summary.sla
    }
}

/// A request as the API shows it read alone: its summary's fields, the typed state its reader may
/// see, and its tasks for staff.
struct RequestView: Encodable {
    var summary: RequestSummaryView
    /// The typed state: everything the request carries for staff, the fields its type lets
    /// customers see for a customer's contact (``RequestRecord/details``).
    var details: JSONValue
    /// Its tasks, oldest first.
    var tasks: [TaskView]?

    private enum CodingKeys: String, CodingKey {
        case details, tasks
    }

    init(_ record: RequestRecord) {
        summary = RequestSummaryView(record.summary)
        details = record.details
        tasks = record.tasks?.map(TaskView.init)
    }

    /// The summary's fields and these in one object.
    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(details, forKey: .details)
        try container.encodeIfPresent(tasks, forKey: .tasks)
    }
}

struct TaskView: Encodable {
    var id: UUID
    var request: UUID
    var customer: String
    var name: String
    var group: String
    var title: String
    var brief: String?
    var priority: Int
    var dueAt: Date?
    var status: String
    var claimedBy: String?
    var createdAt: Date
    var lastActivityAt: Date

    init(_ task: HumanTask) {
        id = task.id
        request = task.workflowID
        customer = task.customerID
        name = task.name
        group = task.group
        title = task.title
        brief = task.brief
        priority = task.priority
        dueAt = task.dueAt
        status = task.status.rawValue
        claimedBy = task.claimedBy
        createdAt = task.createdAt
        lastActivityAt = task.lastActivityAt
    }
}

struct HistoryView: Encodable {
    var seq: Int64
    var at: Date
    var actor: String
    var event: String
    var from: String?
    var to: String
    var payload: JSONValue

    init(_ entry: HistoryEntry) {
        seq = entry.seq
        at = entry.at
        actor = entry.actor
        event = entry.event
        from = entry.fromState
        to = entry.toState
        payload = JSONValue(entry.payload)
    }
}

/// One delivery of a request's notifications with its attempts; customers do not see which
/// worker made an attempt.
struct DeliveryView: Encodable {
    struct Attempt: Encodable {
        var at: Date
        var outcome: String
        var detail: String
        var worker: String?
    }

    var id: Int64
    var kind: String
    var recipient: String
    var addressedTo: String?
    var routingReason: String?
    var channel: String
    var status: String
    var createdAt: Date
    var sentAt: Date?
    var attempts: [Attempt]

    init(_ record: DeliveryRecord, showingWorkers: Bool) {
        id = record.id
        kind = record.kind
        recipient = record.recipient.description
        addressedTo = record.addressedTo
        routingReason = record.routingReason
        channel = record.channel
        status = record.status
        createdAt = record.createdAt
        sentAt = record.sentAt
        attempts = record.attempts.map {
            Attempt(at: $0.at, outcome: $0.outcome, detail: $0.detail, worker: showingWorkers ? $0.worker : nil)
        }
    }
}

struct AuditView: Encodable {
    var id: Int64
    var at: Date
    var actor: String
    var action: String
    var customer: String?
    var request: UUID?
    var task: UUID?
    var job: Int64?
    var reason: String
    var details: [String: String]
    var before: JSONValue?
    var after: JSONValue?

    init(_ entry: AuditEntry) {
        id = entry.id
        at = entry.at
        actor = entry.actor
        action = entry.action
        customer = entry.customerID
        request = entry.workflowID
        task = entry.taskID
        job = entry.jobID
        reason = entry.reason
        details = entry.details
        before = entry.before.map(JSONValue.init)
        after = entry.after.map(JSONValue.init)
    }
}

struct StuckView: Encodable {
    var kind: String
    var customer: String
    var request: UUID?
    var type: String?
    var state: String?
    var job: Int64?
    var task: UUID?
    var since: Date
    var reason: String
    var repair: String

    init(_ item: StuckItem) {
        kind = item.kind.rawValue
        customer = item.customerID
        request = item.workflowID
        type = item.workflowType
        state = item.state
        job = item.jobID
        task = item.taskID
        since = item.since
        reason = item.reason
        repair = item.repair
    }
}

/// A list page: the items and the cursor of the next page, if any.
struct PageView<Item: Encodable>: Encodable {
    var items: [Item]
    var nextCursor: String?
}

struct MeView: Encodable {
    var role: String
    var customer: String?
    var contact: String?
    var staff: String?
    var groups: [String]
    var customers: [String]

    init(_ principal: Principal) {
        role = principal.role.rawValue
        customer = principal.customerID
        contact = principal.contact
        staff = principal.staffID
        groups = principal.groups
        customers = principal.assignedCustomers
    }
}

struct ReportScheduleView: Encodable {
    var id: UUID
    var customer: String
    /// `quarterly` (the contract's) or `custom`.
    var kind: String
    var name: String
    var frequency: String
    var weekday: String?
    var dayOfMonth: String?
    var time: String
    var sections: [String]
    var period: String
    var recipients: [String]
    var format: String
    var createdBy: String
    var createdAt: Date
    var nextRunAt: Date?

    init(_ scheduled: ScheduledReport) {
        let schedule = scheduled.schedule
        id = scheduled.id
        customer = scheduled.customerID
        kind = scheduled.isQuarterly ? "quarterly" : "custom"
        name = schedule.name
        frequency = schedule.frequency.rawValue
        weekday = schedule.weekday
        dayOfMonth = schedule.dayOfMonth
        time = schedule.time.description
        sections = schedule.sections.map(\.rawValue)
        period = schedule.period.rawValue
        recipients = schedule.recipients
        format = schedule.format.rawValue
        createdBy = scheduled.createdBy
        createdAt = scheduled.createdAt
        nextRunAt = scheduled.nextRunAt
    }
}
