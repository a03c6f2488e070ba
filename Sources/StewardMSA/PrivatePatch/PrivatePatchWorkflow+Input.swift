import StewardCore

extension PrivatePatchWorkflow {
    /// What a customer's contact supplies to request a private patch.
    public struct Input: Codable, Sendable, Hashable {
        /// The product as named in the support lifecycle, e.g. `endpoint-security`.
        public var product: String
        /// The installed version as named in the support lifecycle, e.g. `11.0`.
        public var version: String
        /// What the patch must fix, for the enterprise engineering group.
        public var description: String
        /// The customer's local date the request is filed on, which eligibility is judged on.
        ///
        /// The shell passes the date in the customer's time zone; when it is absent the UTC date of
        /// the context's `now` is used (which can be a day off near midnight for zones far from UTC).
        public var requestedOn: LocalDate?

        public init(product: String, version: String, description: String, requestedOn: LocalDate? = nil) {
            self.product = product
            self.version = version
            self.description = description
            self.requestedOn = requestedOn
        }
    }
}
