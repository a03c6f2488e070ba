import Foundation

/// Turns the bytes of a text part or header into a `String` by its declared charset.
///
/// Mail in the wild mislabels charsets, so decoding never fails: the declared charset first,
/// then UTF-8, then ISO-8859-1 (which maps every byte), so no body is ever dropped.
enum Charset {
    static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        if let encoding = charset.flatMap(encoding(named:)), encoding != .utf8,
            let text = String(bytes: bytes, encoding: encoding)
        {
            return text
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return text
        }
        return latin1(bytes)
    }

    /// ISO-8859-1: byte n is code point n, so this cannot fail.
    static func latin1(_ bytes: some Collection<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: bytes.lazy.map { Unicode.Scalar($0) })
        return String(scalars)
    }

    /// The Foundation encoding for an IANA charset name, or nil when Foundation has none.
    ///
    /// Encodings without a named `String.Encoding` case are reached through their CoreFoundation
    /// number (`0x8000_0000 | CFStringEncoding`), which works the same on Linux and macOS.
    static func encoding(named name: String) -> String.Encoding? {
        var key = name.lowercased().trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"'")))
        key = key.replacingOccurrences(of: "_", with: "-")
        if key.hasPrefix("iso8859") { key = "iso-8859" + key.dropFirst("iso8859".count) }
        switch key {
        case "utf-8", "utf8", "us-ascii", "ascii", "ansi-x3.4-1968": return .utf8
        case "iso-8859-1", "latin1", "iso-latin-1", "l1": return .isoLatin1
        case "iso-8859-2", "latin2": return .isoLatin2
        case "latin9", "iso-8859-15": return coreFoundation(0x020F)
        case "windows-1250", "cp1250": return .windowsCP1250
        case "windows-1251", "cp1251": return .windowsCP1251
        case "windows-1252", "cp1252": return .windowsCP1252
        case "utf-16": return .utf16
        case "utf-16be": return .utf16BigEndian
        case "utf-16le": return .utf16LittleEndian
        case "koi8-r": return coreFoundation(0x0A02)
        default: break
        }
        if key.hasPrefix("iso-8859-"), let part = Int(key.dropFirst("iso-8859-".count)), (1...16).contains(part), part != 12 {
            return coreFoundation(0x0200 + UInt(part))
        }
        if key.hasPrefix("windows-"), let page = Int(key.dropFirst("windows-".count)), (1253...1258).contains(page) {
            return coreFoundation(0x0503 + UInt(page - 1253))
        }
        return nil
    }

    private static func coreFoundation(_ number: UInt) -> String.Encoding {
        String.Encoding(rawValue: 0x8000_0000 | number)
    }
}
