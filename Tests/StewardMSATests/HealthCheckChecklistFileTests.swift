import Foundation
import Testing

@testable import StewardMSA

/// The checklist a customer downloads from the portal once the health check's report is delivered.
@Suite struct HealthCheckChecklistFileTests {
    @Test func theChecklistIsOneFindingPerRowMostSevereFirstQuotedAsCSVQuotes() {
        let file = HealthCheckWorkflow.checklistFile(
            [
                .init(finding: "Signatures a day old", severity: .medium, recommendation: "Update hourly"),
                .init(finding: "Real-time scan off on \"FS1\", FS2", severity: .critical, recommendation: "Turn it on"),
                .init(finding: "Old console", severity: .medium, recommendation: "Upgrade"),
            ],
            of: "MSA-2026-000012")
        #expect(file.name == "MSA-2026-000012-checklist.csv")
        #expect(
            file.text
                == "severity,finding,recommendation\r\n"
                + "critical,\"Real-time scan off on \"\"FS1\"\", FS2\",Turn it on\r\n"
                + "medium,Signatures a day old,Update hourly\r\n"
                + "medium,Old console,Upgrade\r\n")
    }

    @Test func aCancelledHealthCheckHasNoChecklist() {
        #expect(HealthCheckWorkflow.State.cancelled(reason: "moved").checklist == nil)
    }
}
