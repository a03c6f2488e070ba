import Foundation
import Hummingbird
import StewardCore
import StewardPostgres
import StewardServiceDesk

/// What the portal's forms did, said on the page they return to (`?done=`).
enum PortalNotices {
    static let text: [String: String] = [
        "filed": "Your request is filed. We will answer within its response time; you will also hear by e-mail.",
        "sent": "Sent. It is in the request's history below.",
    ]
}

/// The customers' support portal: a contact's own customer's requests, filing, following and
/// answering them. Each page calls the service desk and renders; no rule lives here.
extension APIServer {
    func addPortalPages(to portal: RouterGroup<PageContext>, renderer: PageRenderer) {
        route(portal, .get, "") { request, context in try await myRequestsPage(request, context, renderer) }
        route(portal, .get, "requests/:id") { request, context in try await requestPage(request, context, renderer, area: .portal) }
        route(portal, .get, "report") { request, context in
            try await reportPage(request, customer: context.principal.customerID ?? "", for: context.principal)
        }
    }

    struct MyRequestsPage: Sendable {
        var requests: [RequestRow]
        var pages: PageLinks
        var openOnly: Bool
    }

    private func myRequestsPage(_ request: Request, _ context: PageContext, _ renderer: PageRenderer) async throws -> Response {
        let principal = context.principal
        let filter = try request.requestFilter()
        let page = try await desk.requests(
            visibleTo: principal, filter: filter, after: try request.requestCursor(), limit: try request.pageLimit())
        let zone = try await desk.customerTimeZones(for: principal)[principal.customerID ?? ""]
        let body = MyRequestsPage(
            requests: page.items.map { RequestRow($0, area: .portal, zone: zone) },
            pages: PageLinks(path: "/portal", query: [("open", filter.open.map(String.init))], nextCursor: page.nextCursor),
            openOnly: filter.open == true)
        return renderer.page("my-requests", frame: frame("My requests", context, request, at: "/portal", live: "/portal/live"), body: body)
    }
}
