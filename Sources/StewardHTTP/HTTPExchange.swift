import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardPostgres

/// Reading requests and writing answers the one way every route does.
extension Request {
    /// The body as JSON bytes: refused with 415 when it is not JSON, 413 when too large, 400 when
    /// it does not parse.
    func jsonBody(context: APIRequestContext) async throws -> Data {
        if let type = headers[.contentType]?.lowercased(), !type.hasPrefix("application/json"), !type.contains("+json") {
            throw Problem(.unsupportedMediaType, "unsupported-media-type", "send the body as application/json, not \(type)")
        }
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        let data = Data(buffer: buffer)
        guard !data.isEmpty else { throw Problem.badRequest("this route needs a JSON body") }
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw Problem(.badRequest, "malformed-json", "the body is not well-formed JSON: \(Self.parseError(error))")
        }
        return data
    }

    /// The body decoded into `T`, refusing unknown fields and wrong types with 422.
    func decode<T: Codable>(_ type: T.Type, context: APIRequestContext) async throws -> T {
        let data = try await jsonBody(context: context)
        return try JSONCoding.decodeStrictly(data, as: T.self)
    }

    /// A query parameter, or nil.
    func query(_ name: String) -> String? {
        uri.queryParameters[Substring(name)].map(String.init)
    }

    /// `limit` between 1 and 100, 50 by default.
    func pageLimit() throws -> Int {
        guard let text = query("limit") else { return 50 }
        guard let limit = Int(text), (1...100).contains(limit) else {
            throw Problem.badRequest("limit must be a whole number from 1 to 100, not '\(text)'", field: "limit")
        }
        return limit
    }

    /// `cursor` as handed out in `nextCursor`, with `count` values.
    func cursor(count: Int) throws -> Cursor? {
        guard let text = query("cursor") else { return nil }
        guard let cursor = Cursor(encoded: text, count: count) else {
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
