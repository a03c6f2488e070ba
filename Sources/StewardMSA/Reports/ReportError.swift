/// Why a report cannot be made or a report schedule is refused; each says what to do instead.
public enum ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A request's history cannot be read back: the report would be wrong, so none is made.
    case unreadableHistory(String)
    /// The caller asked for something that is not a report (a quarter not yet begun, an unknown
    /// section, a day that does not exist); `field` names the part that was wrong.
    case invalid(String, field: String)

    public var description: String {
        switch self {
        case .unreadableHistory(let message): "a request's history cannot be replayed: \(message)"
        case .invalid(let message, _): message
        }
    }
}
