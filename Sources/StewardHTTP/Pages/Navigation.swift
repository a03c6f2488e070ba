import StewardServiceDesk

/// The links each person's pages lead to: only what their role may open, so nobody is shown a
/// page that would refuse them.
enum Navigation {
    struct Destination: Sendable {
        var path: String
        var label: String
        var roles: Set<Principal.Role>
    }

    static let destinations: [Destination] = [
        Destination(path: "/console/queue", label: "Task queue", roles: [.engineer, .tam, .dutyManager, .operator]),
        Destination(path: "/console/customers", label: "My customers", roles: [.tam, .dutyManager]),
        Destination(path: "/console/stuck", label: "Stuck work", roles: Action.seeStuckWork.roles),
        Destination(path: "/console/workers", label: "Queues and workers", roles: Action.seeStuckWork.roles),
        Destination(path: "/console/requests", label: "Requests", roles: [.engineer, .tam, .dutyManager, .operator]),
        Destination(path: "/console/new", label: "File for a customer", roles: Action.file.roles.subtracting([.customer])),
        Destination(path: "/console/audit", label: "Audit log", roles: Action.readAuditLog.roles),
        Destination(path: "/console/mail", label: "Mailbox", roles: Action.readKeptMail.roles),
        Destination(path: "/portal", label: "My requests", roles: [.customer]),
        Destination(path: "/portal/new", label: "File a request", roles: [.customer]),
        Destination(path: "/portal/report", label: "Quarterly report", roles: [.customer]),
    ]

    /// The navigation of `session`'s person, `current` marked; none before sign-in.
    static func links(for session: WebSession?, at current: String) -> [PageFrame.Link] {
        guard let session else { return [] }
        return destinations.filter { $0.roles.contains(session.principal.role) }.map {
            PageFrame.Link(href: $0.path, label: $0.label, current: $0.path == current)
        }
    }

    /// Where `principal` lands after signing in: the first page of their navigation.
    static func home(of principal: Principal) -> String {
        destinations.first { $0.roles.contains(principal.role) }?.path ?? "/console"
    }
}
