import StewardCore

extension ProductLifecycle {
    /// Whether a private patch may be built: eligible until an end-of-support date, or rejected and why.
    public enum Eligibility: Sendable, Hashable {
        case eligible(endOfSupport: LocalDate)
        case rejected(Ineligibility)

        public var isEligible: Bool {
            if case .eligible = self { true } else { false }
        }
    }

    /// Why a product version is outside the support lifecycle; `description` says it in the contract's words.
    public enum Ineligibility: Sendable, Hashable, CustomStringConvertible {
        /// The product is not in the lifecycle table at all.
        case unknownProduct(product: String, known: [String])
        /// The product is known but this version of it is not.
        case unknownVersion(product: String, version: String, known: [String])
        /// The version's support ended: `on` was its last supported day.
        case supportEnded(product: String, version: String, on: LocalDate)

        public var description: String {
            switch self {
            case .unknownProduct(let product, let known):
                "'\(product)' is not a product in the support lifecycle (known products: \(Self.list(known))); "
                    + "private patches are built only for the products listed there"
            case .unknownVersion(let product, let version, let known):
                "\(product) has no version '\(version)' in the support lifecycle (known versions: \(Self.list(known))); "
                    + "file the request for one of those"
            case .supportEnded(let product, let version, let date):
                "support for \(product) \(version) ended on \(date); private patches are built only for supported "
                    + "versions, so upgrade to a supported version and file the request for it"
            }
        }

        private static func list(_ names: [String]) -> String {
            names.isEmpty ? "none" : names.joined(separator: ", ")
        }
    }
}
