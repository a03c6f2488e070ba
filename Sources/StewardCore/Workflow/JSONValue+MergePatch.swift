extension JSONValue {
    /// This value with `patch` applied as an RFC 7386 JSON merge patch: an object's members are
    /// merged key by key, null removes a member, anything else replaces the value.
    public func merging(_ patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var members: [String: JSONValue] = [:]
        if case .object(let current) = self { members = current }
        for (key, change) in changes {
            if change == .null {
                members.removeValue(forKey: key)
            } else {
                members[key] = (members[key] ?? .null).merging(change)
            }
        }
        return .object(members)
    }
}
