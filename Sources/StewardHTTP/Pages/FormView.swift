import Foundation
import StewardCore

/// A request type's form as a page renders it: each field's input, its label, hint, the value sent
/// last time and the error at it. The type's ``FormField``s say what the inputs are; this only
/// turns them into what the template needs (Mustache cannot switch on a kind).
struct FormView: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// A field's optional parts are a flag and a text: a template looking up a missing value
    /// would find the form's own (its hint, its error) instead.
    struct Field: Sendable {
        var name: String
        var id: String
        var label: String
        var hint: String
        var hasHint: Bool
        var required: Bool
        var value: String
        /// Whether a value was sent (an empty string is not falsy to a template).
        var hasValue: Bool
        var error: String
        var hasError: Bool
        var isText = false
        var isParagraph = false
        var isChoice = false
        var isNumber = false
        var isDate = false
        var isRows = false
        var options: [Option] = []
        var minimum: Int?
        var maximum: Int?
        /// What the numbers stand for, e.g. "1: critical, first response within 30 min".
        var meanings: [String] = []
        var rows: [Row] = []
    }

    struct Row: Sendable {
        var number: Int
        var fields: [Field]
    }

    /// The event's name (a submission says which form it was), the button, and the fields.
    var event: String
    var title: String
    var hint: String?
    var action: String
    var fields: [Field]
    /// An error that belongs to no input (the request moved on meanwhile, a licence already accepted).
    var error: String?
    /// What the form carries without showing it: the request's version, a filing's idempotency key.
    var hidden: [Hidden]

    struct Hidden: Sendable {
        var name: String
        var value: String
    }

    init(
        event: String, title: String, hint: String?, action: String, fields: [FormField],
        submitted: FormBody? = nil, error: (field: String?, detail: String)? = nil, prefix: String = "", hidden: [Hidden] = []
    ) {
        self.hidden = hidden
        self.event = event
        self.title = title
        self.hint = hint
        self.action = action
        let shown = fields.map { Self.field($0, submitted: submitted, error: error, prefix: prefix) }
        self.fields = shown
        let placed = error.flatMap { error in error.field.map { field in Self.names(of: fields).contains(field) } } ?? false
        self.error = placed ? nil : error?.detail
    }

    /// Every input name the form's fields use (a row group's are `group[i].field`, and the group's own).
    private static func names(of fields: [FormField]) -> Set<String> {
        var names: Set<String> = []
        for field in fields {
            names.insert(field.name)
            if case .rows(let columns, let blankRows) = field.kind {
                for row in 0..<max(blankRows, 20) { for column in columns { names.insert(field.inputName(of: column, inRow: row)) } }
            }
        }
        return names
    }

    private static func field(
        _ field: FormField, submitted: FormBody?, error: (field: String?, detail: String)?, prefix: String, name: String? = nil
    ) -> Field {
        let inputName = name ?? field.name
        let fieldError = error?.field == inputName ? error?.detail : nil
        var shown = Field(
            name: inputName, id: prefix + inputName.replacingOccurrences(of: "[", with: "-").replacingOccurrences(of: "].", with: "-"),
            label: field.label, hint: field.hint ?? "", hasHint: field.hint != nil, required: field.isRequired,
            value: submitted?[inputName] ?? "", hasValue: !(submitted?[inputName] ?? "").isEmpty, error: fieldError ?? "",
            hasError: fieldError != nil)
        switch field.kind {
        case .text: shown.isText = true
        case .paragraph: shown.isParagraph = true
        case .date: shown.isDate = true
        case .choice(let options):
            shown.isChoice = true
            shown.options = options.map { Option(value: $0.value, label: $0.label, selected: $0.value == shown.value) }
        case .wholeNumber(let range, let meanings):
            if meanings.isEmpty {
                shown.isNumber = true
                shown.minimum = range.lowerBound
                shown.maximum = range.upperBound
            } else {
                // Numbers with meanings read best as a choice of them (severity 1 to 4).
                shown.isChoice = true
                shown.options = range.map { number in
                    Option(
                        value: String(number), label: meanings[number].map { "\(number): \($0)" } ?? String(number),
                        selected: String(number) == shown.value)
                }
            }
        case .rows(let columns, let blankRows):
            shown.isRows = true
            let filled =
                (submitted?.fields ?? []).compactMap { pair -> Int? in
                    guard pair.name.hasPrefix(field.name + "["), let close = pair.name.firstIndex(of: "]") else { return nil }
                    return Int(pair.name[pair.name.index(pair.name.startIndex, offsetBy: field.name.count + 1)..<close])
                }.max().map { $0 + 1 } ?? 0
            shown.rows = (0..<max(blankRows, filled)).map { row in
                Row(
                    number: row + 1,
                    fields: columns.map { column in
                        Self.field(
                            column, submitted: submitted, error: error, prefix: prefix, name: field.inputName(of: column, inRow: row))
                    })
            }
        }
        return shown
    }
}
