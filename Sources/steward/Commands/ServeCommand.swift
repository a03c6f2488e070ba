import ArgumentParser
import Logging
import PostgresNIO
import ServiceLifecycle
import StewardHTTP
import StewardMSA
import StewardMSAStore
import StewardPostgres

struct APIOptions: ParsableArguments {
    @Option(help: "Address the API listens on; 0.0.0.0 to accept connections from other hosts.")
    var host = "127.0.0.1"

    @Option(help: "Port the API listens on.")
    var port = 8080

    @Option(help: "Seconds a request may take, database included, before it is answered 503 (retry it safely).")
    var requestTimeout = 15

    @Flag(help: "Let customers' webhook endpoints be loopback or private addresses (tests, a receiver on this host).")
    var allowPrivateWebhooks = false

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard requestTimeout >= 1 else { throw ValidationError("--request-timeout must be at least 1 second") }
    }

    /// The API server over `engine`, as a service.
    func service(engine: WorkflowEngine, policy: MSAPolicy, logger: Logger) -> any Service {
        APIServer(
            engine: engine,
            policy: policy,
            metrics: APIServer.bootstrapMetrics(),
            requestTimeout: .seconds(requestTimeout),
            allowsPrivateWebhooks: allowPrivateWebhooks,
            logger: logger
        ).application(host: host, port: port)
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Runs the HTTP API, the staff console (/console) and the customers' portal (/portal) until stopped.",
        discussion: """
            Customers file and follow requests, engineering groups work their queues, TAMs watch their \
            customers and operators repair stuck work: through the API with a bearer token from `steward token \
            create`, or in a browser at /console and /portal, signed in with a token or a one-time link from \
            `steward sign-in link`. GET /openapi.yaml describes every API route; /healthz, /readyz and /metrics \
            need no token. Run as many as needed behind a load balancer: sessions live in the database, so any \
            server serves any browser. Behind a TLS proxy, have it send X-Forwarded-Proto: https so session \
            cookies are marked Secure.
            """
    )

    @OptionGroup var api: APIOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.makeLogger("steward.serve")
        let policy = try policy.load()
        let url = try await database.requireMigrated(logger: logger)
        let client = PostgresClient(configuration: url.clientConfiguration(), backgroundLogger: logger)
        let engine = WorkflowEngine.msa(client: client, policy: policy, logger: logger)
        let services: [any Service] = [client, api.service(engine: engine, policy: policy, logger: logger)]
        print(
            "Steward listens on http://\(api.host):\(api.port): the API (GET /openapi.yaml describes it), the console at /console, the portal at /portal"
        )
        // In-flight requests get as long to finish as any request may take.
        try await runUntilSignalled(services, gracePeriod: .seconds(api.requestTimeout), logger: logger)
    }
}
