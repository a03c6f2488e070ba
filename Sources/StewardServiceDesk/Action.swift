/// The things only some roles may do, and which: the one table every shell's permission comes from.
public enum Action: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case file = "file requests"
    case listTasks = "list tasks"
    case seeStuckWork = "see stuck work"
    case force = "force a transition"
    case pause = "pause a request"
    case resume = "resume a request"
    case reassign = "reassign a task"
    case retry = "retry a job"
    case readAuditLog = "read the audit log"
    case readReports = "read quarterly reports"
    case scheduleReports = "schedule a customer's periodic reports"
    case manageTokens = "manage API tokens"
    case manageDirectory = "manage the directory"
    case receiveMail = "hand in mail received"
    case readKeptMail = "read the e-mail kept on this machine"

    public var description: String { rawValue }

    /// The roles that may take this action.
    public var roles: Set<Principal.Role> {
        switch self {
        case .file, .readReports: [.customer, .tam, .dutyManager, .operator]
        case .listTasks: [.engineer, .tam, .dutyManager, .operator]
        case .scheduleReports: [.tam, .dutyManager, .operator]
        case .seeStuckWork, .reassign: [.dutyManager, .operator]
        case .force, .pause, .resume, .retry, .readAuditLog, .manageTokens, .manageDirectory, .readKeptMail: [.operator]
        case .receiveMail: [.inboundMail, .operator]
        }
    }
}

extension Principal {
    /// Refuses, naming the roles that may, unless this principal's role may take `action`.
    public func require(_ action: Action) throws(ServiceDeskError) {
        guard action.roles.contains(role) else {
            let allowed = Role.allCases.filter(action.roles.contains).map(\.rawValue).joined(separator: ", ")
            throw .forbidden("\(role.withArticle) may not \(action); \(allowed) may")
        }
    }
}

extension Principal.Role {
    /// The role's name with its article, as a sentence says it: "an engineer", "a tam".
    var withArticle: String {
        ["a", "e", "i", "o", "u"].contains(rawValue.prefix(1)) ? "an \(rawValue)" : "a \(rawValue)"
    }
}
