import Foundation
import StewardMail

/// The hand-written messages in `Corpus/`, shipped with the tests as resources.
enum Corpus {
    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "Corpus/\(name).eml is not in the test bundle; is `resources: [.copy(\"Corpus\")]` in Package.swift?" }
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "eml", subdirectory: "Corpus") else {
            throw Missing(name: name)
        }
        return Array(try Data(contentsOf: url))
    }

    static func message(_ name: String) throws -> InboundMessage {
        try InboundMessage.parse(bytes(name))
    }
}
