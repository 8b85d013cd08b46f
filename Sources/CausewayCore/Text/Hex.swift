/// Lower-case hexadecimal, as Causeway writes hashes and key ids in its tables, headers and
/// log. A table lookup per nibble: `String(format: "%02x")` per byte cost the gateway a
/// twentieth of its CPU, since every call hashes the caller's path segments.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
