import Foundation
import HTTPTypes
import Hummingbird
import Logging
import StewardCore
import StewardServiceDesk

/// In front of every console and portal page: finds the browser's session, reads a posted form
/// and refuses it unless it came from our own page with the session's CSRF token, and shows every
/// error as a page that says what happened and what to do (a missing session as the sign-in page).
struct PageMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let area: WebArea
    let desk: ServiceDesk
    let renderer: PageRenderer
    let timeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var context = context
            if let secret = request.cookies[WebSecurity.sessionCookieName(area)]?.value, !secret.isEmpty {
                context.webSession = try await withDeadline(timeout) { [desk, area] in try await desk.session(secret: secret, in: area) }
            }
            if request.method == .post {
                try WebSecurity.checkOrigin(of: request)
                let body = try await request.body.collect(upTo: APIServer.maxBodyBytes)
                let form = try FormBody(String(buffer: body))
                // The sign-in forms come before any session: they check their own pairing cookie.
                if !SignInPages.isSignInPath(request.uri.path), let session = context.webSession {
                    guard WebSecurity.matches(form[WebSecurity.csrfField], session.csrfToken) else { throw PageRefusal.missingCSRF }
                }
                context.form = form
            }
            let prepared = context
            return try await PageText.$viewerZone.withValue(prepared.webSession?.timeZone) { try await next(request, prepared) }
        } catch {
            return errorPage(error, request: request, context: context)
        }
    }

    private func errorPage(_ error: any Error, request: Request, context: Context) -> Response {
        if error is SignInRequired {
            var location = "/\(area.rawValue)/sign-in"
            if request.method == .get, let target = SignInPages.returnPath(request.uri.description, in: area) {
                location += "?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            }
            return Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
        }
        let shown: ErrorPage
        if let refusal = error as? PageRefusal {
            shown = ErrorPage(status: refusal.status, title: refusal.title, detail: refusal.detail)
        } else if let problem = Problem.from(error) {
            shown = ErrorPage(problem)
        } else {
            context.logger.error(
                "page failed", metadata: ["steward.error": "\(String(reflecting: error))", "steward.path": "\(request.uri.path)"])
            shown = ErrorPage(
                status: .internalServerError, title: "Something went wrong",
                detail: "The server failed to show this page; the error is in its log. Try again in a moment.")
        }
        let frame = PageFrame(
            title: shown.title, area: area, session: context.webSession, navigation: Navigation.links(for: context.webSession, at: ""))
        return renderer.page("error", frame: frame, body: shown, status: shown.status)
    }
}

/// An error as a page: its status, a title in plain words and what to do.
struct ErrorPage: Sendable {
    var status: HTTPResponse.Status
    var title: String
    var detail: String
    /// Stored, not computed: templates read only stored properties.
    let code: Int

    init(status: HTTPResponse.Status, title: String, detail: String) {
        self.status = status
        self.title = title
        self.detail = detail
        code = status.code
    }

    init(_ problem: Problem) {
        status = HTTPResponse.Status(code: problem.status)
        code = problem.status
        title =
            switch problem.status {
            case 404: "Not found"
            case 403: "Not allowed"
            case 401: "Not signed in"
            case 503: "Steward is busy"
            default: problem.title
            }
        detail = problem.detail
    }
}
