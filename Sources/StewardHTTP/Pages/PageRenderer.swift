import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import StewardServiceDesk

/// The console's and the portal's templates (`Resources/pages`, Mustache, escaping everything
/// they insert) and the stylesheet and script they link (`Resources/assets`).
struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    /// File name → contents of every asset; served at `/assets/<name>`.
    let assets: [String: ByteBuffer]

    init() throws {
        guard let resources = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        var library = MustacheLibrary()
        let pages = resources.appendingPathComponent("pages")
        for file in try FileManager.default.contentsOfDirectory(at: pages, includingPropertiesForKeys: nil)
        where file.pathExtension == "mustache" {
            try library.register(try String(contentsOf: file, encoding: .utf8), named: file.deletingPathExtension().lastPathComponent)
        }
        self.library = library
        var assets: [String: ByteBuffer] = [:]
        let folder = resources.appendingPathComponent("assets")
        for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) {
            assets[file.lastPathComponent] = ByteBuffer(data: try Data(contentsOf: file))
        }
        self.assets = assets
    }

    /// `template` rendered into the layout with `frame` around `body`.
    func page(_ template: String, frame: PageFrame, body: some Sendable, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(RenderedPage(frame: frame, body: body), withTemplate: template) ?? "template \(template) is missing"
        return Response(status: status, headers: WebSecurity.pageHeaders, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The answer for an asset, cached for a day: the files change only with a new release.
    func asset(_ name: String) -> Response? {
        guard let contents = assets[name] else { return nil }
        let type =
            switch (name as NSString).pathExtension {
            case "css": "text/css; charset=utf-8"
            case "js": "text/javascript; charset=utf-8"
            case "svg": "image/svg+xml"
            default: "application/octet-stream"
            }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=86400"], body: .init(byteBuffer: contents))
    }
}

/// What every template gets: the frame (title, navigation, who is signed in) and the page's own body.
struct RenderedPage<Body: Sendable>: Sendable {
    var frame: PageFrame
    var body: Body
}

/// The parts of a page around its content.
struct PageFrame: Sendable {
    struct Link: Sendable {
        var href: String
        var label: String
        var current: Bool
    }

    var title: String
    /// `console` or `portal`: the stylesheet's and the sign-out form's area.
    var area: String
    var areaTitle: String
    /// Who is signed in, as they read it ("Erin Engineering · engineer"); nil on the sign-in pages.
    var person: String?
    var navigation: [Link]
    /// The session's CSRF token, for the forms of the page (sign-out included).
    var csrf: String?
    /// One line saying what the last action did, after a form's redirect.
    var notice: String?
    /// The event stream that says when the page's content changed; the live script reloads it then.
    var live: String?

    init(title: String, area: WebArea, session: WebSession?, navigation: [Link] = [], notice: String? = nil, live: String? = nil) {
        self.title = title
        self.area = area.rawValue
        areaTitle = area == .console ? "Steward console" : "Support portal"
        person = session.map { Self.describe($0.principal) }
        self.navigation = navigation
        csrf = session?.csrfToken
        self.notice = notice
        self.live = live
    }

    static func describe(_ principal: Principal) -> String {
        switch principal.role {
        case .customer: "\(principal.contact ?? "") · \(principal.customerID ?? "")"
        default: "\(principal.staffID ?? "") · \(principal.role.rawValue)"
        }
    }
}
