import Foundation

/// A real SMTP server for one test: `scripts/smtp-test-server` (aiosmtpd) on a free loopback port, with
/// its own certificates and mail directory, stopped and removed when the test ends, passed or failed.
public struct SMTPTestServer: Sendable {
    public enum TLS: Sendable {
        case none
        case startTLS
        case implicit
    }

    /// The script's switches, in Swift.
    public struct Options: Sendable {
        public var tls: TLS = .startTLS
        public var requireStartTLS = false
        public var authentication: (user: String, password: String)?
        /// Mechanisms to offer; empty offers both PLAIN and LOGIN.
        public var authenticationMechanisms: [String] = []
        public var rejectedRecipients: [String] = []
        public var temporaryFailures = 0
        public var sizeLimit: Int?
        /// The names in the server's certificate.
        public var certificateNames = "DNS:localhost,IP:127.0.0.1"

        public init(
            tls: TLS = .startTLS, requireStartTLS: Bool = false, authentication: (user: String, password: String)? = nil,
            authenticationMechanisms: [String] = [], rejectedRecipients: [String] = [], temporaryFailures: Int = 0, sizeLimit: Int? = nil,
            certificateNames: String = "DNS:localhost,IP:127.0.0.1"
        ) {
            self.tls = tls
            self.requireStartTLS = requireStartTLS
            self.authentication = authentication
            self.authenticationMechanisms = authenticationMechanisms
            self.rejectedRecipients = rejectedRecipients
            self.temporaryFailures = temporaryFailures
            self.sizeLimit = sizeLimit
            self.certificateNames = certificateNames
        }
    }

    /// What the server recorded for one accepted message.
    public struct ReceivedMessage: Sendable {
        public struct Envelope: Decodable, Sendable {
            public var sender: String
            public var recipients: [String]
            public var tls: Bool
            public var user: String?
        }

        public var envelope: Envelope
        public var content: [UInt8]
    }

    public let port: Int
    public let certificates: TestCertificates
    public let mailDirectory: URL

    /// Where the repository's scripts are, from this file's place in Tests/StewardSMTPTests/Support.
    public static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/smtp-test-server").path

    /// Starts a server, runs `body`, and stops the server and removes its files however `body` ends.
    public static func run<Result>(_ options: Options = Options(), _ body: (SMTPTestServer) async throws -> Result) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("steward-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let unstarted = SMTPTestServer(
            port: 0,
            certificates: try await TestCertificates.make(in: directory, names: options.certificateNames),
            mailDirectory: directory.appendingPathComponent("mail")
        )
        let (child, standardInput, port) = try await unstarted.start(options, logDirectory: directory)
        let server = SMTPTestServer(port: port, certificates: unstarted.certificates, mailDirectory: unstarted.mailDirectory)
        do {
            let result = try await body(server)
            try? standardInput.fileHandleForWriting.close()
            await child.stop()
            return result
        } catch {
            try? standardInput.fileHandleForWriting.close()
            await child.stop()
            throw error
        }
    }

    /// The messages the server accepted, oldest first.
    public func receivedMessages() throws -> [ReceivedMessage] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: mailDirectory.path)) ?? []
        let numbers = names.filter { $0.hasSuffix(".json") }.compactMap { Int($0.dropLast(".json".count)) }.sorted()
        return try numbers.map { number in
            let json = try Data(contentsOf: mailDirectory.appendingPathComponent("\(number).json"))
            let content = try Data(contentsOf: mailDirectory.appendingPathComponent("\(number).eml"))
            return ReceivedMessage(envelope: try JSONDecoder().decode(ReceivedMessage.Envelope.self, from: json), content: Array(content))
        }
    }

    /// A port nothing listens on right now: bound to port 0, read, released. Another process could take it
    /// in between, which on a test machine does not happen in practice.
    private func start(_ options: Options, logDirectory: URL) async throws -> (ChildProcess, Pipe, Int) {
        var arguments = [Self.script, "--port", "0", "--maildir", mailDirectory.path]
        switch options.tls {
        case .none: break
        case .startTLS: arguments += ["--tls-cert", certificates.serverCertificate, "--tls-key", certificates.serverKey]
        case .implicit: arguments += ["--tls-cert", certificates.serverCertificate, "--tls-key", certificates.serverKey, "--implicit-tls"]
        }
        if options.requireStartTLS { arguments.append("--require-starttls") }
        if let authentication = options.authentication {
            arguments += ["--auth-user", authentication.user, "--auth-password", authentication.password]
        }
        arguments += options.authenticationMechanisms.flatMap { ["--auth-mechanism", $0] }
        arguments += options.rejectedRecipients.flatMap { ["--reject-recipient", $0] }
        if options.temporaryFailures > 0 { arguments += ["--tempfail-first", "\(options.temporaryFailures)"] }
        if let sizeLimit = options.sizeLimit { arguments += ["--size-limit", "\(sizeLimit)"] }

        let errorLog = logDirectory.appendingPathComponent("server.stderr")
        guard FileManager.default.createFile(atPath: errorLog.path, contents: nil) else {
            throw HarnessError("cannot create \(errorLog.path)")
        }
        let standardError = try FileHandle(forWritingTo: errorLog)
        defer { try? standardError.close() }
        // The server stops when this pipe closes, so it cannot outlive a test process that crashes.
        let standardInput = Pipe.closedOnExec()
        let standardOutput = Pipe.closedOnExec()
        let (output, outputEnded) = AsyncStream<Data>.makeStream()
        standardOutput.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                outputEnded.finish()
            } else {
                outputEnded.yield(data)
            }
        }
        defer { standardOutput.fileHandleForReading.readabilityHandler = nil }
        let child = try ChildProcess(
            "/usr/bin/env",
            ["python3"] + arguments,
            standardInput: standardInput,
            standardOutput: standardOutput,
            standardError: standardError,
            // Another test's program may hold this pipe's other end too, so its end of file can come late.
            onExit: { outputEnded.finish() }
        )
        let ready = await Self.waitForReady(output, deadline: .seconds(30))
        outputEnded.finish()
        guard let ready else {
            try? standardInput.fileHandleForWriting.close()
            await child.stop()
            let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            if log.contains("aiosmtpd") && log.contains("pip install") {
                throw HarnessError("the SMTP tests need aiosmtpd: run `python3 -m pip install aiosmtpd==1.4.6` (.ci/run does). \(log)")
            }
            throw HarnessError(
                "scripts/smtp-test-server exited or did not print \"ready\" within 30 seconds (arguments: \(arguments)): \(log)")
        }
        return (child, standardInput, ready)
    }

    /// Reads the server's standard output until the line "ready PORT", its end, or the deadline;
    /// the port it listens on.
    private static func waitForReady(_ output: AsyncStream<Data>, deadline: Duration) async -> Int? {
        await withTaskGroup(of: Int?.self) { group in
            group.addTask {
                var seen = ""
                for await chunk in output {
                    seen += String(decoding: chunk, as: UTF8.self)
                    for line in seen.split(separator: "\n") where line.hasPrefix("ready ") {
                        if let port = Int(line.dropFirst("ready ".count)) { return port }
                    }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
