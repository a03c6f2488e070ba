/// Who fills in a form: a customer's contact in the portal, or staff (engineers, TAMs, duty
/// managers, operators) in the console.
public enum FormUser: Sendable, Hashable, CaseIterable {
    case customer
    case staff
}
