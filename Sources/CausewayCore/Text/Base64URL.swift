import Foundation

extension Data {
    /// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5), as JWKs, client
    /// secrets and signature nonces are written. One pass over the standard encoding, not
    /// three string replacements.
    public var base64URLEncoded: String {
        let standard = base64EncodedString()
        var out: [UInt8] = []
        out.reserveCapacity(standard.utf8.count)
        for byte in standard.utf8 {
            switch byte {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
