import Foundation
import HTTPTypes
import Hummingbird
import Logging
import StewardCore
import StewardServiceDesk
import Synchronization

/// The routes a router registered, so a known path asked with another method gets 405, not 404.
final class RouteIndex: Sendable {
    private let routes = Mutex<[(segments: [Substring], method: HTTPRequest.Method)]>([])

    func record(_ descriptions: [Router<APIRequestContext>.RouteDescription]) {
        routes.withLock { routes in
            routes = descriptions.map { ($0.path.description.split(separator: "/"), $0.method) }
        }
    }

    /// The methods registered for `path`, sorted; empty when no route has that path.
    func methods(for path: String) -> [String] {
        let asked = path.split(separator: "/")
        let methods = routes.withLock { routes in
            routes.filter { route in
                route.segments.count == asked.count && zip(route.segments, asked).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }.map(\.method.rawValue)
        }
        return Set(methods).sorted()
    }
}

/// Marks every answer as not to be stored by caches (they carry one caller's data) and not to be
/// sniffed as another media type than it says.
struct SafeAnswerMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}

/// Turns every error into a problem+json answer; an unexpected one is logged and answered 500
/// without its details.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let routes: RouteIndex

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.methods(for: request.uri.path)
            guard !allowed.isEmpty else { return Problem.from(error)!.response() }
            return Problem(
                .methodNotAllowed, "method-not-allowed", "\(request.method) is not allowed here; use \(allowed.joined(separator: ", "))"
            )
            .response(headers: [.allow: allowed.joined(separator: ", ")])
        } catch {
            if let problem = Problem.from(error) {
                let headers: HTTPFields =
                    problem.status == 401 ? [.wwwAuthenticate: "Bearer realm=\"steward\""] : [:]
                return problem.response(headers: headers)
            }
            context.logger.error(
                "request failed",
                metadata: ["steward.error": "\(String(reflecting: error))", "steward.path": "\(request.uri.path)"]
            )
            return Problem(.internalServerError, "internal", "the server failed to answer; the error is in its log").response()
        }
    }
}

/// Finds the principal behind the bearer token; 401 without a token or with one it does not know.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let desk: ServiceDesk
    let timeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw Problem(
                .unauthorized, "unauthenticated", "this route needs `Authorization: Bearer <token>`; `steward token create` issues one")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem(.unauthorized, "unauthenticated", "the Authorization header must be `Bearer <token>`")
        }
        let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        guard let principal = try await withDeadline(timeout, { [desk] in try await desk.principal(for: token) }) else {
            throw Problem(.unauthorized, "unauthenticated", "the token is unknown or revoked; ask an operator for a new one")
        }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }
}
