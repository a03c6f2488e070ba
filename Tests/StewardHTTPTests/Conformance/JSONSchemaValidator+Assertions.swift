import Foundation
import StewardCore
import StewardHTTP

/// The keywords that check a value itself rather than apply schemas to its parts.
extension JSONSchemaValidator {
    func assertions(_ instance: JSONValue, _ keywords: [String: JSONValue], _ context: Context) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        func fail(_ keyword: String, _ message: String) { violations.append(context.violation(keyword, message)) }

        if let type = keywords["type"] {
            let names: [JSONValue] = if case .array(let names) = type { names } else { [type] }
            if !names.contains(where: { Self.has(instance, type: $0) }) {
                fail("type", "\(Self.kind(of: instance)) where the document says \(Self.text(type))")
            }
        }
        if case .array(let options)? = keywords["enum"], !options.contains(instance) {
            fail("enum", "\(Self.text(instance)) is not one of \(Self.text(.array(options)))")
        }
        if let constant = keywords["const"], constant != instance {
            fail("const", "\(Self.text(instance)) is not \(Self.text(constant))")
        }
        if let format = keywords["format"], let problem = Self.problem(with: format, of: instance) {
            fail("format", problem)
        }
        switch instance {
        case .string(let string):
            let length = string.unicodeScalars.count
            if case .number(let minimum)? = keywords["minLength"], Double(length) < minimum {
                fail("minLength", "\(Self.text(instance)) is shorter than \(Int(minimum)) characters")
            }
            if case .number(let maximum)? = keywords["maxLength"], Double(length) > maximum {
                fail("maxLength", "\(Self.text(instance)) is longer than \(Int(maximum)) characters")
            }
            if case .string(let pattern)? = keywords["pattern"] {
                switch Self.search(pattern, in: string) {
                case nil: fail("pattern", "the pattern is not a regular expression")
                case false?: fail("pattern", "\(Self.text(instance)) does not match \(pattern)")
                case true?: break
                }
            }
        case .number(let number):
            let bounds: [(String, (Double, Double) -> Bool, String)] = [
                ("minimum", (<), "less than"), ("exclusiveMinimum", (<=), "not more than"),
                ("maximum", (>), "more than"), ("exclusiveMaximum", (>=), "not less than"),
            ]
            for (keyword, breaks, words) in bounds {
                if case .number(let bound)? = keywords[keyword], breaks(number, bound) {
                    fail(keyword, "\(Self.text(instance)) is \(words) \(Self.text(.number(bound)))")
                }
            }
        case .array(let elements):
            if case .number(let minimum)? = keywords["minItems"], Double(elements.count) < minimum {
                fail("minItems", "\(elements.count) items, fewer than \(Int(minimum))")
            }
        case .object(let members):
            if case .number(let maximum)? = keywords["maxProperties"], Double(members.count) > maximum {
                fail("maxProperties", "\(members.count) properties, more than \(Int(maximum))")
            }
        case .bool, .null:
            break
        }
        return violations
    }

    static func has(_ instance: JSONValue, type: JSONValue) -> Bool {
        switch (type, instance) {
        case (.string("null"), .null), (.string("boolean"), .bool), (.string("object"), .object), (.string("array"), .array),
            (.string("string"), .string), (.string("number"), .number):
            true
        case (.string("integer"), .number(let number)): number.isFinite && number.rounded() == number
        default: false
        }
    }

    /// The formats of text, by the shape the text must have. They are checked loosely: the shape,
    /// not the calendar.
    static let textFormats = [
        "date-time": #"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"#,
        "date": #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#,
        "uuid": #"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"#,
    ]
    static let formats = Set(textFormats.keys).union(["int64"])

    /// Why `instance` is not of `format`, or nil when it is.
    static func problem(with format: JSONValue, of instance: JSONValue) -> String? {
        switch (format, instance) {
        case (.string(let name), .string(let string)) where textFormats[name] != nil:
            return search(textFormats[name]!, in: string) == true ? nil : "\(text(instance)) is not a \(name)"
        case (.string("int64"), .number(let number)):
            // 2^63 is a Double exactly; the largest Int64 is one less.
            return number >= -0x1p63 && number < 0x1p63 ? nil : "\(text(instance)) does not fit in 64 bits"
        case (.string(let name), _) where formats.contains(name):
            return nil  // A format constrains only its own type; `type` checks the rest.
        default:
            return "the validator does not know the format \(text(format))"
        }
    }

    /// Whether `pattern` (ECMA-262, which ICU's syntax covers for the document's patterns) matches
    /// somewhere in `string`; nil when it is not a regular expression.
    static func search(_ pattern: String, in string: String) -> Bool? {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
        return expression.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) != nil
    }

    static func kind(of instance: JSONValue) -> String {
        switch instance {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// The value as compact JSON, cut short, for a message.
    static func text(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        return json.count > 80 ? String(json.prefix(77)) + "…" : json
    }
}
