import Foundation
import StewardCore
import StewardPostgres
import StewardServiceDesk

/// A request as a row of a list: what it is, where it stands, whose clock it runs on.
struct RequestRow: Sendable {
    var id: String
    var short: String
    var href: String
    var type: String
    var state: String
    var customer: String
    var open: Bool
    var waitingFor: String
    var updated: PageText.Instant
    var countdown: PageText.Countdown?
    var paused: Bool

    init(_ summary: RequestSummary, area: WebArea, zone: TimeZone?) {
        id = summary.id.uuidString.lowercased()
        short = summary.reference?.description ?? PageText.short(summary.id)
        href = "/\(area.rawValue)/requests/\(id)"
        type = summary.type
        state = summary.stateName
        customer = summary.customerID
        open = !summary.isTerminal
        waitingFor = area == .portal ? Self.customersWords(forMover: summary.mover.description) : summary.mover.description
        updated = PageText.instant(summary.updatedAt, zone: zone)
        countdown = summary.sla.map { PageText.countdown($0, zone: zone) }
        paused = summary.pausedAt != nil
    }
}

extension RequestRow {
    /// Who must act next, in a customer's words: staff's groups and roles are all "support".
    static func customersWords(forMover mover: String) -> String {
        switch mover {
        case "customer": "you"
        case "nobody": "nobody"
        case "system": "Steward"
        default: "support"
        }
    }

    /// Who did something, in a customer's words: their own people by name, staff as "support".
    static func customersWords(forActor actor: String) -> String {
        if actor.hasPrefix("customer:") { return String(actor.split(separator: "/").last ?? "") }
        return actor == "system" ? "Steward" : "support"
    }
}

/// A task as a row of a queue, with the buttons its reader may press.
struct TaskRow: Sendable {
    var id: String
    var href: String
    var title: String
    var group: String
    var customer: String
    var requestHref: String
    var priority: Int
    var due: PageText.Instant?
    var status: String
    var claimedBy: String?
    var canClaim: Bool
    var canRelease: Bool

    init(_ task: HumanTask, for principal: Principal, zone: TimeZone?) {
        id = task.id.uuidString.lowercased()
        href = "/console/tasks/\(id)"
        title = task.title
        group = task.group
        customer = task.customerID
        requestHref = "/console/requests/\(task.workflowID.uuidString.lowercased())"
        priority = task.priority
        due = task.dueAt.map { PageText.instant($0, zone: zone) }
        status = task.status.rawValue
        claimedBy = task.claimedBy
        let member = principal.groups.contains(task.group)
        canClaim = member && task.status == .open
        canRelease = member && task.status == .claimed && task.claimedBy == principal.staffID
    }
}

/// A list's link to its next page (keyset: the cursor the list handed out), keeping its filters.
struct PageLinks: Sendable {
    var next: String?

    init(path: String, query: [(String, String?)], nextCursor: String?) {
        guard let nextCursor else { return }
        var items = URLComponents()
        items.queryItems =
            (query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } })
            + [URLQueryItem(name: "cursor", value: nextCursor)]
        next = path + "?" + (items.percentEncodedQuery ?? "")
    }
}
