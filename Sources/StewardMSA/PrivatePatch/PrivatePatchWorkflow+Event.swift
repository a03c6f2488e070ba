import StewardCore

extension PrivatePatchWorkflow {
    /// What moves a private patch request.
    public enum Event: WorkflowEvent {
        /// The engineering group hands `build` to QA (completes `build-patch`).
        case submitForQA(build: String)
        /// QA found problems; the patch goes back to development with `notes`.
        case qaFailed(notes: String)
        /// QA verified the build; the customer is asked to accept the licence.
        case qaPassed
        /// Timer `licence-reminder`: remind the customer's contacts to accept the licence.
        case licenseReminderDue
        /// The customer accepts the private-patch licence.
        case acceptLicense
        /// The engineering group delivers the patch as `artifact` (a download reference); needs the licence accepted.
        case deliver(artifact: String)
        /// The customer confirms the delivered patch.
        case confirm
        /// Timer `auto-close`: the customer did not confirm in time.
        case autoCloseDue
        case cancel(reason: String)
    }
}
