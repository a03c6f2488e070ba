import Foundation
import StewardCore

/// An antivirus database release on request: the virus lab analyses the sample, the release group
/// ships an urgent release, and the customer confirms.
///
/// ```
/// requested ─start─► analysis ─reject─► rejected
///                             └approveRelease─► release_preparation ─release─► released
///   ─publish─► awaiting_confirmation ─confirm | autoCloseDue─► closed
/// ```
/// The contract makes these releases urgent for MSA Enterprise, so both tasks get the configured
/// urgent priority, and the TAM (or the duty manager) is notified at every step, cancellation
/// included, each with its own template and dedup key.
public struct AVDatabaseReleaseWorkflow: DeclaredWorkflow {
    public static let type = "av-database-release"
    /// The group that analyses samples.
    public static let virusLabGroup = "virus-lab"
    /// The group that prepares and ships releases.
    public static let releaseGroup = "av-release"

    public let version = 1
    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Hands the sample to the virus lab (`analysis`) and tells the TAM; a blank sample reference is refused.
    public func start(_ input: Input, context: WorkflowContext) throws(TransitionError) -> Transition<State, Event> {
        var request = input
        request.sampleReference = input.sampleReference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !request.sampleReference.isEmpty else {
            throw TransitionError(
                code: .ruleViolated,
                workflowType: Self.type,
                reason: "sampleReference is empty; say where the virus lab finds the sample (an upload id, a hash or a link)",
                field: "sampleReference"
            )
        }
        return Transition(
            to: .analysis(request: request),
            effects: [
                .createTask(
                    TaskSpec(
                        name: "analyse-sample",
                        group: Self.virusLabGroup,
                        title: "Analyse sample \(request.sampleReference) (\(request.kind.rawValue)): \(request.description)",
                        priority: configuration.taskPriority
                    )
                ),
                tamNotice("requested", request),
            ]
        )
    }

    public func decide(
        _ state: State, on event: Event, context: WorkflowContext
    ) throws(TransitionError)
        -> Transition<State, Event>
    {
        try Self.checkDeclared(event, in: state)
        switch (state, event) {
        case (.analysis(let request), .reject(let reason)):
            let reason = try Self.required(
                reason, field: "reason", what: "why no release is needed, for the customer", in: state, on: event)
            return Transition(
                to: .rejected(request: request, reason: reason),
                effects: [
                    .cancelTask(name: "analyse-sample"),
                    .notify(
                        Notification(
                            to: .customerContacts,
                            template: "av-release-rejected",
                            fields: fields(request, ["reason": reason]),
                            dedupKey: "customer-rejected"
                        )
                    ),
                    tamNotice("rejected", request, ["reason": reason]),
                ]
            )
        case (.analysis(let request), .approveRelease):
            return Transition(
                to: .releasePreparation(request: request),
                effects: [
                    .cancelTask(name: "analyse-sample"),
                    .createTask(
                        TaskSpec(
                            name: "prepare-release",
                            group: Self.releaseGroup,
                            title: "Prepare an urgent database release for sample \(request.sampleReference) (\(request.kind.rawValue))",
                            priority: configuration.taskPriority
                        )
                    ),
                    tamNotice("approved", request),
                ]
            )
        case (.releasePreparation(let request), .release(let urgentReleaseID)):
            let id = try Self.required(
                urgentReleaseID, field: "urgentReleaseID", what: "the id of the urgent release shipped", in: state, on: event)
            return Transition(
                to: .released(request: request, urgentReleaseID: id),
                effects: [
                    .cancelTask(name: "prepare-release"),
                    tamNotice("released", request, ["urgentReleaseID": id]),
                    .scheduleTimer(name: "publish", at: context.now, event: .publish),
                ]
            )
        case (.released(let request, let id), .publish):
            let fields = fields(request, ["urgentReleaseID": id])
            return Transition(
                to: .awaitingConfirmation(request: request, urgentReleaseID: id),
                effects: [
                    .cancelTimer(name: "publish"),
                    .notify(
                        Notification(
                            to: .customerContacts,
                            template: "av-release-published",
                            fields: fields,
                            dedupKey: "customer-published"
                        )
                    ),
                    tamNotice("published", request, ["urgentReleaseID": id]),
                    .scheduleTimer(name: "auto-close", at: context.now.adding(configuration.autoCloseAfter), event: .autoCloseDue),
                ]
            )
        case (.awaitingConfirmation(let request, let id), .confirm):
            return Transition(
                to: .closed(request: request, urgentReleaseID: id),
                effects: [.cancelTimer(name: "auto-close"), tamNotice("closed", request, ["urgentReleaseID": id, "closedBy": "customer"])]
            )
        case (.awaitingConfirmation(let request, let id), .autoCloseDue):
            return Transition(
                to: .closed(request: request, urgentReleaseID: id),
                effects: [tamNotice("closed", request, ["urgentReleaseID": id, "closedBy": "auto-close"])]
            )
        case (_, .cancel(let reason)):
            _ = try Self.required(reason, field: "reason", what: "why the request is withdrawn, for the history", in: state, on: event)
            var effects: [Effect<Event>] = []
            if let request = state.request {
                effects.append(tamNotice("cancelled", request, ["reason": reason, "cancelledIn": state.name]))
            }
            return Transition(to: .cancelled(reason: reason), effects: effects)
        default:
            // Every pair the table declares has a case above, and any other was refused first; this
            // catches a row added to the table before its decision.
            throw Self.refusal(of: event, in: state)
        }
    }

    public func mover(of state: State) -> Mover {
        switch state {
        case .analysis: .group(Self.virusLabGroup)
        case .releasePreparation: .group(Self.releaseGroup)
        case .released: .system
        case .awaitingConfirmation: .customer
        case .rejected, .closed, .cancelled: .nobody
        }
    }

    /// The TAM's notice of one step: template `av-release-<step>`, dedup key `tam-<step>`
    /// (every step happens at most once per workflow).
    private func tamNotice(_ step: String, _ request: Input, _ extra: [String: String] = [:]) -> Effect<Event> {
        .notify(
            Notification(
                to: .tamOrDutyManager,
                template: "av-release-\(step)",
                fields: fields(request, extra),
                dedupKey: "tam-\(step)"
            )
        )
    }

    private func fields(_ request: Input, _ extra: [String: String]) -> [String: String] {
        ["kind": request.kind.rawValue, "sampleReference": request.sampleReference].merging(extra) { _, new in new }
    }
}

extension AVDatabaseReleaseWorkflow.State {
    /// The request a non-cancelled state carries.
    fileprivate var request: AVDatabaseReleaseWorkflow.Input? {
        switch self {
        case .analysis(let request), .releasePreparation(let request), .rejected(let request, _),
            .released(let request, _), .awaitingConfirmation(let request, _), .closed(let request, _):
            request
        case .cancelled: nil
        }
    }
}
