/// One way a JSON body breaks its schema: where in the body, which schema keyword, and how.
struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// Where in the body, e.g. `items[0].sla.dueAt`.
    var path: Path
    /// The JSON pointer of the keyword broken, e.g. `#/components/schemas/Instant/format`.
    var schemaLocation: String
    var message: String

    var description: String { "\(path): \(message) (\(schemaLocation))" }

    /// A place in a JSON value, written as a JavaScript accessor: `items[0].sla.dueAt`.
    struct Path: Sendable, Hashable, CustomStringConvertible {
        enum Component: Sendable, Hashable {
            case key(String)
            case index(Int)
        }

        var components: [Component] = []

        func appending(_ component: Component) -> Path {
            Path(components: components + [component])
        }

        var description: String {
            guard !components.isEmpty else { return "the body" }
            var text = ""
            for component in components {
                switch component {
                case .index(let index): text += "[\(index)]"
                case .key(let key) where key.isIdentifier: text += text.isEmpty ? key : ".\(key)"
                case .key(let key): text += "[\"\(key)\"]"
                }
            }
            return text
        }
    }
}

extension String {
    /// Whether the text can follow a dot in an accessor (`sla.dueAt`), rather than needing brackets.
    fileprivate var isIdentifier: Bool {
        guard let first = unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
