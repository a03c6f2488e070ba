import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle
import StewardServiceDesk

/// `GET /console/live` and `/portal/live`: one Server-Sent-Events stream per tab. It says
/// `changed` when something the signed-in person may see has changed (the page reloads), `tick`
/// every minute (a page with a running countdown reloads to show it), and a comment every 15 s so
/// proxies keep it open. It ends when the server shuts down or after an hour; the browser then
/// reconnects, and the live script reloads the page so nothing missed stays missed.
extension APIServer {
    static let liveKeepAlive: Duration = .seconds(15)
    static let liveTick: Duration = .seconds(60)
    static let liveLifetime: Duration = .seconds(3600)

    private enum LiveEvent: Sendable {
        case change(LiveChange)
        case keepAlive
        case tick
    }

    func addLiveStream(to pages: RouterGroup<PageContext>) {
        pages.get("live") { _, context in
            let principal = context.principal
            let live = self.live
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no"],
                body: ResponseBody { writer in
                    let (events, feed) = AsyncStream.makeStream(of: LiveEvent.self, bufferingPolicy: .bufferingNewest(16))
                    let subscription = live.subscribe()
                    defer { subscription.cancel() }
                    try await writer.write(ByteBuffer(string: "retry: 5000\n\n"))
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await change in subscription.changes { feed.yield(.change(change)) }
                        }
                        group.addTask {
                            var sinceTick: Duration = .zero
                            while !Task.isCancelled {
                                try await Task.sleep(for: Self.liveKeepAlive)
                                sinceTick += Self.liveKeepAlive
                                if sinceTick >= Self.liveTick {
                                    sinceTick = .zero
                                    feed.yield(.tick)
                                } else {
                                    feed.yield(.keepAlive)
                                }
                            }
                        }
                        group.addTask {
                            try await Task.sleep(for: Self.liveLifetime)
                            feed.finish()
                        }
                        group.addTask {
                            try await gracefulShutdown()
                            feed.finish()
                        }
                        for await event in events {
                            switch event {
                            case .change(let change) where change.concerns(principal):
                                try await writer.write(ByteBuffer(string: "event: changed\ndata: \n\n"))
                            case .change: continue
                            case .keepAlive: try await writer.write(ByteBuffer(string: ": still here\n\n"))
                            case .tick: try await writer.write(ByteBuffer(string: "event: tick\ndata: \n\n"))
                            }
                        }
                        group.cancelAll()
                    }
                    try await writer.finish(nil)
                }
            )
        }
    }
}
