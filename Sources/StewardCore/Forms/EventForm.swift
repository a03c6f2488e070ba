/// The form that sends one event to a request: its button, who is offered it, and its fields.
///
/// ```swift
/// EventForm("resolve", "Resolve the incident", for: [.staff], fields: [.paragraph("summary", "Resolution")])
/// ```
/// An event may have two forms with different users when they do it in different words (a
/// contact's reply, and staff logging one they had by phone); each user is offered one.
public struct EventForm: Sendable, Hashable {
    /// The event's name, the key of its JSON (`respond`).
    public let event: String
    /// The button, in the contract's words: "Send the first response".
    public let title: String
    /// What sending it does, where the title alone does not say.
    public let hint: String?
    /// Who is offered the form; never more than the request type lets send the event.
    public let users: Set<FormUser>
    public let fields: [FormField]

    public init(_ event: String, _ title: String, hint: String? = nil, for users: Set<FormUser>, fields: [FormField] = []) {
        self.event = event
        self.title = title
        self.hint = hint
        self.users = users
        self.fields = fields
    }

    /// The same form under another button, for where the event means more (a first response).
    public func titled(_ title: String, hint: String? = nil) -> EventForm {
        EventForm(event, title, hint: hint ?? self.hint, for: users, fields: fields)
    }

    /// The event the submitted `values` make, as the service desk takes it: `{"respond": {"message": "…"}}`,
    /// `{"qaPassed": {}}`. Inputs are named as ``FormField`` says.
    public func json(from values: [(name: String, value: String)]) throws(FormError) -> JSONValue {
        let payload = try FormField.object(fields, from: FormValues(values), input: \.name, what: \.label)
        return .object([event: .object(payload)])
    }
}
