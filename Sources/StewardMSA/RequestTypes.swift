import StewardCore

/// The contract's four request types by name, with their diagrams: one list for the generated
/// Mermaid files and the test that keeps them current.
public enum RequestTypes {
    public static let diagrams: [(type: String, title: String, diagram: StateDiagram)] = [
        (IncidentWorkflow.type, "Incident", IncidentWorkflow.diagram),
        (PrivatePatchWorkflow.type, "Private patch", PrivatePatchWorkflow.diagram),
        (AVDatabaseReleaseWorkflow.type, "Antivirus database release", AVDatabaseReleaseWorkflow.diagram),
        (HealthCheckWorkflow.type, "Health check", HealthCheckWorkflow.diagram),
    ]
}
