import StewardCore
import StewardHTTP

/// Checks JSON against the part of JSON Schema 2020-12 that `openapi.yaml` uses, strictly on
/// objects: a schema that declares an object (`type: object` or `properties`) admits only the
/// properties some part of it names, as if `unevaluatedProperties: false` stood wherever neither it
/// nor `additionalProperties` is written. So a field a view gains without the document fails.
///
/// A keyword or format it does not know is a violation too, so that a schema it cannot check never
/// passes unchecked.
struct JSONSchemaValidator: Sendable {
    /// The document `$ref`s point into (`#/components/schemas/…`).
    let document: JSONValue

    /// Every way `instance` breaks `schema`, which is found at `location` in the document.
    func violations(of instance: JSONValue, against schema: JSONValue, at location: String) -> [SchemaViolation] {
        evaluate(instance, schema, Context(path: .init(), location: location, boundary: true, inherited: [])).violations
    }

    /// The keywords of the document's schemas; those that only annotate are listed so they are not
    /// mistaken for ones this validator does not know.
    static let keywords: Set<String> = [
        "type", "enum", "const", "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "minItems", "maxProperties", "required", "$ref", "allOf", "anyOf", "oneOf", "properties",
        "additionalProperties", "unevaluatedProperties", "propertyNames", "items",
        "description", "title", "examples", "default", "discriminator",
    ]

    struct Context {
        var path: SchemaViolation.Path
        var location: String
        /// Whether `schema` is the value's own, so the value may have no property it does not evaluate.
        /// An `allOf` part or a `$ref`'s target is not: the schema around it may evaluate more.
        var boundary: Bool
        /// The properties the schema around a `oneOf` or `anyOf` alternative evaluated already.
        var inherited: Set<String>

        func at(_ component: SchemaViolation.Path.Component, _ location: String) -> Context {
            Context(path: path.appending(component), location: location, boundary: true, inherited: [])
        }

        func violation(_ keyword: String?, _ message: String) -> SchemaViolation {
            SchemaViolation(path: path, schemaLocation: keyword.map { JSONPointer.appending(location, $0) } ?? location, message: message)
        }

        /// The value has a property `name` that the schema at `location` does not admit.
        func undeclared(_ name: String, _ location: String) -> SchemaViolation {
            SchemaViolation(
                path: path.appending(.key(name)),
                schemaLocation: location,
                message: "`\(name)` is not a property the document gives this object"
            )
        }
    }

    /// What applying a schema found: its violations and, for an object, the properties it evaluated.
    struct Outcome {
        var violations: [SchemaViolation] = []
        var evaluated: Set<String> = []
        /// Where the schema, or a part of it that applied, declares an object; nil if none does.
        var objectLocation: String?

        mutating func merge(_ other: Outcome) {
            violations += other.violations
            evaluated.formUnion(other.evaluated)
            objectLocation = objectLocation ?? other.objectLocation
        }
    }

    func evaluate(_ instance: JSONValue, _ schema: JSONValue, _ context: Context) -> Outcome {
        switch schema {
        case .bool(true): Outcome()
        case .bool(false): Outcome(violations: [context.violation(nil, "the schema admits no value here")])
        case .object(let keywords): evaluate(instance, keywords, context)
        default: Outcome(violations: [context.violation(nil, "the schema is neither an object nor a boolean")])
        }
    }

    private func evaluate(_ instance: JSONValue, _ keywords: [String: JSONValue], _ context: Context) -> Outcome {
        var outcome = Outcome()
        for keyword in keywords.keys.sorted() where !Self.keywords.contains(keyword) {
            outcome.violations.append(context.violation(keyword, "the validator does not know the keyword `\(keyword)`"))
        }
        outcome.violations += assertions(instance, keywords, context)
        let types: [JSONValue] = if case .array(let types)? = keywords["type"] { types } else { keywords["type"].map { [$0] } ?? [] }
        if types.contains(.string("object")) || keywords["properties"] != nil { outcome.objectLocation = context.location }

        // The value's own properties first, so the alternatives below know which ones this schema names.
        switch instance {
        case .object(let members): outcome.merge(properties(members, keywords, context))
        case .array(let elements): outcome.violations += items(elements, keywords, context)
        default: break
        }
        if let reference = keywords["$ref"] {
            outcome.merge(referenced(instance, reference, context, inherited: context.inherited.union(outcome.evaluated)))
        }
        if case .array(let parts)? = keywords["allOf"] {
            for (index, part) in parts.enumerated() {
                var partContext = context
                partContext.location = JSONPointer.appending(context.location, "allOf", String(index))
                partContext.boundary = false
                partContext.inherited = context.inherited.union(outcome.evaluated)
                outcome.merge(evaluate(instance, part, partContext))
            }
        }
        for keyword in ["anyOf", "oneOf"] {
            if case .array(let alternatives)? = keywords[keyword] {
                outcome.merge(alternative(instance, keyword, alternatives, context, inherited: context.inherited.union(outcome.evaluated)))
            }
        }
        if case .object(let members) = instance {
            if let unevaluated = keywords["unevaluatedProperties"] {
                let rest = members.filter { !outcome.evaluated.contains($0.key) }
                outcome.merge(others(rest, unevaluated, "unevaluatedProperties", context))
            }
            if context.boundary, let location = outcome.objectLocation {
                for name in members.keys.sorted() where !outcome.evaluated.contains(name) && !context.inherited.contains(name) {
                    outcome.violations.append(context.undeclared(name, location))
                }
            }
        }
        return outcome
    }

    private func referenced(_ instance: JSONValue, _ reference: JSONValue, _ context: Context, inherited: Set<String>) -> Outcome {
        guard case .string(let pointer) = reference, let target = resolve(pointer) else {
            return Outcome(violations: [context.violation("$ref", "the reference does not resolve in the document")])
        }
        return evaluate(instance, target, Context(path: context.path, location: pointer, boundary: false, inherited: inherited))
    }

    /// The value at a `#/…` pointer in the document.
    func resolve(_ pointer: String) -> JSONValue? {
        guard let tokens = JSONPointer.tokens(of: pointer) else { return nil }
        var node: JSONValue? = document
        for token in tokens {
            switch node {
            case .object(let members)?: node = members[token]
            case .array(let elements)?: node = Int(token).flatMap { elements.indices.contains($0) ? elements[$0] : nil }
            default: return nil
            }
        }
        return node
    }

    private func properties(_ members: [String: JSONValue], _ keywords: [String: JSONValue], _ context: Context) -> Outcome {
        var outcome = Outcome()
        var declared: [String: JSONValue] = [:]
        if case .object(let properties)? = keywords["properties"] { declared = properties }
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            guard let schema = declared[name] else { continue }
            outcome.merge(evaluate(value, schema, context.at(.key(name), JSONPointer.appending(context.location, "properties", name))))
            outcome.evaluated.insert(name)
        }
        if case .array(let required)? = keywords["required"] {
            for case .string(let name) in required where members[name] == nil {
                outcome.violations.append(context.violation("required", "the required property `\(name)` is missing"))
            }
        }
        if let additional = keywords["additionalProperties"] {
            outcome.merge(others(members.filter { declared[$0.key] == nil }, additional, "additionalProperties", context))
        }
        if let names = keywords["propertyNames"] {
            for name in members.keys.sorted() {
                let location = JSONPointer.appending(context.location, "propertyNames")
                outcome.violations += evaluate(.string(name), names, context.at(.key(name), location)).violations
            }
        }
        return outcome
    }

    /// Applies `additionalProperties` or `unevaluatedProperties` to the properties left to it.
    private func others(_ members: [String: JSONValue], _ schema: JSONValue, _ keyword: String, _ context: Context) -> Outcome {
        var outcome = Outcome()
        let location = JSONPointer.appending(context.location, keyword)
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            if schema == .bool(false) {
                outcome.violations.append(context.undeclared(name, location))
            } else {
                outcome.violations += evaluate(value, schema, context.at(.key(name), location)).violations
            }
            outcome.evaluated.insert(name)
        }
        return outcome
    }

    private func items(_ elements: [JSONValue], _ keywords: [String: JSONValue], _ context: Context) -> [SchemaViolation] {
        guard let schema = keywords["items"] else { return [] }
        let location = JSONPointer.appending(context.location, "items")
        return elements.enumerated().flatMap { index, element in
            evaluate(element, schema, context.at(.index(index), location)).violations
        }
    }

    /// `oneOf` (exactly one alternative holds) or `anyOf` (at least one). Each alternative is the
    /// value's own schema, so it admits no property that neither it nor the schema around it names.
    private func alternative(
        _ instance: JSONValue,
        _ keyword: String,
        _ alternatives: [JSONValue],
        _ context: Context,
        inherited: Set<String>
    ) -> Outcome {
        let outcomes = alternatives.indices.map { index in
            let location = JSONPointer.appending(context.location, keyword, String(index))
            return evaluate(
                instance,
                alternatives[index],
                Context(path: context.path, location: location, boundary: true, inherited: inherited)
            )
        }
        let holding = outcomes.indices.filter { outcomes[$0].violations.isEmpty }
        if holding.isEmpty {
            // The alternative that got deepest into the value before failing is most likely the one meant.
            let closest = outcomes.indices.max { left, right in
                let (l, r) = (outcomes[left].violations, outcomes[right].violations)
                let (ld, rd) = (l.map(\.path.components.count).max() ?? 0, r.map(\.path.components.count).max() ?? 0)
                return ld != rd ? ld < rd : l.count > r.count
            }
            var outcome = Outcome(violations: [
                context.violation(keyword, "the value matches none of the \(alternatives.count) alternatives")
            ])
            if let closest { outcome.violations += outcomes[closest].violations }
            // The alternatives' properties are reported with them, not again as undeclared.
            if case .object(let members) = instance { outcome.evaluated = Set(members.keys) }
            return outcome
        }
        var outcome = Outcome()
        for index in holding { outcome.merge(outcomes[index]) }
        if keyword == "oneOf", holding.count > 1 {
            let names = holding.map { name(of: alternatives[$0], index: $0) }.joined(separator: ", ")
            outcome.violations.append(context.violation(keyword, "the value matches \(holding.count) alternatives (\(names)), not one"))
        }
        return outcome
    }

    private func name(of schema: JSONValue, index: Int) -> String {
        guard case .object(let keywords) = schema else { return "#\(index)" }
        if case .string(let title)? = keywords["title"] { return title }
        if case .string(let reference)? = keywords["$ref"] { return reference }
        return "#\(index)"
    }
}
