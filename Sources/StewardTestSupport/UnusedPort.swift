import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A loopback port nothing listens on now: bound for a moment (close-on-exec, never listening,
/// so no program a test starts can inherit a live socket) and released.
public func unusedPort() throws -> Int {
    let (socket, port) = try boundLoopbackSocket()
    close(socket)
    return port
}

/// A loopback server that takes connections and never says a word: what a client sees of a
/// server that stopped answering mid-conversation (a restart, a failover, a frozen host).
public final class SilentServer: Sendable {
    public let port: Int
    private let socket: Int32

    public init() throws {
        (socket, port) = try boundLoopbackSocket()
        // The kernel completes connections into the backlog; nobody ever reads them.
        guard listen(socket, 64) == 0 else {
            close(socket)
            throw CocoaError(.fileReadUnknown)
        }
    }

    deinit { close(socket) }
}

/// A close-on-exec TCP socket bound to an ephemeral loopback port, and that port.
private func boundLoopbackSocket() throws -> (Int32, Int) {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    do {
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                guard bind(socket, raw, length) == 0, getsockname(socket, raw, &length) == 0 else { throw CocoaError(.fileReadUnknown) }
            }
        }
    } catch {
        close(socket)
        throw error
    }
    return (socket, Int(UInt16(bigEndian: address.sin_port)))
}
