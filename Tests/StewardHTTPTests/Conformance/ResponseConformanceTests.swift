import Foundation
import HTTPTypes
import StewardCore
import StewardHTTP
import Testing

/// The checker every HTTP test's answers go through: it must refuse what the document does not
/// describe, or those tests prove nothing about the document.
@Suite struct ResponseConformanceTests {
    static let document = OpenAPIDocumentModel.bundled
    static let task = json(
        """
        {"id": "5a1f3c52-7d0e-4f55-9d2c-1b0c8d3e9a11", "request": "0b6f2a8e-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "customer": "acme",
         "name": "respond", "group": "support", "title": "Respond to the customer", "priority": 1, "status": "open",
         "createdAt": "2026-03-10T01:00:00.000Z", "lastActivityAt": "2026-03-10T01:00:00.000Z"}
        """
    )

    static func json(_ text: String) -> JSONValue {
        try! JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The violations of `value` against the document's schema `name`.
    static func violations(_ value: JSONValue, _ name: String) -> [SchemaViolation] {
        document.validator.violations(of: value, against: .object(["$ref": .string("#/components/schemas/\(name)")]), at: "#/test")
    }

    @Test func aTaskAsTheServerWritesItConforms() {
        #expect(Self.violations(Self.task, "Task") == [])
        #expect(Self.violations(.object(["items": .array([Self.task]), "nextCursor": .string("abc")]), "TaskPage") == [])
    }

    @Test(arguments: [
        // A field added to a view without the document.
        ("colour", #""red""#, "colour", "#/components/schemas/Task/additionalProperties"),
        // A wrong type, and a value outside an enum.
        ("priority", #""1""#, "priority", "#/components/schemas/Task/properties/priority/type"),
        ("status", #""done""#, "status", "#/components/schemas/Task/properties/status/enum"),
        // Formats, one behind a $ref.
        ("dueAt", #""tomorrow""#, "dueAt", "#/components/schemas/Instant/format"),
        ("request", #""42""#, "request", "#/components/schemas/Task/properties/request/format"),
    ])
    func aTaskThatBreaksItsSchemaFails(field: String, value: String, path: String, location: String) throws {
        let violations = Self.violations(Self.task.setting(field, to: Self.json(value)), "Task")
        let violation = try #require(violations.first, "\(field): \(value) passed")
        #expect(violations.count == 1, "\(violations)")
        #expect(violation.path.description == path)
        #expect(violation.schemaLocation == location)
    }

    @Test func anObjectIsClosedEvenWhereTheDocumentDoesNotSaySo() {
        // Problem does not write `additionalProperties: false`; its properties are all it may carry all the same.
        let problem = Self.json(#"{"type": "urn:steward:problem:forbidden", "title": "Forbidden", "status": 403, "detail": "no"}"#)
        #expect(Self.violations(problem, "Problem") == [])
        let hinted = Self.violations(problem.setting("hint", to: .string("ask olga")), "Problem")
        #expect(
            hinted.map(\.description) == ["hint: `hint` is not a property the document gives this object (#/components/schemas/Problem)"])
    }

    @Test func aMissingRequiredFieldFails() {
        let violations = Self.violations(Self.task.setting("title", to: nil), "Task")
        #expect(violations.map(\.schemaLocation) == ["#/components/schemas/Task/required"])
        #expect(violations.first?.message.contains("`title`") == true)
    }

    @Test func aViolationDeepInAPageNamesItsPath() {
        let page = JSONValue.object(["items": .array([Self.task, Self.task.setting("claimedBy", to: .number(7))])])
        #expect(
            Self.violations(page, "TaskPage").map(\.description) == [
                #"items[1].claimedBy: a number where the document says "string" (#/components/schemas/Task/properties/claimedBy/type)"#
            ])
    }

    @Test func oneOfHoldsExactlyOneAlternativeAndEachIsStrict() {
        let validator = JSONSchemaValidator(
            document: Self.json(
                """
                {"A": {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "a"}, "x": {"type": "integer"}}},
                 "B": {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "b"}, "y": {"type": "string"}}}}
                """
            ))
        let schema = Self.json(##"{"properties": {"id": {"type": "string"}}, "oneOf": [{"$ref": "#/A"}, {"$ref": "#/B"}]}"##)
        func violations(_ value: String) -> [SchemaViolation] { validator.violations(of: Self.json(value), against: schema, at: "#") }

        #expect(violations(#"{"kind": "a", "x": 1}"#) == [])
        // The schema around the alternatives names `id`, so neither alternative refuses it.
        #expect(violations(#"{"id": "1", "kind": "b", "y": "yes"}"#) == [])
        let mixed = violations(#"{"kind": "a", "y": "yes"}"#)
        #expect(mixed.first?.schemaLocation == "#/oneOf" && mixed.first?.message.contains("none") == true)
        #expect(mixed.contains { $0.path.description == "y" && $0.schemaLocation == "#/A" }, "\(mixed)")

        let overlapping = Self.json(#"{"oneOf": [{"type": "integer"}, {"minimum": 0}]}"#)
        #expect(validator.violations(of: .number(3), against: overlapping, at: "#").map(\.schemaLocation) == ["#/oneOf"])
        #expect(validator.violations(of: .number(-3), against: overlapping, at: "#") == [])
    }

    @Test func allOfPartsAndUnevaluatedPropertiesCloseAnObjectTogether() {
        let incident = Self.json(#"{"type": "incident", "summary": "Scans stall", "severity": 1}"#)
        #expect(Self.violations(incident, "NewRequest") == [])
        let coloured = Self.violations(incident.setting("colour", to: .string("red")), "NewRequest")
        #expect(coloured.contains { $0.path.description == "colour" }, "\(coloured)")
    }

    @Test func typeArraysAdmitNull() {
        let validator = JSONSchemaValidator(document: .object([:]))
        let schema = Self.json(#"{"type": ["string", "null"]}"#)
        #expect(validator.violations(of: .null, against: schema, at: "#") == [])
        #expect(validator.violations(of: .string("x"), against: schema, at: "#") == [])
        #expect(validator.violations(of: .number(1), against: schema, at: "#").map(\.schemaLocation) == ["#/type"])
        #expect(validator.violations(of: .number(1.5), against: Self.json(#"{"type": "integer"}"#), at: "#").count == 1)
        #expect(validator.violations(of: .bool(true), against: Self.json(#"{"type": "integer"}"#), at: "#").count == 1)
    }

    @Test func aKeywordOrFormatTheValidatorDoesNotKnowFailsRatherThanPassing() {
        let validator = JSONSchemaValidator(document: .object([:]))
        let encoded = validator.violations(of: .string("x"), against: Self.json(#"{"contentEncoding": "base64"}"#), at: "#")
        #expect(encoded.map(\.schemaLocation) == ["#/contentEncoding"])
        let email = validator.violations(of: .string("x"), against: Self.json(#"{"format": "email"}"#), at: "#")
        #expect(email.map(\.schemaLocation) == ["#/format"])
    }

    /// The validator reports a keyword it does not know only where a test's answer reaches it; this
    /// finds one anywhere in the document.
    @Test func theDocumentUsesOnlyKeywordsAndFormatsTheValidatorKnows() {
        var unknown: [String] = []
        func walk(_ schema: JSONValue, _ location: String) {
            guard case .object(let keywords) = schema else { return }
            for keyword in keywords.keys where !JSONSchemaValidator.keywords.contains(keyword) {
                unknown.append(JSONPointer.appending(location, keyword))
            }
            if case .string(let format)? = keywords["format"], !JSONSchemaValidator.formats.contains(format) {
                unknown.append(JSONPointer.appending(location, "format"))
            }
            for keyword in ["items", "additionalProperties", "unevaluatedProperties", "propertyNames"] {
                if let inner = keywords[keyword] { walk(inner, JSONPointer.appending(location, keyword)) }
            }
            if case .object(let properties)? = keywords["properties"] {
                for (name, inner) in properties { walk(inner, JSONPointer.appending(location, "properties", name)) }
            }
            for keyword in ["allOf", "anyOf", "oneOf"] {
                guard case .array(let alternatives)? = keywords[keyword] else { continue }
                for (index, inner) in alternatives.enumerated() { walk(inner, JSONPointer.appending(location, keyword, String(index))) }
            }
        }
        // Schemas stand under `schema` in operations, responses, parameters and headers.
        func findSchemas(_ node: JSONValue, _ location: String) {
            switch node {
            case .object(let members):
                for (key, value) in members {
                    if key == "schema" {
                        walk(value, JSONPointer.appending(location, key))
                    } else {
                        findSchemas(value, JSONPointer.appending(location, key))
                    }
                }
            case .array(let elements):
                for (index, element) in elements.enumerated() { findSchemas(element, JSONPointer.appending(location, String(index))) }
            default: break
            }
        }
        findSchemas(Self.document.root["paths"] ?? .null, "#/paths")
        for section in ["responses", "parameters", "headers"] {
            findSchemas(Self.document.root["components"]?[section] ?? .null, "#/components/\(section)")
        }
        if case .object(let schemas)? = Self.document.root["components"]?["schemas"] {
            for (name, schema) in schemas { walk(schema, "#/components/schemas/\(name)") }
        }
        #expect(unknown.sorted() == [])
    }

    static func reply(_ status: HTTPResponse.Status, _ body: String, as contentType: String? = "application/json") -> Reply {
        Reply(status: status, headers: contentType.map { [.contentType: $0] } ?? [:], body: Data(body.utf8))
    }

    static let problem = #"{"type": "urn:steward:problem:not-found", "title": "Not Found", "status": 404, "detail": "no"}"#

    @Test func anAnswerIsCheckedAgainstItsRouteAndStatus() {
        let history =
            #"{"items": [{"seq": 1, "at": "2026-03-10T01:00:00.000Z", "actor": "system", "event": "start", "to": "new", "payload": {}}]}"#
        #expect(ResponseConformance.violations(.get, "/v1/requests/\(UUID())/history?cursor=abc", Self.reply(.ok, history)) == [])
        let notFound = Self.reply(.notFound, Self.problem, as: "application/problem+json")
        #expect(ResponseConformance.violations(.get, "/v1/requests/\(UUID())", notFound) == [])

        let refusals: [(HTTPRequest.Method, String, Reply, String)] = [
            (.get, "/v1/me", Self.reply(.init(code: 418), Self.problem), "documents no 418 response"),
            (.get, "/v1/me", Self.reply(.ok, "bob", as: "text/plain"), "Content-Type is text/plain"),
            (.get, "/v1/me", Self.reply(.ok, "{"), "not JSON"),
            (
                .get, "/v1/requests/\(UUID())", Self.reply(.notFound, #"{"type": "x"}"#, as: "application/problem+json"),
                "`title` is missing"
            ),
            (.post, "/v1/me", Self.reply(.ok, "{}"), "must be answered 405"),
            (.get, "/v1/elsewhere", Self.reply(.ok, "{}"), "must be answered 404"),
        ]
        for (method, uri, reply, words) in refusals {
            let violations = ResponseConformance.violations(method, uri, reply)
            #expect(violations.contains { $0.contains(words) }, "\(method) \(uri): \(violations)")
        }
    }

    @Test func theRoutersOwnAnswersAreProblems() {
        let wrongMethod = Self.reply(
            .methodNotAllowed, Self.problem.replacingOccurrences(of: "404", with: "405"), as: "application/problem+json")
        #expect(ResponseConformance.violations(.delete, "/v1/me", wrongMethod) == [])
        let noRoute = Self.reply(.notFound, Self.problem, as: "application/problem+json")
        #expect(ResponseConformance.violations(.get, "/v1/elsewhere", noRoute) == [])
        let hinted = Self.reply(
            .notFound, Self.problem.replacingOccurrences(of: "}", with: #", "hint": "x"}"#), as: "application/problem+json")
        #expect(ResponseConformance.violations(.get, "/v1/elsewhere", hinted).count == 1)
    }
}

extension JSONValue {
    /// The object with member `key` set to `value`, or removed for nil.
    fileprivate func setting(_ key: String, to value: JSONValue?) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[key] = value
        return .object(members)
    }
}
