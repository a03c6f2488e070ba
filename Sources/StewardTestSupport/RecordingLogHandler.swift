import Logging
import Synchronization

/// Keeps every log line (message and metadata) so a test can check what was, and was not, logged.
struct RecordingLogHandler: LogHandler {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])

        var all: [String] { lines.withLock { $0 } }
    }

    let recorded: Lines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        recorded.lines.withLock { $0.append("\(event.level) \(event.message) \(merged)") }
    }

    /// A logger at trace level and the lines it records.
    static func logger() -> (Logger, Lines) {
        let lines = Lines()
        return (Logger(label: "steward.smtp.test") { _ in RecordingLogHandler(recorded: lines) }, lines)
    }
}
