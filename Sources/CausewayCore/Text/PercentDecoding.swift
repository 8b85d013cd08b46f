extension StringProtocol {
    /// The text with every `%XX` decoded; nil when a `%` is not followed by two hex digits or
    /// the bytes are not UTF-8 — what Foundation's `removingPercentEncoding` answers, without
    /// its trip through `NSString`, since the gateway decodes every caller's path.
    public var percentDecoded: String? {
        let bytes = utf8
        guard bytes.contains(UInt8(ascii: "%")) else { return String(self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                out.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue) else { return nil }
            out.append(high << 4 | low)
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
