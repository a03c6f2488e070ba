import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import StewardServiceDesk

/// What keeps the console's and the portal's pages to their own people: the session cookie, the
/// CSRF token every form carries, the origin check on every post, and the headers every page is
/// served with.
enum WebSecurity {
    /// The hidden field of every form that holds the session's CSRF token.
    static let csrfField = "csrf"

    /// Scripts and styles only from our own files, nothing inline, no framing, forms only to us.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The headers of every page.
    static var pageHeaders: HTTPFields {
        [
            .contentType: "text/html; charset=utf-8",
            .contentSecurityPolicy: contentSecurityPolicy,
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("Referrer-Policy")!: "same-origin",
            .cacheControl: "no-store",
        ]
    }

    /// The cookie holding a session's secret in `area`.
    static func sessionCookieName(_ area: WebArea) -> String { "steward_\(area.rawValue)" }

    /// The cookie that pairs a sign-in form with its browser before any session exists (a posted
    /// sign-in must carry the same value), so no other site can sign a browser in as someone else.
    static func signInCookieName(_ area: WebArea) -> String { "steward_\(area.rawValue)_signin" }

    /// A cookie only our pages of `area` send back, never sent by another site's link or form,
    /// unreadable by scripts, and kept to TLS when the server is reached over it.
    static func cookie(_ name: String, value: String, area: WebArea, maxAge: Int?, request: Request) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/\(area.rawValue)", secure: isTLS(request), httpOnly: true,
            sameSite: .strict)
    }

    /// A TLS-terminating proxy in front says so; Steward itself serves plain HTTP.
    static func isTLS(_ request: Request) -> Bool {
        request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    /// Refuses a post another site's page sent: `Sec-Fetch-Site` must say same-origin (or a
    /// person typing), and `Origin`, when sent, must be this server's own.
    static func checkOrigin(of request: Request) throws(PageRefusal) {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            throw PageRefusal.crossSite("the form came from another site (Sec-Fetch-Site: \(site))")
        }
        if let origin = request.headers[HTTPField.Name("Origin")!] {
            let host = request.head.authority ?? ""
            let scheme = isTLS(request) ? "https" : "http"
            guard origin == "\(scheme)://\(host)" else {
                throw PageRefusal.crossSite("the form came from \(origin), not from this server")
            }
        }
    }

    /// Whether `sent` is `expected`, compared in constant time.
    static func matches(_ sent: String?, _ expected: String) -> Bool {
        guard let sent else { return false }
        let left = SHA256.hash(data: Data(sent.utf8))
        let right = SHA256.hash(data: Data(expected.utf8))
        return left == right
    }
}

/// Why a page refuses a request: shown as a page that says what happened and what to do.
struct PageRefusal: Error, Sendable {
    var status: HTTPResponse.Status
    var title: String
    var detail: String

    static func crossSite(_ why: String) -> PageRefusal {
        PageRefusal(
            status: .forbidden, title: "This form was refused",
            detail: "\(why). Open the page again from Steward itself and send the form from there.")
    }

    static let missingCSRF = PageRefusal(
        status: .forbidden, title: "This form was refused",
        detail: "The form did not carry this session's security token, so it may not have come from your page. "
            + "Reload the page and send the form again.")
}
