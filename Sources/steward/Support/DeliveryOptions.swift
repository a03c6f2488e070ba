import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import ServiceLifecycle
import StewardCore
import StewardMSA
import StewardMSAStore
import StewardMail
import StewardPostgres
import StewardRuntime
import StewardSMTP

/// How workers reach people: the SMTP relay (or the dev mailbox), the sender address, the
/// templates, and webhooks' timeout and retry horizon.
struct DeliveryOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The SMTP relay, smtp[s]://user:password@host:port?starttls=require|opportunistic|never (env STEWARD_SMTP_URL).",
            discussion: "Without it e-mail is kept in the database, for `steward mail list`, and never leaves the machine."
        )
    )
    var smtpURL: String?

    /// `--smtp-url`, else `STEWARD_SMTP_URL`.
    var relay: String? { smtpURL ?? ProcessInfo.processInfo.environment["STEWARD_SMTP_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    @Option(help: "The From of every e-mail, e.g. 'Acme AV Support <support@av.example>' (env STEWARD_MAIL_FROM).")
    var mailFrom: String = ProcessInfo.processInfo.environment["STEWARD_MAIL_FROM"] ?? "Steward <steward@steward.localhost>"

    @Option(help: "Seconds a webhook endpoint has to answer 2xx before the attempt counts as failed.")
    var webhookTimeout = 15

    @Option(help: "Hours a delivery that keeps failing is tried for before it is given up (dead, and shown by steward stuck).")
    var deliveryHorizon = 72

    func validate() throws {
        guard MailAddress.parse(mailFrom) != nil else {
            throw ValidationError("--mail-from '\(mailFrom)' is not an address; give one such as 'Support <support@av.example>'")
        }
        if let smtpURL = relay {
            do {
                _ = try SMTPServerConfiguration(url: smtpURL)
            } catch {
                throw ValidationError("--smtp-url: \(error)")
            }
        }
        guard (1...300).contains(webhookTimeout) else { throw ValidationError("--webhook-timeout must be between 1 and 300 seconds") }
        guard (1...720).contains(deliveryHorizon) else { throw ValidationError("--delivery-horizon must be between 1 and 720 hours") }
    }

    var schedule: DeliverySchedule { DeliverySchedule(horizon: .seconds(deliveryHorizon * 3_600)) }

    /// The sender of every channel, and the HTTP client it posts webhooks with (a service, so it
    /// shuts down after the workers). Its database calls are bounded by `callDeadline`.
    func sender(
        engine: WorkflowEngine, policy: MSAPolicy, templatesFolder: URL, allowsPrivateWebhooks: Bool, callDeadline: Duration,
        logger: Logger
    ) throws -> (sender: any NotificationSender, client: HTTPClientService) {
        let templates: NotificationTemplates
        do {
            templates = try NotificationTemplates(
                folder: templatesFolder, fields: NotificationKind.templateFields, commonFields: Set(NotificationKind.commonFields))
        } catch {
            throw ValidationError("the templates cannot be used: \(error)")
        }
        let addressBook = DirectoryAddressBook(
            client: engine.client, routing: NotificationRouter(calendars: policy.calendars, logger: logger), clock: engine.clock,
            callDeadline: callDeadline, logger: logger)
        let transport: any MailTransport
        if let smtpURL = relay {
            let configuration = try SMTPServerConfiguration(url: smtpURL)
            let from = MailAddress.parse(mailFrom)!
            transport = SMTPTransport(
                client: SMTPClient(configuration: configuration, heloName: MessageIDs.domain(of: from.address), logger: logger))
            logger.info("e-mail goes to the SMTP relay", metadata: ["steward.smtp": "\(configuration)"])
        } else {
            transport = CaptureMailbox(client: engine.client, clock: engine.clock, callDeadline: callDeadline, logger: logger)
            logger.notice("no --smtp-url: e-mail is kept in the database and never leaves this machine; read it with steward mail list")
        }
        let client = HTTPClientService(
            client: HTTPClient(
                eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow)))
        let email = EmailSender(
            transport: transport, templates: templates, addressBook: addressBook, from: MailAddress.parse(mailFrom)!, clock: engine.clock)
        let webhook = WebhookSender(
            client: client.client, addressBook: addressBook, clock: engine.clock,
            configuration: .init(timeout: .seconds(webhookTimeout), allowsPrivateAddresses: allowsPrivateWebhooks), logger: logger)
        return (NotificationDispatcher(email: email, webhook: webhook), client)
    }
}

/// Keeps the webhooks' HTTP client for the life of the process and shuts it down at the end.
struct HTTPClientService: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
