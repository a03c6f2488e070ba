import Foundation
import HTTPTypes
import StewardCore
import StewardHTTP
import Testing

/// Holds every answer the HTTP tests receive to `openapi.yaml`: the route must document the status,
/// and a JSON body must match the schema documented for its content type.
enum ResponseConformance {
    /// Records an issue naming the request and each way its answer departs from the document.
    static func check(_ method: HTTPRequest.Method, _ uri: String, _ reply: Reply) {
        let found = violations(method, uri, reply)
        guard !found.isEmpty else { return }
        Issue.record(
            """
            \(method) \(uri) was answered \(reply.status.code), which openapi.yaml does not describe:
            \(found.map { "- \($0)" }.joined(separator: "\n"))
            """
        )
    }

    /// Each way the answer to `method` `uri` departs from `document`; empty when it conforms.
    static func violations(
        _ method: HTTPRequest.Method,
        _ uri: String,
        _ reply: Reply,
        in document: OpenAPIDocumentModel = .bundled
    ) -> [String] {
        let status = reply.status.code
        switch document.operation(method.rawValue, uri) {
        case .operation(let operation):
            guard let response = document.response(of: operation, status: status) else {
                let documented = operation.responses.keys.sorted().joined(separator: ", ")
                return ["\(operation.location) documents no \(status) response and no default (only \(documented))"]
            }
            return violations(reply, response, document)
        // The document's description promises these for routes it does not list: the router's own
        // answers, problems like every other error.
        case .methodNotDocumented(let template) where status == 405:
            return violations(reply, problem(because: "\(template) is documented without \(method)"), document)
        case .pathNotDocumented where status == 404:
            return violations(reply, problem(because: "no path of the document matches"), document)
        case .methodNotDocumented(let template):
            return ["\(template) is documented without \(method), which must be answered 405"]
        case .pathNotDocumented:
            return ["no path of the document matches, which must be answered 404"]
        }
    }

    private static func problem(because reason: String) -> OpenAPIDocumentModel.Response {
        let schema = "#/components/schemas/Problem"
        return OpenAPIDocumentModel.Response(
            location: "\(schema) (\(reason))",
            content: ["application/problem+json": .init(schema: .object(["$ref": .string(schema)]), location: schema)]
        )
    }

    private static func violations(
        _ reply: Reply,
        _ response: OpenAPIDocumentModel.Response,
        _ document: OpenAPIDocumentModel
    ) -> [String] {
        guard let contentType = reply.headers[.contentType] else {
            if reply.body.isEmpty && response.content.isEmpty { return [] }
            return ["the answer has no Content-Type; \(response.location) documents \(listed(response))"]
        }
        let mediaType = OpenAPIDocumentModel.mediaType(contentType)
        guard let body = response.content[mediaType] else {
            return ["its Content-Type is \(contentType); \(response.location) documents \(listed(response))"]
        }
        guard mediaType == "application/json" || mediaType.hasSuffix("+json") else { return [] }
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: reply.body)
        } catch {
            return ["its body is not JSON: \(error)"]
        }
        return document.validator.violations(of: json, against: body.schema, at: body.location).map(\.description)
    }

    private static func listed(_ response: OpenAPIDocumentModel.Response) -> String {
        response.content.isEmpty ? "no body" : response.content.keys.sorted().joined(separator: ", ")
    }
}
