import StewardCore

extension MSAPolicy {
    /// The four request types of the contract, configured by this policy, each telling its
    /// customer's contacts of its receipt and its moves (``CustomerUpdates``).
    public func registry() -> WorkflowRegistry {
        WorkflowRegistry([
            AnyWorkflow(
                CustomerUpdates(
                    IncidentWorkflow(
                        policy: IncidentPolicy(
                            sla: sla,
                            autoCloseAfterBusinessDays: incidents.autoCloseAfterBusinessDays,
                            calendars: calendars
                        )
                    )
                )
            ),
            AnyWorkflow(CustomerUpdates(PrivatePatchWorkflow(lifecycle: products))),
            AnyWorkflow(CustomerUpdates(AVDatabaseReleaseWorkflow())),
            AnyWorkflow(CustomerUpdates(HealthCheckWorkflow(calendars: calendars))),
        ])
    }
}
