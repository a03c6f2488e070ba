import Foundation
import StewardCore

extension HealthCheckWorkflow.State {
    /// The checklist delivered with the health check's report; nil before it is delivered.
    public var checklist: [HealthCheckWorkflow.ChecklistItem]? {
        switch self {
        case .delivered(_, _, let checklist), .closed(_, _, let checklist): checklist
        case .scheduling, .scheduled, .inProgress, .reporting, .cancelled: nil
        }
    }
}

extension HealthCheckWorkflow {
    /// The checklist as the customer downloads it: one finding per row, most severe first, in a
    /// file named after the request (`MSA-2026-000012-checklist.csv`).
    public static func checklistFile(_ checklist: [ChecklistItem], of request: String) -> CSVTable {
        let order: [ChecklistItem.Severity] = [.critical, .high, .medium, .low]
        let rows = checklist.enumerated().sorted { left, right in
            let (l, r) = (order.firstIndex(of: left.element.severity)!, order.firstIndex(of: right.element.severity)!)
            return l != r ? l < r : left.offset < right.offset
        }.map { [$0.element.severity.rawValue, $0.element.finding, $0.element.recommendation] }
        return CSVTable(name: "\(request)-checklist.csv", header: ["severity", "finding", "recommendation"], rows: rows)
    }
}
