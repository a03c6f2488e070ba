import StewardCore

extension MSAPolicy {
    /// The four request types of the contract, configured by this policy, each telling its
    /// customer's contacts of its receipt and its moves (``CustomerUpdates``).
    public func registry() -> WorkflowRegistry {
        WorkflowRegistry([
            AnyWorkflow(CustomerUpdates(incidentWorkflow)),
            AnyWorkflow(CustomerUpdates(PrivatePatchWorkflow(lifecycle: products))),
            AnyWorkflow(CustomerUpdates(AVDatabaseReleaseWorkflow())),
            AnyWorkflow(CustomerUpdates(HealthCheckWorkflow(calendars: calendars))),
        ])
    }

    /// The incident request type as this policy configures it: what reports replay histories with.
    public var incidentWorkflow: IncidentWorkflow {
        IncidentWorkflow(
            policy: IncidentPolicy(
                sla: sla, autoCloseAfterBusinessDays: incidents.autoCloseAfterBusinessDays,
                receivedWithin: .seconds(86_400 * (incidents.receivedWithinDays ?? 7)), calendars: calendars)
        )
    }
}
