/// Why submitted form values do not make a request or an event; nothing was sent.
///
/// ``field`` is the input's name as the page named it (`severity`, `checklist[1].recommendation`),
/// so the page shows ``reason`` beside that input.
public struct FormError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A required field was left blank.
        public static let missing = Code(rawValue: "missing")
        /// A choice that is not one of the options.
        public static let notAnOption = Code(rawValue: "not-an-option")
        /// Not a whole number, or one outside the field's range.
        public static let notAWholeNumber = Code(rawValue: "not-a-whole-number")
        /// Not a date that exists, written `YYYY-MM-DD`.
        public static let notADate = Code(rawValue: "not-a-date")
        /// The same input was sent twice, which no page of the form sends.
        public static let sentTwice = Code(rawValue: "sent-twice")
    }

    public var code: Code
    /// The input at fault.
    public var field: String
    /// What was wrong and what to do, naming the field as the person reads it.
    public var reason: String

    public init(code: Code, field: String, reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    public var description: String { reason }
}
