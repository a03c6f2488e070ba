import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs PostgreSQL's own programs (initdb, pg_ctl, pgbench), as the `postgres` system user when we are root.
public enum Command {
    /// Whether this process runs as root, where PostgreSQL refuses to run.
    public static var isRoot: Bool { getuid() == 0 }

    /// Runs `executable` with `arguments`, returning its output, or throws with the output's tail when it fails.
    @discardableResult
    public static func run(
        _ executable: String,
        _ arguments: [String],
        asPostgresUser: Bool = false,
        environment: [String: String] = [:]
    ) throws(CommandError) -> String {
        var launch = executable
        var launchArguments = arguments
        if asPostgresUser && isRoot {
            launch = try locateRunuser()
            launchArguments = ["-u", "postgres", "--"] + [executable] + arguments
        }
        // A file, not a pipe: a server started in the background may keep inherited pipes open.
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("steward-command-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let status = try spawnAndWait(launch, launchArguments, environment: environment, outputPath: outputPath)
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw CommandError(command: ([executable] + arguments).joined(separator: " "), status: status, output: text)
        }
        return text
    }

    /// posix_spawn and waitpid: Foundation's Process can miss the exit of a child it did not reap
    /// itself (seen with runuser), and these few lines have no such surprise.
    private static func spawnAndWait(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String],
        outputPath: String
    ) throws(CommandError) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        // The child starts with no blocked signals and default handlers: the Swift runtime's threads
        // block some, and pgbench's -T timer (SIGALRM) never fires when inherited blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw CommandError(
                command: ([executable] + arguments).joined(separator: " "),
                status: -1,
                output: "cannot start: \(String(cString: strerror(spawned)))"
            )
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Hands `path` to the `postgres` user when we are root, so the server may write there.
    public static func giveToPostgresUser(_ path: String) throws(CommandError) {
        guard isRoot else { return }
        guard let entry = getpwnam("postgres") else {
            throw CommandError(
                command: "chown postgres \(path)",
                status: -1,
                output:
                    "running as root needs the 'postgres' system user; install PostgreSQL (apt-get install postgresql) or run as another user"
            )
        }
        guard chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
            throw CommandError(command: "chown postgres \(path)", status: errno, output: String(cString: strerror(errno)))
        }
    }

    private static func locateRunuser() throws(CommandError) -> String {
        for candidate in ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw CommandError(command: "runuser", status: -1, output: "runuser not found: it is needed to start PostgreSQL as root")
    }
}

/// A program that failed; carries the end of what it printed.
public struct CommandError: Error, Sendable, CustomStringConvertible {
    public var command: String
    public var status: Int32
    public var output: String

    public var description: String {
        let tail = output.split(separator: "\n", omittingEmptySubsequences: true).suffix(12).joined(separator: "\n")
        return "'\(command)' failed (exit \(status)):\n\(tail)"
    }
}
