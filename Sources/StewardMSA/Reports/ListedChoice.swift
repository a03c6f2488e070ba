/// A choice written as its name: decoding refuses any other name with a message that lists them.
public protocol ListedChoice: RawRepresentable<String>, CaseIterable, Decodable {
    /// What the choice is, for the message: `section`, `format`.
    static var what: String { get }
}

extension ListedChoice {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let choice = Self(rawValue: name) else {
            let names = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(name)\" is not a \(Self.what); use one of \(names)")
        }
        self = choice
    }
}
