import Logging
import Synchronization

/// Keeps every log line (message and metadata) so a test can check what was, and was not, logged.
public struct RecordingLogHandler: LogHandler {
    public final class Lines: Sendable {
        let lines = Mutex<[String]>([])

        public init() {}

        public var all: [String] { lines.withLock { $0 } }
    }

    let recorded: Lines
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init(recorded: Lines) {
        self.recorded = recorded
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        recorded.lines.withLock { $0.append("\(event.level) \(event.message) \(merged)") }
    }

    /// A logger at trace level and the lines it records.
    public static func logger(label: String = "steward.test") -> (Logger, Lines) {
        let lines = Lines()
        return (Logger(label: label) { _ in RecordingLogHandler(recorded: lines) }, lines)
    }
}
