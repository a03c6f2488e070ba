import StewardCore

extension AVDatabaseReleaseWorkflow {
    /// What moves an antivirus database release request.
    public enum Event: WorkflowEvent {
        /// The virus lab finds no release is needed (completes `analyse-sample`).
        case reject(reason: String)
        /// The virus lab asks for a release (completes `analyse-sample`).
        case approveRelease
        /// The release group shipped the urgent release `urgentReleaseID` (completes `prepare-release`).
        case release(urgentReleaseID: String)
        /// Timer `publish`, due at the release instant: tell the customer and wait for their confirmation.
        case publish
        /// The customer confirms the new databases fix the problem.
        case confirm
        /// Timer `auto-close`: the customer did not confirm in time.
        case autoCloseDue
        case cancel(reason: String)
    }
}
