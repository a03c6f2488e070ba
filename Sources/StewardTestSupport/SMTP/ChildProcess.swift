import Foundation
import Synchronization

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
        let reported = ExitReport()
        process.terminationHandler = { process in
            reported.done.withLock { $0 = true }
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
        let processIdentifier = process.processIdentifier
        Task.detached { await watchForMissedExit(of: processIdentifier, unless: reported, reporting: continuation) }
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

/// Foundation can miss a child's exit when many are started at once (its termination handler never
/// runs, and an await of the exit would hang the test run). This notices a child that has ended, or
/// lingers as a zombie nobody reaps, and reports its exit in Foundation's place; the stream takes
/// the first report only.
private func watchForMissedExit(
    of processIdentifier: Int32, unless reported: ExitReport, reporting exits: AsyncStream<Int32>.Continuation
) async {
    var zombieChecks = 0
    while !reported.done.withLock({ $0 }) {
        try? await Task.sleep(for: .milliseconds(200))
        guard let stat = try? String(contentsOfFile: "/proc/\(processIdentifier)/stat", encoding: .utf8) else {
            // Reaped: by Foundation, whose handler reports, or by someone else; give the handler time.
            try? await Task.sleep(for: .seconds(10))
            exits.yield(-1)
            exits.finish()
            return
        }
        guard stat.split(separator: ")").last?.trimmingPrefix(" ").first == "Z" else {
            zombieChecks = 0
            continue
        }
        zombieChecks += 1
        guard zombieChecks >= 5 else { continue }
        var status: Int32 = 0
        let reaped = waitpid(processIdentifier, &status, WNOHANG)
        if reaped == processIdentifier {
            exits.yield((status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
            exits.finish()
            return
        }
    }
}

/// Whether Foundation reported a child's exit, so its watch can stop.
private final class ExitReport: Sendable {
    let done = Mutex(false)
}

/// A test harness problem, described for the person reading the test log.
public struct HarnessError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
