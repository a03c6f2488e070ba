/// Which hosts webhooks may not reach unless the server is started with `--allow-private-webhooks`:
/// a customer's endpoint must not be a way into our own network.
public enum HostAddress {
    /// Loopback, private (RFC 1918, IPv6 unique-local), link-local and unspecified addresses, and
    /// `localhost`. A name is judged by its text here; a sender also judges the addresses it resolves to.
    public static func isPrivate(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: ["[", "]"])
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        if host.contains(":") {
            return host == "::1" || host == "::" || host.hasPrefix("fc") || host.hasPrefix("fd") || host.hasPrefix("fe80:")
                || host.hasPrefix("::ffff:") && isPrivate(String(host.dropFirst(7)))
        }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) }
        guard octets.count == 4, let first = octets[0], let second = octets[1], octets.allSatisfy({ $0 != nil }) else { return false }
        switch (first, second) {
        case (127, _), (10, _), (0, _), (169, 254), (192, 168): return true
        case (172, 16...31): return true
        case (100, 64...127): return true
        default: return false
        }
    }
}
