/// Who caused a transition (its actor), recorded in every history event. Named so it does not
/// hide Swift's `Actor` protocol in modules that import this one.
public enum Participant: Sendable, Hashable {
    /// The engine itself: a timer, the start of a workflow filed on nobody's behalf.
    case system
    /// A staff member (engineer, TAM, duty manager).
    case staff(String)
    /// A customer's contact.
    case customer(String)
    /// An operator repairing a workflow.
    case `operator`(String)
}

extension Participant {
    /// Staff of the vendor: engineers, TAMs, duty managers and operators. An operator may do what
    /// a duty manager may, so their message to the customer is a response like any staff member's.
    public var isStaff: Bool {
        switch self {
        case .staff, .operator: true
        case .system, .customer: false
        }
    }
}

extension Participant: CustomStringConvertible, LosslessStringConvertible {
    public var description: String {
        switch self {
        case .system: "system"
        case .staff(let id): "staff:\(id)"
        case .customer(let id): "customer:\(id)"
        case .operator(let id): "operator:\(id)"
        }
    }

    public init?(_ description: String) {
        if description == "system" {
            self = .system
            return
        }
        guard let colon = description.firstIndex(of: ":") else { return nil }
        let id = String(description[description.index(after: colon)...])
        guard !id.isEmpty else { return nil }
        switch description[..<colon] {
        case "staff": self = .staff(id)
        case "customer": self = .customer(id)
        case "operator": self = .operator(id)
        default: return nil
        }
    }
}
