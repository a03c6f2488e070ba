import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Prometheus
import StewardCore
import StewardMSA
import StewardPostgres
import StewardServiceDesk

/// The HTTP API over the engine: customers file and follow requests, engineering groups work
/// their queues, TAMs watch their customers, operators repair. `/openapi.yaml` describes it.
public struct APIServer: Sendable {
    /// Request bodies larger than this are refused with 413.
    public static let maxBodyBytes = 64 * 1024
    static let encoder = JSONCoding.makeEncoder(prettyPrinted: true)

    public let engine: WorkflowEngine
    public let policy: MSAPolicy
    /// Where swift-metrics records go; `/metrics` prints it.
    public let metrics: PrometheusCollectorRegistry
    /// How long a request may take, database calls included, before it is answered 503: while the
    /// database is away a query would otherwise wait for a connection without end.
    public let requestTimeout: Duration
    /// Every operation the routes offer; the routes parse, call it and render.
    let desk: ServiceDesk
    let jobs: JobQueue
    let idempotencyKeys: IdempotencyKeys
    /// The console's and the portal's templates and assets.
    let renderer: PageRenderer
    /// What live pages hear of changes: one LISTEN connection for all their streams.
    let live: LiveChanges
    let logger: Logger

    public init(
        engine: WorkflowEngine,
        policy: MSAPolicy,
        metrics: PrometheusCollectorRegistry,
        requestTimeout: Duration = .seconds(15),
        allowsPrivateWebhooks: Bool = false,
        logger: Logger
    ) {
        self.engine = engine
        self.policy = policy
        self.metrics = metrics
        self.requestTimeout = requestTimeout
        self.logger = logger
        desk = ServiceDesk(engine: engine, policy: policy, allowsPrivateWebhooks: allowsPrivateWebhooks, logger: logger)
        jobs = JobQueue(client: engine.client, clock: engine.clock, logger: logger)
        idempotencyKeys = IdempotencyKeys(client: engine.client, clock: engine.clock, logger: logger)
        live = LiveChanges(client: engine.client, logger: logger)
        // The templates ship inside the binary's resource bundle: failing to read them is a broken build.
        do {
            renderer = try PageRenderer()
        } catch {
            fatalError("the console's templates are missing from the build: \(error)")
        }
    }

    /// Every route; the OpenAPI document lists each of them (a test keeps the two in step).
    public func router(authenticationThrottle: AuthenticationThrottle = .init()) -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        let index = RouteIndex()
        router.add(middleware: SafeAnswerMiddleware())
        router.add(middleware: ProblemMiddleware(routes: index))
        addProbes(to: router)
        let authentication = AuthenticationMiddleware(
            desk: desk, timeout: requestTimeout, failures: AuthenticationFailures.Shared(throttle: authenticationThrottle))
        let v1 = router.group("v1").add(middleware: authentication)
            .group(context: SignedInContext.self)
            .add(middleware: IdempotencyMiddleware(keys: idempotencyKeys, staleAfter: requestTimeout))
        addRequestRoutes(to: v1)
        addTaskRoutes(to: v1)
        addOperatorRoutes(to: v1)
        addDirectoryRoutes(to: v1)
        addInboundMailRoutes(to: v1)
        addWebPages(to: router, renderer: renderer)
        index.record(router.routes)
        return router
    }

    /// The server on `host:port`; run it as a service beside the database client. `connections`
    /// bounds how long a client may take over a request head and sit idle; `authenticationThrottle`
    /// how often one address may fail to authenticate.
    public func application(
        host: String = "127.0.0.1",
        port: Int = 8080,
        connections: ConnectionLimits = .init(),
        authenticationThrottle: AuthenticationThrottle = .init()
    ) -> Application<RouterResponder<APIRequestContext>> {
        Application(
            router: router(authenticationThrottle: authenticationThrottle),
            server: server(connections),
            configuration: .init(address: .hostname(host, port: port), serverName: "steward"),
            logger: logger
        )
    }

    /// Only the unauthenticated probes and `/metrics`, for processes without the API (workers).
    public func probesApplication(
        host: String = "127.0.0.1",
        port: Int,
        connections: ConnectionLimits = .init()
    ) -> Application<RouterResponder<APIRequestContext>> {
        let router = Router(context: APIRequestContext.self)
        let index = RouteIndex()
        router.add(middleware: SafeAnswerMiddleware())
        router.add(middleware: ProblemMiddleware(routes: index))
        addProbes(to: router)
        index.record(router.routes)
        return Application(
            router: router,
            server: server(connections),
            configuration: .init(address: .hostname(host, port: port), serverName: "steward"),
            logger: logger
        )
    }

    /// HTTP/1.1 with every connection guarded (``ConnectionGuard``) and closed when idle.
    private func server(_ limits: ConnectionLimits) -> HTTPServerBuilder {
        let logger = logger
        return .http1(
            configuration: .init(
                additionalChannelHandlers: [ConnectionGuard(limits: limits, logger: logger)],
                idleTimeout: TimeAmount(limits.idleTimeout),
                httpDecoderConfiguration: .init(
                    maxHeaderFieldSize: ConnectionGuard.maxHeaderBytes,
                    maxHeaderListSize: ConnectionGuard.maxHeaderBytes,
                    maxHeaderFieldCount: ConnectionGuard.maxHeaderFields
                )
            )
        )
    }

    /// Registers `handler` for `method` on `path`, answering 503 when it outlasts ``requestTimeout``.
    func route<Context: RequestContext>(
        _ routes: some RouterMethods<Context>,
        _ method: HTTPRequest.Method,
        _ path: RouterPath,
        handler: @escaping @Sendable (Request, Context) async throws -> Response
    ) {
        let timeout = requestTimeout
        routes.on(path, method: method) { request, context in
            try await withDeadline(timeout) { try await handler(request, context) }
        }
    }
}
