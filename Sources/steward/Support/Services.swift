import Logging
import ServiceLifecycle

/// Runs `services` until SIGTERM or Ctrl-C, then gives them `gracePeriod` to finish what they hold.
/// Services stop in reverse order, so list the database client first: it stops last.
func runUntilSignalled(_ services: [any Service], gracePeriod: Duration, logger: Logger) async throws {
    var configuration = ServiceGroupConfiguration(
        services: services.map { .init(service: $0) },
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger
    )
    configuration.maximumGracefulShutdownDuration = gracePeriod
    try await ServiceGroup(configuration: configuration).run()
}
