import Foundation
import StewardCore
import StewardHTTP
import Yams

/// `openapi.yaml` as the tests read it: its operations by method and path template, and what each
/// documents for an answer with a given status.
struct OpenAPIDocumentModel: Sendable {
    /// The document the server ships, read once.
    static let bundled: OpenAPIDocumentModel = {
        do {
            return try OpenAPIDocumentModel(yaml: String(decoding: try OpenAPIDocument.data(), as: UTF8.self))
        } catch {
            fatalError("openapi.yaml does not load: \(error)")
        }
    }()

    /// The whole document as JSON, which `$ref`s point into.
    let root: JSONValue
    let operations: [Operation]

    struct Operation: Sendable {
        /// Lowercase, as the document writes it: `get`.
        var method: String
        /// As the document writes it: `/v1/requests/{id}`.
        var template: String
        var responses: [String: JSONValue]

        var location: String { JSONPointer.appending("#", "paths", template, method) }

        /// Whether `path` (without its query) is an instance of the template; `{id}` stands for one
        /// whole segment.
        func matches(_ path: String) -> Bool {
            let (templateSegments, segments) = (template.split(separator: "/"), path.split(separator: "/"))
            guard templateSegments.count == segments.count else { return false }
            return zip(templateSegments, segments).allSatisfy { part, segment in
                (part.hasPrefix("{") && part.hasSuffix("}")) || part == segment
            }
        }

        /// Literal segments count for more than parameters when two templates match one path.
        var specificity: Int { template.split(separator: "/").filter { !$0.hasPrefix("{") }.count }
    }

    /// What the document says an answer of one status looks like.
    struct Response: Sendable {
        /// Where the response object is, after any `$ref` to `components/responses`.
        var location: String
        /// Its bodies by media type without parameters (`application/json`), each with its schema.
        var content: [String: Body]
    }

    struct Body: Sendable {
        var schema: JSONValue
        var location: String
    }

    enum Lookup: Sendable {
        case operation(Operation)
        /// The path is documented but not with this method.
        case methodNotDocumented(template: String)
        case pathNotDocumented
    }

    init(yaml: String) throws {
        // YAML 1.2's booleans only (an unquoted `no` or `on` stays text), and no timestamps: dates
        // in the document are text, as in JSON.
        let resolver = try Resolver.default.removing(.timestamp).replacing(.bool, with: "^(?:true|True|TRUE|false|False|FALSE)$")
        root = try Self.json(try Yams.load(yaml: yaml, resolver) ?? NSNull())
        var operations: [Operation] = []
        if case .object(let paths)? = root["paths"] {
            for (template, item) in paths {
                guard case .object(let methods) = item else { continue }
                for (method, operation) in methods {
                    guard case .object(let responses)? = operation["responses"] else { continue }
                    operations.append(Operation(method: method, template: template, responses: responses))
                }
            }
        }
        self.operations = operations
    }

    var validator: JSONSchemaValidator { JSONSchemaValidator(document: root) }

    /// The operation a request for `uri` (a path, perhaps with a query) reaches.
    func operation(_ method: String, _ uri: String) -> Lookup {
        let path = String(uri.prefix { $0 != "?" && $0 != "#" })
        let matching = operations.filter { $0.matches(path) }
        guard let specificity = matching.map(\.specificity).max() else { return .pathNotDocumented }
        let best = matching.filter { $0.specificity == specificity }
        if let operation = best.first(where: { $0.method == method.lowercased() }) { return .operation(operation) }
        return .methodNotDocumented(template: best[0].template)
    }

    /// The response the operation documents for `status`: that code's, else `default`; nil when
    /// it documents neither.
    func response(of operation: Operation, status: Int) -> Response? {
        guard let key = [String(status), "default"].first(where: { operation.responses[$0] != nil }) else { return nil }
        var location = JSONPointer.appending(operation.location, "responses", key)
        var response = operation.responses[key]!
        if case .string(let reference)? = response["$ref"], let target = validator.resolve(reference) {
            (location, response) = (reference, target)
        }
        var content: [String: Body] = [:]
        if case .object(let media)? = response["content"] {
            for (type, entry) in media {
                content[Self.mediaType(type)] = Body(
                    schema: entry["schema"] ?? .bool(true),
                    location: JSONPointer.appending(location, "content", type, "schema")
                )
            }
        }
        return Response(location: location, content: content)
    }

    /// `text/plain; version=0.0.4` → `text/plain`.
    static func mediaType(_ contentType: String) -> String {
        String(contentType.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Yams' values as JSON: mappings, sequences, booleans, numbers, text and null.
    private static func json(_ value: Any) throws -> JSONValue {
        switch value {
        case let mapping as [AnyHashable: Any]:
            .object(Dictionary(uniqueKeysWithValues: try mapping.map { ("\($0.key.base)", try json($0.value)) }))
        case let sequence as [Any]: .array(try sequence.map(json))
        case let bool as Bool: .bool(bool)
        case let int as Int: .number(Double(int))
        case let double as Double: .number(double)
        case let string as String: .string(string)
        case is NSNull: .null
        default: throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "openapi.yaml holds \(type(of: value))"))
        }
    }
}
