/// Why the service desk refused what a person asked; nothing was written. Every shell shows
/// `detail` as it is: it says what was wrong and what to do.
public struct ServiceDeskError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The person's role may not do this.
        case forbidden
        /// No such thing, or not theirs to see: the two are told apart to nobody.
        case notFound
        /// The input is wrong; `field` names where.
        case invalid
        /// A parameter of a read (a filter, a page position) is not one the list takes.
        case badParameter
        /// Something with that id exists already.
        case conflict
        /// The customer's contract has ended: no new requests; open ones run on.
        case contractEnded
        /// The credential (a token, a sign-in link) is unknown, spent, expired or revoked.
        case unauthenticated
    }

    public var code: Code
    public var detail: String
    /// The input field at fault (`customer`, `outcome.respond.message`).
    public var field: String?

    public init(_ code: Code, _ detail: String, field: String? = nil) {
        self.code = code
        self.detail = detail
        self.field = field
    }

    public var description: String { field.map { "\($0): \(detail)" } ?? detail }

    public static func forbidden(_ detail: String) -> ServiceDeskError {
        ServiceDeskError(.forbidden, detail)
    }

    /// `what` (e.g. `request 4F0C…`) does not exist or is not the caller's to see.
    public static func notFound(_ what: String) -> ServiceDeskError {
        ServiceDeskError(.notFound, "\(what) does not exist or is not yours to see: check the id")
    }

    public static func invalid(_ detail: String, field: String?) -> ServiceDeskError {
        ServiceDeskError(.invalid, detail, field: field)
    }

    public static func badParameter(_ detail: String, field: String) -> ServiceDeskError {
        ServiceDeskError(.badParameter, detail, field: field)
    }
}
