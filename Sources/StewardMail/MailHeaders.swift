/// The header fields of a message or MIME part, in the order they were written.
///
/// Values are unfolded (RFC 5322 section 2.2.3) and trimmed but otherwise raw: encoded words are
/// not decoded here, because structured fields (addresses, parameters) must be parsed first.
/// `InboundMessage` exposes the decoded forms (`subject`, `from`, …).
public struct MailHeaders: Sendable, Hashable, Sequence {
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var fields: [Field]

    public init(_ fields: [Field] = []) {
        self.fields = fields
    }

    /// The first field with this name (compared case-insensitively), or nil.
    public subscript(name: String) -> String? {
        let key = name.lowercased()
        return fields.first { $0.name.lowercased() == key }?.value
    }

    /// Every field with this name, in order: `Received` occurs once per hop.
    public func all(_ name: String) -> [String] {
        let key = name.lowercased()
        return fields.filter { $0.name.lowercased() == key }.map(\.value)
    }

    public func contains(_ name: String) -> Bool {
        self[name] != nil
    }

    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }
}
