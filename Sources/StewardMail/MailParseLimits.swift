/// Bounds on what `InboundMessage.parse` accepts, so one hostile or runaway message cannot take a
/// worker's memory or time. The defaults fit what common mail providers accept.
public struct MailParseLimits: Sendable, Hashable {
    /// The whole message as received, in bytes.
    public var maxMessageBytes: Int
    /// One attachment after decoding, in bytes.
    public var maxAttachmentBytes: Int
    public var maxAttachments: Int
    /// How deep multiparts and attached messages may nest.
    public var maxPartsDepth: Int
    /// The header section of the message or of any part, in bytes.
    public var maxHeaderBytes: Int

    public init(
        maxMessageBytes: Int = 25 * 1_048_576,
        maxAttachmentBytes: Int = 10 * 1_048_576,
        maxAttachments: Int = 20,
        maxPartsDepth: Int = 10,
        maxHeaderBytes: Int = 256 * 1024
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.maxAttachmentBytes = maxAttachmentBytes
        self.maxAttachments = maxAttachments
        self.maxPartsDepth = maxPartsDepth
        self.maxHeaderBytes = maxHeaderBytes
    }
}
