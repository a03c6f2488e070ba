import Foundation
import Hummingbird
import StewardServiceDesk

/// The console (`/console`, staff) and the portal (`/portal`, customers' contacts) beside the API,
/// with their stylesheet and script at `/assets`.
extension APIServer {
    func addWebPages(to router: Router<APIRequestContext>, renderer: PageRenderer) {
        router.get("assets/:name") { _, context in
            guard let name = context.parameters.get("name"), let asset = renderer.asset(name) else {
                throw Problem.notFound("asset '\(context.parameters.get("name") ?? "")'")
            }
            return asset
        }
        for area in WebArea.allCases {
            let routes = router.group(RouterPath(area.rawValue))
                .add(middleware: PageMiddleware(area: area, desk: desk, renderer: renderer, timeout: requestTimeout))
            let pages = routes.group(context: PageContext.self)
            SignInPages(area: area, desk: desk, renderer: renderer).add(to: routes, pages: pages)
            addLiveStream(to: pages)
            addFilingPages(to: pages, area: area, renderer: renderer)
            addEventForms(to: pages, area: area, renderer: renderer)
            addChecklistDownload(to: pages)
            switch area {
            case .console:
                addConsolePages(to: pages, renderer: renderer)
                addTaskPages(to: pages, renderer: renderer)
                addMailboxPages(to: pages, renderer: renderer)
            case .portal: addPortalPages(to: pages, renderer: renderer)
            }
        }
    }
}
