/// `application/x-www-form-urlencoded` as browsers, curl and CKAN clients write it — in query
/// strings and form bodies alike: pairs split on `&` and the first `=`, `+` for a space, then
/// percent-decoding (a malformed escape is kept as sent rather than dropped). One reading for
/// every query string and form in the node, so `sort=name+asc` means the same everywhere.
enum FormEncoding {
    static func decode(_ text: Substring) -> String {
        // Byte by byte: Foundation's percent-decoding was a tenth of a harvester's search.
        let plus = UInt8(ascii: "+"), percent = UInt8(ascii: "%"), space = UInt8(ascii: " ")
        let utf8 = Array(text.utf8)
        guard utf8.contains(where: { $0 == plus || $0 == percent }) else { return String(text) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            if utf8[index] == percent, index + 2 < utf8.count, let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2]) {
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(utf8[index] == plus ? space : utf8[index])
                index += 1
            }
        }
        // Escapes that are not UTF-8 leave the text as sent, spaces apart.
        return String(validating: decoded, as: UTF8.self) ?? String(decoding: utf8.map { $0 == plus ? space : $0 }, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The pairs of `query`, in order; a name without `=` has the empty value.
    static func pairs(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count == 2 ? decode(parts[1]) : "")
        }
    }
}
