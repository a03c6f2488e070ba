/// The form a request of one type is filed with: the fields a person types, without those the
/// customer's contract supplies (tier, support calendar, contract start), which filing fills in.
public struct FilingForm: Sendable, Hashable {
    /// The page's heading and button: "Report an incident".
    public let title: String
    public let hint: String?
    public let fields: [FormField]
    /// Values the filing carries without asking, e.g. the channel of an incident a contact files in
    /// the portal; a page renders nothing for them.
    public let fixed: [String: JSONValue]

    public init(_ title: String, hint: String? = nil, fields: [FormField], fixed: [String: JSONValue] = [:]) {
        self.title = title
        self.hint = hint
        self.fields = fields
        self.fixed = fixed
    }

    /// The request type's fields the submitted `values` make, with ``fixed``: what goes with `type`
    /// and `customer` into a filing. Inputs are named as ``FormField`` says.
    public func json(from values: [(name: String, value: String)]) throws(FormError) -> [String: JSONValue] {
        let typed = try FormField.object(fields, from: FormValues(values), input: \.name, what: \.label)
        return typed.merging(fixed) { _, fixed in fixed }
    }
}
