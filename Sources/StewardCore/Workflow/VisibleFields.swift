/// An allow-list of a JSON object's fields: each one whole, or with its own fields listed in turn.
///
/// A field it does not list is left out, so a field added to a state later stays hidden until it is
/// listed. Written as an array literal: `["summary", "severity", .object("resolution", ["at", "summary"])]`.
public struct VisibleFields: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// One listed field: kept whole, or (``object(_:_:)``) kept with only its listed fields.
    public struct Field: Sendable, Hashable, ExpressibleByStringLiteral {
        public let name: String
        /// The fields kept inside it; nil keeps the whole value.
        public let fields: VisibleFields?

        public init(stringLiteral name: String) {
            self.name = name
            fields = nil
        }

        /// A field kept with only `fields` of the object in it (of each object, for an array of them).
        public static func object(_ name: String, _ fields: VisibleFields) -> Field {
            Field(name: name, fields: fields)
        }

        private init(name: String, fields: VisibleFields?) {
            self.name = name
            self.fields = fields
        }
    }

    /// The listed fields by name.
    public let fields: [String: Field]

    public init(_ fields: [Field]) {
        self.fields = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    public init(arrayLiteral fields: Field...) {
        self.init(fields)
    }

    /// No field at all.
    public static let none: VisibleFields = []

    /// `value` with only the listed fields: of an object its listed keys, each filtered by its own
    /// list; of an array each element. A string, number, boolean or null has no fields and is kept.
    public func keeping(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var kept: [String: JSONValue] = [:]
            for (key, field) in object {
                guard let listed = fields[key] else { continue }
                kept[key] = listed.fields.map { $0.keeping(field) } ?? field
            }
            return .object(kept)
        case .array(let items):
            return .array(items.map(keeping))
        case .string, .number, .bool, .null:
            return value
        }
    }

    /// An enum case's JSON (`{"inProgress": {"incident": {…}}}`) with the case's name kept and only
    /// the listed fields of its values; a case without values encoded as its name is kept as it is.
    public func keepingCase(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let cases): .object(cases.mapValues(keeping))
        case .string: value
        case .array, .number, .bool, .null: .null
        }
    }
}
