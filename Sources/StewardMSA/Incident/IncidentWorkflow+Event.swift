import Foundation
import StewardCore

extension IncidentWorkflow {
    /// Everything that happens to an incident: messages, staff actions, the customer, and timers.
    ///
    /// Stored in the history under ``name``; encoded as `{"respond": {"message": "…"}}`,
    /// `{"acknowledge": {}}`, `{"slaWarningDue": {"fraction": 0.5}}`.
    public enum Event: WorkflowEvent, Hashable {
        /// A customer-visible message written by staff; the first one is the first response.
        case respond(message: String)
        /// A note only staff see; never a response.
        case addInternalNote(text: String)
        /// The automatic acknowledgement of receipt went out; never a response.
        case acknowledge
        /// The incident was given to a staff member; never a response.
        case assign(to: String)
        /// Staff asked the customer for information; the incident waits for the customer.
        case requestInfo(message: String)
        /// The customer answered; the incident is worked again.
        case customerReplied(message: String)
        /// Staff resolved the incident; `summary` is what the customer is told.
        case resolve(summary: String)
        /// The customer confirmed the resolution.
        case confirm
        /// The resolution did not hold.
        case reopen(reason: String)
        /// The severity was changed; the first-response target is recomputed from the original receipt.
        case changeSeverity(to: Severity, reason: String)
        /// The request is withdrawn.
        case cancel(reason: String)
        /// Timer: `fraction` of the first-response time has passed.
        case slaWarningDue(fraction: Double)
        /// Timer: the first-response time has run out.
        case slaBreachDue
        /// Timer: a severity-1 incident's daily status report is due. `digest` is filled in from the
        /// database when it fires; the timer itself carries none.
        case dailyReportDue(digest: DailyDigest? = nil)
        /// Timer: a resolved incident's wait for confirmation is over.
        case autoCloseDue
        /// The TAM-or-duty-manager's daily report call is done; `notes` join the history.
        case dailyReportCallDone(notes: String)
    }
}
