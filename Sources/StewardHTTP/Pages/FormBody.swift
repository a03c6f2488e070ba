import Foundation

/// An `application/x-www-form-urlencoded` body, as a browser posts a form: its fields in order,
/// repeated names kept.
struct FormBody: Sendable {
    var fields: [(name: String, value: String)]

    init() { fields = [] }

    /// Parses `body`; a field whose percent-encoding is broken is refused, naming it.
    init(_ body: String) throws(Problem) {
        var fields: [(name: String, value: String)] = []
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw Problem.badRequest("the form field '\(parts[0].prefix(40))' is not percent-encoded as a browser sends it")
            }
            fields.append((name, value))
        }
        self.fields = fields
    }

    /// The first value of `name`, if the form has it.
    subscript(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The form without the fields the page machinery adds (the CSRF token), as the service desk's
    /// form conversion takes it.
    var submitted: [(name: String, value: String)] {
        fields.filter { $0.name != WebSecurity.csrfField }
    }

    /// `+` is a space in a form, and `%XX` a byte of UTF-8.
    private static func decode(_ encoded: Substring) -> String? {
        encoded.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
