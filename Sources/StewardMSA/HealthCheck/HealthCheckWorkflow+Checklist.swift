extension HealthCheckWorkflow {
    /// One line of a health check's report: what was found, how bad it is, what to do.
    public struct ChecklistItem: Codable, Sendable, Hashable {
        public enum Severity: String, Codable, Sendable, Hashable, CaseIterable {
            case low, medium, high, critical
        }

        public var finding: String
        public var severity: Severity
        public var recommendation: String

        public init(finding: String, severity: Severity, recommendation: String) {
            self.finding = finding
            self.severity = severity
            self.recommendation = recommendation
        }
    }
}
