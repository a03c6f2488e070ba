import StewardCore

extension MSAPolicy {
    /// The four request types of the contract, configured by this policy.
    public func registry() -> WorkflowRegistry {
        WorkflowRegistry([
            AnyWorkflow(
                IncidentWorkflow(
                    policy: IncidentPolicy(
                        sla: sla,
                        autoCloseAfterBusinessDays: incidents.autoCloseAfterBusinessDays,
                        calendars: calendars
                    )
                )
            ),
            AnyWorkflow(PrivatePatchWorkflow(lifecycle: products)),
            AnyWorkflow(AVDatabaseReleaseWorkflow()),
            AnyWorkflow(HealthCheckWorkflow(calendars: calendars)),
        ])
    }
}
