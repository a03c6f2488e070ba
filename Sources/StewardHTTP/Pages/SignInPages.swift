import Foundation
import HTTPTypes
import Hummingbird
import StewardServiceDesk

/// Signing in with an API token or a one-time link, and signing out, on the console and the portal.
struct SignInPages: Sendable {
    let area: WebArea
    let desk: ServiceDesk
    let renderer: PageRenderer

    /// The sign-in form: pasting a token, or following a link.
    struct Form: Sendable {
        var action: String
        var pairing: String
        var next: String?
        var token: String?
        var error: String?
        var signedOut: Bool
    }

    /// The page a link opens: whom it signs in, and the button that does.
    struct LinkPage: Sendable {
        var action: String
        var pairing: String
        var key: String
        var person: String
    }

    func add(to routes: RouterGroup<APIRequestContext>, pages: RouterGroup<PageContext>) {
        routes.get("sign-in") { request, context in
            if let session = context.webSession { return redirect(to: Navigation.home(of: session.principal)) }
            return form(
                request, next: request.uri.queryParameters["next"].map(String.init),
                signedOut: request.uri.queryParameters["signed-out"] != nil)
        }
        routes.post("sign-in") { request, context in
            let posted = context.form ?? FormBody()
            try checkPairing(posted, request)
            let next = posted["next"].flatMap { Self.returnPath($0, in: area) }
            do {
                let opened = try await desk.signIn(token: posted["token"] ?? "", to: area)
                return signedIn(opened, next: next, request: request)
            } catch let error as ServiceDeskError where error.field == "token" {
                return form(request, next: next, error: error.detail, status: Problem.from(error).status)
            }
        }
        routes.get("sign-in/link") { request, context in
            let key = request.uri.queryParameters["key"].map(String.init) ?? ""
            guard let holder = try await desk.signInLinkHolder(secret: key) else {
                throw PageRefusal(
                    status: .unauthorized, title: "This sign-in link cannot be used",
                    detail: "It was used already or has expired. Ask an operator for a new one, or sign in with your API token.")
            }
            let pairing = TokenStore.randomSecret()
            let page = LinkPage(action: "/\(area.rawValue)/sign-in/link", pairing: pairing, key: key, person: PageFrame.describe(holder))
            var response = renderer.page("sign-in-link", frame: PageFrame(title: "Sign in", area: area, session: nil), body: page)
            response.setCookie(
                WebSecurity.cookie(WebSecurity.signInCookieName(area), value: pairing, area: area, maxAge: 900, request: request))
            return response
        }
        routes.post("sign-in/link") { request, context in
            let posted = context.form ?? FormBody()
            try checkPairing(posted, request)
            return signedIn(try await desk.signIn(link: posted["key"] ?? ""), next: nil, request: request)
        }
        pages.post("sign-out") { request, context in
            try await desk.signOut(context.session)
            var response = redirect(to: "/\(area.rawValue)/sign-in?signed-out=1")
            response.setCookie(WebSecurity.cookie(WebSecurity.sessionCookieName(area), value: "", area: area, maxAge: 0, request: request))
            return response
        }
    }

    private func form(
        _ request: Request, next: String?, error: String? = nil, signedOut: Bool = false, status: Int = 200
    ) -> Response {
        let pairing = TokenStore.randomSecret()
        let body = Form(
            action: "/\(area.rawValue)/sign-in", pairing: pairing, next: next.flatMap { Self.returnPath($0, in: area) },
            error: error, signedOut: signedOut)
        var response = renderer.page(
            "sign-in", frame: PageFrame(title: "Sign in", area: area, session: nil), body: body,
            status: HTTPResponse.Status(code: status))
        response.setCookie(
            WebSecurity.cookie(WebSecurity.signInCookieName(area), value: pairing, area: area, maxAge: 3600, request: request))
        return response
    }

    private func checkPairing(_ form: FormBody, _ request: Request) throws(PageRefusal) {
        guard let pairing = request.cookies[WebSecurity.signInCookieName(area)]?.value,
            WebSecurity.matches(form[WebSecurity.csrfField], pairing)
        else { throw PageRefusal.missingCSRF }
    }

    private func signedIn(_ opened: (session: WebSession, secret: String), next: String?, request: Request) -> Response {
        let area = opened.session.area
        var response = redirect(to: next ?? Navigation.home(of: opened.session.principal))
        let maxAge = Int(opened.session.expiresAt.timeIntervalSinceNow)
        response.setCookie(
            WebSecurity.cookie(WebSecurity.sessionCookieName(area), value: opened.secret, area: area, maxAge: maxAge, request: request))
        response.setCookie(
            WebSecurity.cookie(WebSecurity.signInCookieName(self.area), value: "", area: self.area, maxAge: 0, request: request))
        return response
    }

    /// Whether `path` is one of the sign-in forms, which check their own pairing cookie.
    static func isSignInPath(_ path: String) -> Bool {
        path.hasSuffix("/sign-in") || path.hasSuffix("/sign-in/link")
    }

    /// `target` if it is a page of `area` on this server (never another site: no open redirect).
    static func returnPath(_ target: String, in area: WebArea) -> String? {
        let prefix = "/\(area.rawValue)"
        guard target == prefix || target.hasPrefix(prefix + "/") || target.hasPrefix(prefix + "?"), !target.hasPrefix("//"),
            !target.contains("\\"), !isSignInPath(target.split(separator: "?").first.map(String.init) ?? "")
        else { return nil }
        return target
    }
}

/// A 303 to `location`: after a form, the browser loads the result page with GET.
func redirect(to location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
}
