import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardPostgres
import StewardServiceDesk

/// Reading requests and writing answers the one way every route does.
extension Request {
    /// The body as JSON bytes: refused with 415 when it is not JSON, 413 when too large, 400 when
    /// it does not parse.
    func jsonBody(context: some RequestContext) async throws -> Data {
        try await parsedJSONBody(context: context).data
    }

    /// The body as a JSON value, from the one parse that checks it.
    func jsonValue(context: some RequestContext) async throws -> JSONValue {
        JSONValue(parsed: try await parsedJSONBody(context: context).parsed)
    }

    /// The body's bytes and their parse, checked as ``jsonBody(context:)`` says.
    private func parsedJSONBody(context: some RequestContext) async throws -> (data: Data, parsed: Any) {
        if let type = headers[.contentType]?.lowercased(), !type.hasPrefix("application/json"), !type.contains("+json") {
            throw Problem(.unsupportedMediaType, "unsupported-media-type", "send the body as application/json, not \(type)")
        }
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        let data = Data(buffer: buffer)
        guard !data.isEmpty else { throw Problem.badRequest("this route needs a JSON body") }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw Problem(.badRequest, "malformed-json", "the body is not well-formed JSON: \(Self.parseError(error))")
        }
        if let path = Self.pathNested(in: parsed, deeperThan: Self.maxNesting) {
            throw Problem.validation(
                "the body nests arrays and objects deeper than \(Self.maxNesting) levels (at \(path.isEmpty ? "the top" : path)); "
                    + "no request of Steward's needs more",
                field: path.isEmpty ? nil : path)
        }
        if let field = Self.fieldHoldingNUL(in: parsed) {
            throw Problem.validation("text may not contain the NUL character (\\u0000)", field: field.isEmpty ? nil : field)
        }
        return (data, parsed)
    }

    /// How deep a body's arrays and objects may nest: deeper ones are refused before anything
    /// decodes them, so no body costs more than its size to read.
    static let maxNesting = 32

    /// The path of the first value nested deeper than `limit`, or nil; walks iteratively.
    private static func pathNested(in value: Any, deeperThan limit: Int) -> String? {
        var pending: [(value: Any, path: String, depth: Int)] = [(value, "", 0)]
        while let (value, path, depth) = pending.popLast() {
            let children: [(Any, String)]
            switch value {
            case let object as [String: Any]: children = object.map { ($0.value, path.isEmpty ? $0.key : "\(path).\($0.key)") }
            case let array as [Any]: children = array.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
            default: continue
            }
            guard depth < limit else { return path }
            pending += children.map { ($0.0, $0.1, depth + 1) }
        }
        return nil
    }

    /// The path of a key or string holding U+0000, which PostgreSQL's text cannot store; nil when none does.
    private static func fieldHoldingNUL(in value: Any, path: String = "") -> String? {
        switch value {
        case let text as String:
            return text.contains("\0") ? path : nil
        case let object as [String: Any]:
            for (key, value) in object {
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                if key.contains("\0") { return path }
                if let found = fieldHoldingNUL(in: value, path: keyPath) { return found }
            }
            return nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = fieldHoldingNUL(in: element, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }

    /// The body decoded into `T`, refusing unknown fields and wrong types with 422.
    func decode<T: Codable>(_ type: T.Type, context: some RequestContext) async throws -> T {
        let data = try await jsonBody(context: context)
        return try JSONCoding.decodeStrictly(data, as: T.self)
    }

    /// A query parameter, or nil when it is absent or empty.
    func query(_ name: String) throws -> String? {
        guard let value = uri.queryParameters[Substring(name)], !value.isEmpty else { return nil }
        guard !value.contains("\0") else { throw Problem.badRequest("\(name) may not contain the NUL character", field: name) }
        return String(value)
    }

    /// `limit` between 1 and 100, 50 by default.
    func pageLimit() throws -> Int {
        guard let text = try query("limit") else { return 50 }
        guard let limit = Int(text) else {
            throw Problem.badRequest("limit must be a whole number from 1 to \(ServiceDesk.maxPageSize), not '\(text)'", field: "limit")
        }
        return limit
    }

    /// `cursor` as handed out in `nextCursor`, with `count` values that pass `valid`.
    func cursor(count: Int, valid: (Cursor) -> Bool) throws -> Cursor? {
        guard let text = try query("cursor") else { return nil }
        guard let cursor = Cursor(encoded: text, count: count), valid(cursor) else {
            throw Problem.badRequest("cursor '\(text)' is not one this list handed out; start again without it", field: "cursor")
        }
        return cursor
    }

    /// `If-Match: "7"` as the version 7; nil without the header or with `*`.
    func expectedVersion() throws -> Int64? {
        guard let header = headers[.ifMatch]?.trimmingCharacters(in: .whitespaces), header != "*" else { return nil }
        let digits = header.hasPrefix("W/") ? String(header.dropFirst(2)) : header
        guard let version = Int64(digits.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) else {
            throw Problem.badRequest("If-Match must be the request's ETag, such as \"3\", not \(header)", field: "If-Match")
        }
        return version
    }

    private static func parseError(_ error: any Error) -> String {
        let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return description ?? "\(error)"
    }
}

extension Parameters {
    /// A path parameter that must be a UUID; 404 otherwise, since no such thing exists.
    func uuid(_ name: String, what: String) throws -> UUID {
        guard let text = get(name), let id = UUID(uuidString: text) else {
            throw Problem.notFound("\(what) '\(get(name) ?? "")'")
        }
        return id
    }
}

/// An answer with a JSON body.
func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) throws -> Response {
    var headers: HTTPFields = [.contentType: "application/json"]
    headers.append(contentsOf: extra)
    let data = try APIServer.encoder.encode(value)
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}

/// The ETag of a request at `version`, which `If-Match` sends back.
func etag(_ version: Int64) -> HTTPFields {
    [.eTag: "\"\(version)\""]
}
