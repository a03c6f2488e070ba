/// A policy file that cannot be used: names the file, the line, the field and what to do.
/// Nothing starts while one stands.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    /// The field's path in the file, like `calendars[1].weeklyHours.mon[0]`.
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return field.map { "\(place): \($0): \(message)" } ?? "\(place): \(message)"
    }
}
