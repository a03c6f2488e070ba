import Foundation

/// Submitted values by input name, as an `application/x-www-form-urlencoded` body decodes.
///
/// A field's input is named after the field (`severity`); a field in row `i` (from 0) of a group is
/// `group[i].field` (`checklist[2].finding`, ``FormField/inputName(of:inRow:)``). Names no field
/// reads (a CSRF token) are ignored; a name a field reads may come once.
struct FormValues {
    private var values: [String: [String]] = [:]

    init(_ pairs: [(name: String, value: String)]) {
        for pair in pairs { values[pair.name, default: []].append(pair.value) }
    }

    /// The value of `input` without surrounding white space; nil when it is absent or blank.
    func value(of input: String) throws(FormError) -> String? {
        guard let sent = values[input] else { return nil }
        guard sent.count == 1 else {
            throw FormError(code: .sentTwice, field: input, reason: "\(input) was sent \(sent.count) times; send the form once more")
        }
        let trimmed = sent[0].trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Whether each of `inputs` is absent or blank.
    func areBlank(_ inputs: [String]) -> Bool {
        inputs.allSatisfy { input in values[input, default: []].allSatisfy { $0.allSatisfy(\.isWhitespace) } }
    }

    /// The row numbers sent for `group`, ascending: 0 and 3 for `checklist[0].finding` and `checklist[3].severity`.
    func rows(of group: String) -> [Int] {
        let prefix = group + "["
        var rows = Set<Int>()
        for name in values.keys where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let close = rest.firstIndex(of: "]"), rest[close...].dropFirst().hasPrefix("."),
                let row = Int(rest[..<close]), row >= 0, String(row) == rest[..<close]
            else { continue }
            rows.insert(row)
        }
        return rows.sorted()
    }
}

// The conversion of one field's submitted value to its JSON.
extension FormField {
    /// The JSON object `fields` make of `values`: each field under its name, an optional one left
    /// blank left out. `input` names a field's input, `what` names it in a refusal.
    static func object(
        _ fields: [FormField], from values: FormValues, input: (FormField) -> String, what: (FormField) -> String
    ) throws(FormError) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        for field in fields {
            object[field.name] = try field.json(from: values, input: input(field), what: what(field))
        }
        return object
    }

    /// This field's JSON from the value of `input`; nil for an optional field left blank.
    private func json(from values: FormValues, input: String, what: String) throws(FormError) -> JSONValue? {
        func refusal(_ code: FormError.Code, _ takes: String, _ text: String) -> FormError {
            FormError(code: code, field: input, reason: "\(what) must be \(takes), not '\(text)'")
        }
        let parse: (String) throws(FormError) -> JSONValue
        switch kind {
        case .rows(let fields, _):
            return try rows(of: fields, from: values)
        case .text:
            parse = { .string($0) }
        case .paragraph:
            // A <textarea> sends its line breaks as CR LF.
            parse = { .string($0.replacingOccurrences(of: "\r\n", with: "\n")) }
        case .choice(let options):
            parse = { text throws(FormError) in
                guard options.contains(where: { $0.value == text }) else { throw refusal(.notAnOption, Self.oneOf(options), text) }
                return .string(text)
            }
        case .wholeNumber(let range, _):
            parse = { text throws(FormError) in
                guard let number = Int(text), range.contains(number) else {
                    throw refusal(.notAWholeNumber, Self.wholeNumber(in: range), text)
                }
                return .number(Double(number))
            }
        case .date:
            parse = { text throws(FormError) in
                guard LocalDate(text) != nil else { throw refusal(.notADate, Self.aDate, text) }
                return .string(text)
            }
        }
        guard let text = try values.value(of: input) else {
            guard !isRequired else { throw FormError(code: .missing, field: input, reason: "\(what) is required; \(instruction)") }
            return nil
        }
        return try parse(text)
    }

    /// The rows of this group that are not wholly blank, in the order of their numbers.
    private func rows(of fields: [FormField], from values: FormValues) throws(FormError) -> JSONValue? {
        var rows: [JSONValue] = []
        for row in values.rows(of: name) {
            // One of the page's spare rows.
            if values.areBlank(fields.map { inputName(of: $0, inRow: row) }) { continue }
            let object = try Self.object(fields, from: values) {
                inputName(of: $0, inRow: row)
            } what: {
                "\($0.label) in row \(row + 1)"
            }
            rows.append(.object(object))
        }
        guard rows.isEmpty else { return .array(rows) }
        guard !isRequired else { throw FormError(code: .missing, field: name, reason: "\(label) is required; \(instruction)") }
        return nil
    }

    /// What to do about this field left blank.
    private var instruction: String {
        switch kind {
        case .text, .paragraph: "fill it in"
        case .choice(let options): "choose " + Self.oneOf(options)
        case .wholeNumber(let range, _): "give " + Self.wholeNumber(in: range)
        case .date: "give " + Self.aDate
        case .rows: "fill in at least one row"
        }
    }

    private static func oneOf(_ options: [Option]) -> String {
        "one of " + options.map { "'\($0.label)'" }.joined(separator: ", ")
    }

    private static func wholeNumber(in range: ClosedRange<Int>) -> String {
        "a whole number from \(range.lowerBound) to \(range.upperBound)"
    }

    private static let aDate = "a date written YYYY-MM-DD, such as 2026-12-15"
}
