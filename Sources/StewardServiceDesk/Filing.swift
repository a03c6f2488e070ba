import StewardCore

/// A request as a person files it, decoded once at the edge: its type, the customer it is for
/// (staff name one; a contact files for their own), and the type's own fields.
public struct Filing: Sendable {
    public var type: String
    public var customer: String?
    /// The request type's fields as sent, without `type` and `customer`.
    public var fields: [String: JSONValue]
    /// Makes a retried filing return the first request instead of filing another.
    public var idempotencyKey: String?

    public init(type: String, customer: String? = nil, fields: [String: JSONValue], idempotencyKey: String? = nil) {
        self.type = type
        self.customer = customer
        self.fields = fields
        self.idempotencyKey = idempotencyKey
    }
}

/// What filing did: the request, and whether it is new (false when the idempotency key matched).
public struct Filed: Sendable {
    public var request: RequestRecord
    public var created: Bool
}
