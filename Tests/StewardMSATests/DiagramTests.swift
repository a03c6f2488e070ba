import Foundation
import StewardMSA
import Testing

@Suite struct DiagramTests {
    static let workflows = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("workflows")

    @Test(arguments: RequestTypes.diagrams.map(\.type))
    func theCommittedDiagramMatchesTheCode(type: String) throws {
        let (_, title, diagram) = try #require(RequestTypes.diagrams.first { $0.type == type })
        let committed = try? String(contentsOf: Self.workflows.appendingPathComponent("\(type).mmd"), encoding: .utf8)
        #expect(
            committed == diagram.mermaid(title: title),
            "workflows/\(type).mmd is stale or missing: run `swift run steward workflows diagram` and commit it"
        )
    }
}
