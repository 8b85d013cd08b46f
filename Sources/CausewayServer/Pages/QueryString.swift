/// Builds the query strings of the portal's links, so that every page's whole state (the
/// search, its filters, the page) lives in its address and can be bookmarked and shared.
struct QueryString: Sendable, Hashable {
    private(set) var pairs: [(name: String, value: String)] = []

    init(_ pairs: [(String, String)] = []) {
        self.pairs = pairs.map { (name: $0.0, value: $0.1) }
    }

    static func == (lhs: QueryString, rhs: QueryString) -> Bool { lhs.text == rhs.text }
    func hash(into hasher: inout Hasher) { hasher.combine(text) }

    mutating func append(_ name: String, _ value: String) { pairs.append((name, value)) }

    /// Without every pair named `name` (and, with `value`, only those with that value).
    func removing(_ name: String, value: String? = nil) -> QueryString {
        var copy = self
        copy.pairs.removeAll { $0.name == name && (value == nil || $0.value == value) }
        return copy
    }

    func setting(_ name: String, _ value: String?) -> QueryString {
        var copy = removing(name)
        if let value { copy.append(name, value) }
        return copy
    }

    /// `a=1&b=2`, each part percent-encoded (RFC 3986 unreserved characters stay as they are).
    var text: String {
        pairs.map { Self.escape($0.name) + "=" + Self.escape($0.value) }.joined(separator: "&")
    }

    /// `path`, followed by `?query` when there is one.
    func url(_ path: String) -> String {
        pairs.isEmpty ? path : path + "?" + text
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
