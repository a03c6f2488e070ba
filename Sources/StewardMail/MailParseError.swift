/// Why a received message was refused; `reason` says what was wrong in words a person can act on.
public struct MailParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code for programs; `reason` is for people.
    public enum Code: String, Sendable, Hashable {
        case messageTooLarge = "message-too-large"
        case headerTooLarge = "header-too-large"
        case noHeaderSection = "no-header-section"
        case noSeparator = "no-separator"
        case noFrom = "no-from"
        case nestedTooDeep = "nested-too-deep"
        case tooManyAttachments = "too-many-attachments"
        case attachmentTooLarge = "attachment-too-large"
    }

    public var code: Code
    public var reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "the e-mail was refused: \(reason)" }
}
