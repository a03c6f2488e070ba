import Foundation
import StewardCore

/// A private patch: built by the enterprise engineering group for a version inside the product
/// support lifecycle, verified by QA, and delivered once the customer has accepted the licence.
///
/// ```
/// requested ─start─► rejected                                  (outside the lifecycle)
///           └start─► in_development ─submitForQA─► in_qa ─qaFailed─► in_development
///                                                       └qaPassed─► awaiting_license_acceptance
///   (licenseReminderDue every 3 days, acceptLicense) ─deliver─► delivered ─confirm | autoCloseDue─► closed
/// ```
/// The customer's contacts are told of a rejection, asked for the licence (and reminded) and told
/// of the delivery; the TAM or duty manager is told of a rejection and of the delivery.
public struct PrivatePatchWorkflow: DeclaredWorkflow {
    public static let type = "private-patch"
    /// The group that builds and delivers private patches.
    public static let engineeringGroup = "enterprise-engineering"
    /// The group that verifies a build.
    public static let qaGroup = "qa"

    public let version = 1
    public var lifecycle: ProductLifecycle
    public var configuration: Configuration

    public init(lifecycle: ProductLifecycle, configuration: Configuration = Configuration()) {
        self.lifecycle = lifecycle
        self.configuration = configuration
    }

    /// Checks the request against the lifecycle: `in_development` with a build task, or `rejected`.
    ///
    /// A product or version outside the lifecycle is not an error: the request is recorded as
    /// rejected with the reason, and the customer and the TAM are told. A blank field is refused.
    public func start(_ input: Input, context: WorkflowContext) throws(TransitionError) -> Transition<State, Event> {
        let product = try Self.required(input.product, field: "product", what: "the product as named in the support lifecycle")
        let version = try Self.required(input.version, field: "version", what: "the installed version of \(product)")
        let description = try Self.required(input.description, field: "description", what: "what the patch must fix")
        let requestedOn = input.requestedOn ?? BusinessCalendar.roundTheClock.localDate(of: context.now)
        switch lifecycle.eligibility(product: product, version: version, on: requestedOn) {
        case .rejected(let why):
            let fields = ["product": product, "version": version, "reason": why.description]
            return Transition(
                to: .rejected(product: product, version: version, reason: why.description),
                effects: [
                    .notify(.customerContacts, "private-patch-rejected", fields, key: "customer-rejected"),
                    .notify(.tamOrDutyManager, "private-patch-rejected", fields, key: "tam-rejected"),
                ]
            )
        case .eligible(let endOfSupport):
            let request = Request(
                product: product,
                version: version,
                description: description,
                requestedOn: requestedOn,
                endOfSupport: endOfSupport
            )
            return Transition(
                to: .inDevelopment(request: request, round: 1, qaNotes: nil),
                effects: [.createTask(buildTask(request, round: 1, qaNotes: nil))]
            )
        }
    }

    public func decide(
        _ state: State, on event: Event, context: WorkflowContext
    ) throws(TransitionError)
        -> Transition<State, Event>
    {
        try Self.checkDeclared(event, in: state)
        switch (state, event) {
        case (.inDevelopment(let request, let round, _), .submitForQA(let build)):
            let build = try Self.required(build, field: "build", what: "the build QA should verify", in: state, on: event)
            return Transition(
                to: .inQA(request: request, round: round, build: build),
                effects: [
                    .cancelTask(name: "build-patch"),
                    .createTask(
                        TaskSpec(
                            name: "verify-patch",
                            group: Self.qaGroup,
                            title: "Verify private patch build \(build) for \(request.product) \(request.version)"
                        )
                    ),
                ]
            )
        case (.inQA(let request, let round, _), .qaFailed(let notes)):
            let notes = try Self.required(notes, field: "notes", what: "what QA found, for the engineering group", in: state, on: event)
            return Transition(
                to: .inDevelopment(request: request, round: round + 1, qaNotes: notes),
                effects: [.cancelTask(name: "verify-patch"), .createTask(buildTask(request, round: round + 1, qaNotes: notes))]
            )
        case (.inQA(let request, _, let build), .qaPassed):
            return Transition(
                to: .awaitingLicenseAcceptance(request: request, build: build, reminders: 0, license: nil),
                effects: [
                    .cancelTask(name: "verify-patch"),
                    .notify(
                        Notification(
                            to: .customerContacts,
                            template: "private-patch-license-requested",
                            fields: fields(request, ["build": build]),
                            dedupKey: "customer-license-requested"
                        )
                    ),
                    reminderTimer(after: context.now),
                ]
            )
        case (.awaitingLicenseAcceptance(let request, let build, let reminders, nil), .licenseReminderDue):
            let number = reminders + 1
            return Transition(
                to: .awaitingLicenseAcceptance(request: request, build: build, reminders: number, license: nil),
                effects: [
                    .notify(
                        Notification(
                            to: .customerContacts,
                            template: "private-patch-license-reminder",
                            fields: fields(request, ["build": build, "reminder": "\(number)"]),
                            dedupKey: "customer-license-reminder-\(number)"
                        )
                    ),
                    reminderTimer(after: context.now),
                ]
            )
        case (.awaitingLicenseAcceptance(let request, let build, let reminders, nil), .acceptLicense):
            let acceptance = LicenseAcceptance(acceptedBy: context.actor.description, acceptedAt: context.now)
            return Transition(
                to: .awaitingLicenseAcceptance(request: request, build: build, reminders: reminders, license: acceptance),
                effects: [
                    .cancelTimer(name: "licence-reminder"),
                    .createTask(
                        TaskSpec(
                            name: "deliver-patch",
                            group: Self.engineeringGroup,
                            title: "Deliver private patch build \(build) for \(request.product) \(request.version)"
                        )
                    ),
                ]
            )
        case (.awaitingLicenseAcceptance(_, _, _, .some(let license)), .acceptLicense):
            throw Self.ruleViolation(
                "the private-patch licence was already accepted by \(license.acceptedBy) at \(license.acceptedAt); "
                    + "nothing more is needed from the customer, the engineering group delivers next",
                field: "license",
                in: state,
                on: event
            )
        case (.awaitingLicenseAcceptance(let request, let build, _, let license), .deliver(let artifact)):
            guard license != nil else {
                throw Self.ruleViolation(
                    "the customer has not accepted the private-patch licence yet, and the contract allows delivery "
                        + "only after they have; wait for acceptLicense (the customer is reminded every "
                        + "\(Self.days(configuration.licenseReminderInterval)))",
                    field: "license",
                    in: state,
                    on: event
                )
            }
            let artifact = try Self.required(
                artifact, field: "artifact", what: "the reference the customer downloads the patch by", in: state, on: event)
            let fields = fields(request, ["build": build, "artifact": artifact])
            return Transition(
                to: .delivered(request: request, build: build, artifact: artifact),
                effects: [
                    .cancelTask(name: "deliver-patch"),
                    .notify(.customerContacts, "private-patch-delivered", fields, key: "customer-delivered"),
                    .notify(.tamOrDutyManager, "private-patch-delivered", fields, key: "tam-delivered"),
                    .scheduleTimer(name: "auto-close", at: context.now.adding(configuration.autoCloseAfter), event: .autoCloseDue),
                ]
            )
        case (.delivered(let request, _, let artifact), .confirm):
            return Transition(to: .closed(request: request, artifact: artifact), effects: [.cancelTimer(name: "auto-close")])
        case (.delivered(let request, _, let artifact), .autoCloseDue):
            return Transition(to: .closed(request: request, artifact: artifact))
        case (_, .cancel(let reason)):
            _ = try Self.required(reason, field: "reason", what: "why the request is withdrawn, for the history", in: state, on: event)
            return Transition(to: .cancelled(reason: reason))
        default:
            // Declared in the state but not in this case of it: a reminder after the licence was accepted.
            throw Self.refusal(of: event, in: state)
        }
    }

    public func mover(of state: State) -> Mover {
        switch state {
        case .inDevelopment: .group(Self.engineeringGroup)
        case .inQA: .group(Self.qaGroup)
        case .awaitingLicenseAcceptance(_, _, _, nil): .customer
        case .awaitingLicenseAcceptance: .group(Self.engineeringGroup)
        case .delivered: .customer
        case .rejected, .closed, .cancelled: .nobody
        }
    }

    private func buildTask(_ request: Request, round: Int, qaNotes: String?) -> TaskSpec {
        var title = "Build private patch for \(request.product) \(request.version): \(request.description)"
        if let qaNotes { title += " (round \(round), QA found: \(qaNotes))" }
        return TaskSpec(name: "build-patch", group: Self.engineeringGroup, title: title)
    }

    private func reminderTimer(after now: Date) -> Effect<Event> {
        .scheduleTimer(name: "licence-reminder", at: now.adding(configuration.licenseReminderInterval), event: .licenseReminderDue)
    }

    private func fields(_ request: Request, _ extra: [String: String]) -> [String: String] {
        ["product": request.product, "version": request.version].merging(extra) { _, new in new }
    }

    /// `3 days`, `day` or `36 hours`, for a reason's wording.
    private static func days(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        guard seconds % 86_400 == 0 else { return "\(seconds / 3_600) hours" }
        return seconds == 86_400 ? "day" : "\(seconds / 86_400) days"
    }
}
