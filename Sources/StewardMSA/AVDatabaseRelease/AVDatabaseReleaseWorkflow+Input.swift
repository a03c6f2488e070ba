extension AVDatabaseReleaseWorkflow {
    /// What a customer's contact supplies to ask for an antivirus database release.
    public struct Input: Codable, Sendable, Hashable {
        public var kind: Kind
        /// Where the virus lab finds the sample (an upload id, a hash, a link); must not be empty.
        public var sampleReference: String
        /// What the customer saw, for the virus lab.
        public var description: String

        public init(kind: Kind, sampleReference: String, description: String) {
            self.kind = kind
            self.sampleReference = sampleReference
            self.description = description
        }
    }

    /// Why a database release is asked for.
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        /// A clean file is detected as malicious.
        case falsePositive
        /// Malware the current databases do not detect.
        case missedDetection
        case other
    }
}
