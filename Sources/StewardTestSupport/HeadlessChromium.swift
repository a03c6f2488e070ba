import Foundation

/// Debian's Chromium, run headless on a page: a screenshot, or the DOM after the page loaded.
/// `scripts/install-test-servers` installs it; tests fail, saying so, where it is missing.
public enum HeadlessChromium {
    public static let executable = "/usr/bin/chromium"

    /// Where tests keep what a person may want to look at after a run: `.build/test-artefacts/`.
    public static let artefacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/test-artefacts", isDirectory: true)

    /// Takes a screenshot of `page` at `width`×`height` CSS pixels into `png`.
    public static func screenshot(of page: URL, to png: URL, width: Int, height: Int) async throws {
        try? FileManager.default.removeItem(at: png)
        _ = try await run(["--hide-scrollbars", "--window-size=\(width),\(height)", "--screenshot=\(png.path)", page.absoluteString])
        guard FileManager.default.fileExists(atPath: png.path) else { throw HarnessError("chromium wrote no screenshot of \(page.path)") }
    }

    /// The page's DOM once loaded, serialised.
    public static func dom(of page: URL) async throws -> String {
        try await run(["--dump-dom", page.absoluteString])
    }

    /// Runs Chromium with its own throwaway profile (tests run it side by side) and returns what it
    /// printed; its chatter on standard error goes to a log beside it.
    private static func run(_ arguments: [String]) async throws -> String {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw HarnessError("\(executable) is missing: run scripts/install-test-servers (as root), which installs Debian's chromium")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("steward-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outputFile = scratch.appendingPathComponent("stdout"), logFile = scratch.appendingPathComponent("stderr")
        guard FileManager.default.createFile(atPath: outputFile.path, contents: nil),
            FileManager.default.createFile(atPath: logFile.path, contents: nil)
        else { throw HarnessError("cannot create chromium's output files in \(scratch.path)") }
        let output = try FileHandle(forWritingTo: outputFile), log = try FileHandle(forWritingTo: logFile)
        defer {
            try? output.close()
            try? log.close()
        }
        let child = try ChildProcess(
            executable,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=\(scratch.appendingPathComponent("profile").path)",
            ]
                + arguments,
            standardOutput: output, standardError: log)
        let killer = Task {
            try await Task.sleep(for: .seconds(60))
            await child.stop()
        }
        let status = await child.exit.value
        killer.cancel()
        guard status == 0 else {
            throw HarnessError(
                "chromium \(arguments.joined(separator: " ")) exited with \(status): \((try? String(contentsOf: logFile, encoding: .utf8)) ?? "")"
            )
        }
        return (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    }
}
