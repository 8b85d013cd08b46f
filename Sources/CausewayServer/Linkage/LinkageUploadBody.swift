import CausewayCore
import Foundation

/// A party's upload: clkhash's output document (`{"clks": [...]}`) with the linkage schema it
/// was encoded with, so encodings made under another schema are refused rather than compared
/// into nonsense.
struct LinkageUploadBody: Codable, Sendable {
    var schema: LinkageSchema
    var clks: [String]

    /// The encodings' bytes, each checked to be base64 of exactly `length` bytes.
    func encodings(length: Int) throws -> [[UInt8]] {
        guard !clks.isEmpty else {
            throw Problem.invalid("An upload holds at least one encoding.", errors: [.init(pointer: "/clks", detail: "is empty")])
        }
        var result: [[UInt8]] = []
        result.reserveCapacity(clks.count)
        for (index, text) in clks.enumerated() {
            guard let data = Data(base64Encoded: text) else {
                throw Problem(.unprocessableContent, code: "linkage.encoding-invalid", title: "An encoding is not base64",
                              detail: "Encoding \(index) is not base64 text.", errors: [.init(pointer: "/clks/\(index)", detail: "not base64")])
            }
            guard data.count == length else {
                throw Problem(.unprocessableContent, code: "linkage.encoding-length", title: "An encoding has the wrong length",
                              detail: "Encoding \(index) has \(data.count * 8) bits; the project's schema makes \(length * 8)-bit encodings.",
                              errors: [.init(pointer: "/clks/\(index)", detail: "\(data.count * 8) bits, not \(length * 8)")])
            }
            result.append([UInt8](data))
        }
        return result
    }
}
