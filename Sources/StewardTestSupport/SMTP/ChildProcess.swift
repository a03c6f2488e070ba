import Foundation

/// A program run by a test, with its exit awaited instead of blocking a thread.
///
/// Nothing here reads a pipe to its end: a pipe created by one test can be inherited by a program another
/// test starts at the same moment, and then its end never comes. Output goes to files, and the pipes
/// that are needed are marked close-on-exec as soon as they exist.
public final class ChildProcess {
    public let process: Process
    /// Resolves with the exit status; any number of callers may await it (not cancellable: for a wait
    /// that a deadline may end, use `onExit`).
    public let exit: Task<Int32, Never>

    /// Starts `executable` with `arguments`; standard output and error go where given (a Pipe or FileHandle).
    /// `onExit` runs when it exits, on a thread of Foundation's.
    public init(
        _ executable: String,
        _ arguments: [String],
        standardInput: Pipe? = nil,
        standardOutput: Any,
        standardError: Any,
        onExit: (@Sendable () -> Void)? = nil
    ) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = standardInput ?? FileHandle.nullDevice
        process.standardOutput = standardOutput
        process.standardError = standardError
        let (exits, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            continuation.yield(process.terminationStatus)
            continuation.finish()
            onExit?()
        }
        self.process = process
        self.exit = Task {
            for await status in exits {
                return status
            }
            return -1
        }
        try process.run()
    }

    /// SIGTERM, then SIGKILL if the program has not exited within `grace`.
    public func stop(grace: Duration = .seconds(5)) async {
        guard process.isRunning else { return }
        process.terminate()
        let processIdentifier = process.processIdentifier
        let killer = Task {
            try await Task.sleep(for: grace)
            kill(processIdentifier, SIGKILL)
        }
        _ = await exit.value
        killer.cancel()
    }

    /// Runs a program to its end, its output going to `log`; throws with that output when it fails.
    public static func run(_ executable: String, _ arguments: [String], log: URL) async throws {
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw HarnessError("cannot create \(log.path)")
        }
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        let child = try ChildProcess(executable, arguments, standardOutput: output, standardError: output)
        let status = await child.exit.value
        guard status == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw HarnessError("\(executable) \(arguments.joined(separator: " ")) exited with \(status): \(text)")
        }
    }
}

extension Pipe {
    /// A pipe whose two ends are not inherited by programs started later (the child's own standard
    /// streams are copies, which stay open).
    public static func closedOnExec() -> Pipe {
        let pipe = Pipe()
        for descriptor in [pipe.fileHandleForReading.fileDescriptor, pipe.fileHandleForWriting.fileDescriptor] {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        return pipe
    }
}

/// A test harness problem, described for the person reading the test log.
public struct HarnessError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
