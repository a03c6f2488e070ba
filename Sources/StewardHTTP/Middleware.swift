import Foundation
import HTTPTypes
import Hummingbird
import Logging
import StewardPostgres

/// Turns every error into a problem+json answer; an unexpected one is logged and answered 500
/// without its details.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
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
    let tokens: TokenStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw Problem(
                .unauthorized, "unauthenticated", "this route needs `Authorization: Bearer <token>`; `steward token create` issues one")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem(.unauthorized, "unauthenticated", "the Authorization header must be `Bearer <token>`")
        }
        guard let principal = try await tokens.principal(for: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw Problem(.unauthorized, "unauthenticated", "the token is unknown or revoked; ask an operator for a new one")
        }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }
}
