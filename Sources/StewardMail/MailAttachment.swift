/// A file sent with a message, decoded.
public struct MailAttachment: Sendable, Hashable {
    /// The file's name, without any directory a sender put in front of it ("../../x" arrives as "x").
    public var filename: String
    /// The MIME type without parameters, lowercased: "application/pdf".
    public var contentType: String
    public var data: [UInt8]

    public init(filename: String, contentType: String, data: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}
