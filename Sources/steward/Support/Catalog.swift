import StewardCore
import StewardMSA

/// The request types this build of Steward runs, configured by the loaded policy.
enum Catalog {
    static func registry(_ policy: MSAPolicy) -> WorkflowRegistry {
        WorkflowRegistry([
            AnyWorkflow(
                IncidentWorkflow(
                    policy: IncidentPolicy(
                        sla: policy.sla,
                        autoCloseAfterBusinessDays: policy.incidents.autoCloseAfterBusinessDays,
                        calendars: policy.calendars
                    )
                )
            ),
            AnyWorkflow(PrivatePatchWorkflow(lifecycle: policy.products)),
            AnyWorkflow(AVDatabaseReleaseWorkflow()),
            AnyWorkflow(HealthCheckWorkflow(calendars: policy.calendars)),
        ])
    }
}
