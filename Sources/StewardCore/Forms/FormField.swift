/// One input of a request type's form: the JSON key it fills, what a person reads beside it, and
/// the kind of value it takes.
///
/// A page renders a field by its ``kind`` and names its input after ``name``; in row `i` (from 0) of
/// a ``Kind/rows(_:blankRows:)`` group the inputs are `group[i].field` (``inputName(of:inRow:)``).
/// Submitted values are read by these names, each without surrounding white space: a name no field
/// reads (a CSRF token) is ignored, and one a field reads must come once.
public struct FormField: Sendable, Hashable {
    /// What a field takes, and so how a page renders it.
    public enum Kind: Sendable, Hashable {
        /// One line of text.
        case text
        /// Text of several lines (a `<textarea>`); its line breaks are kept.
        case paragraph
        /// One of the listed options; the JSON gets the option's value.
        case choice([Option])
        /// A whole number in the range, sent as a JSON number; `meanings` says what a number stands
        /// for where the contract gives it one (severity 1 is critical), so a page may list them.
        case wholeNumber(ClosedRange<Int>, meanings: [Int: String])
        /// A calendar date, written `YYYY-MM-DD` as `<input type="date">` sends it.
        case date
        /// A list of rows of `fields` (a health check's findings), sent as an array of objects.
        ///
        /// Without JavaScript a page cannot add rows, so it renders `blankRows` empty ones (more when it
        /// shows a submission again); a row left wholly blank is ignored.
        case rows([FormField], blankRows: Int)
    }

    /// One option of a ``Kind/choice(_:)``: the value sent, and what a person reads.
    public struct Option: Sendable, Hashable {
        public let value: String
        public let label: String

        public init(_ value: String, _ label: String) {
            self.value = value
            self.label = label
        }
    }

    /// The JSON key the field fills, which is also the name of its input and the `field` a refusal
    /// of the service desk names.
    public let name: String
    public let label: String
    /// What to write, in the contract's words; shown beside the input.
    public let hint: String?
    /// A required field must be filled in; an optional one left blank is left out of the JSON.
    public let isRequired: Bool
    public let kind: Kind

    public init(_ name: String, _ label: String, _ kind: Kind, hint: String? = nil, required: Bool = true) {
        self.name = name
        self.label = label
        self.kind = kind
        self.hint = hint
        self.isRequired = required
    }

    public static func text(_ name: String, _ label: String, hint: String? = nil, required: Bool = true) -> FormField {
        FormField(name, label, .text, hint: hint, required: required)
    }

    public static func paragraph(_ name: String, _ label: String, hint: String? = nil, required: Bool = true) -> FormField {
        FormField(name, label, .paragraph, hint: hint, required: required)
    }

    public static func choice(
        _ name: String, _ label: String, _ options: [Option], hint: String? = nil, required: Bool = true
    ) -> FormField {
        FormField(name, label, .choice(options), hint: hint, required: required)
    }

    public static func wholeNumber(
        _ name: String, _ label: String, _ range: ClosedRange<Int>, meanings: [Int: String] = [:], hint: String? = nil,
        required: Bool = true
    ) -> FormField {
        FormField(name, label, .wholeNumber(range, meanings: meanings), hint: hint, required: required)
    }

    public static func date(_ name: String, _ label: String, hint: String? = nil, required: Bool = true) -> FormField {
        FormField(name, label, .date, hint: hint, required: required)
    }

    public static func rows(
        _ name: String, _ label: String, _ fields: [FormField], blankRows: Int, hint: String? = nil, required: Bool = true
    ) -> FormField {
        FormField(name, label, .rows(fields, blankRows: blankRows), hint: hint, required: required)
    }

    /// The input name of `field` in row `row` (from 0) of this group: `checklist[0].finding`.
    public func inputName(of field: FormField, inRow row: Int) -> String {
        "\(name)[\(row)].\(field.name)"
    }
}
