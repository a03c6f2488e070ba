/// Who must act for a workflow to leave its current state.
///
/// A workflow waiting on `system` or a `group` with nothing scheduled to move it is stuck;
/// one waiting on the customer or the TAM is waiting on a person outside the engine.
public enum Mover: Sendable, Hashable {
    case system
    case group(String)
    case customer
    case tam
    /// A terminal state: nobody moves it any more.
    case nobody

    /// Whether the engine itself (a timer, a job or a group's task) is expected to move the workflow.
    public var isInternal: Bool {
        switch self {
        case .system, .group: true
        case .customer, .tam, .nobody: false
        }
    }
}

extension Mover: CustomStringConvertible, LosslessStringConvertible {
    public var description: String {
        switch self {
        case .system: "system"
        case .group(let name): "group:\(name)"
        case .customer: "customer"
        case .tam: "tam"
        case .nobody: "nobody"
        }
    }

    public init?(_ description: String) {
        switch description {
        case "system": self = .system
        case "customer": self = .customer
        case "tam": self = .tam
        case "nobody": self = .nobody
        default:
            guard description.hasPrefix("group:"), description.count > 6 else { return nil }
            self = .group(String(description.dropFirst(6)))
        }
    }
}
