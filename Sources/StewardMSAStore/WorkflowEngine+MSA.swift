import Logging
import PostgresNIO
import StewardCore
import StewardMSA
import StewardPostgres

extension WorkflowEngine {
    /// The engine of the MSA contract: its four request types, TAM-or-duty-manager routing and
    /// health-check bookings filled in from the database.
    public static func msa(
        client: PostgresClient,
        policy: MSAPolicy,
        clock: any WallClock = SystemClock(),
        logger: Logger
    ) -> WorkflowEngine {
        WorkflowEngine(
            client: client,
            registry: policy.registry(),
            clock: clock,
            routing: NotificationRouter(calendars: policy.calendars, logger: logger),
            facts: MSAFacts(providers: [HealthCheckBookings(logger: logger), DailyReportDigests(logger: logger)]),
            logger: logger
        )
    }
}
