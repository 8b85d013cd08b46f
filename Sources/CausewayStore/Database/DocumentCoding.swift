import Foundation

/// JSON coding for aggregates stored as documents. Dates are seconds since 1970 as a JSON
/// number: the shortest decimal that round-trips a `Double` exactly, so a dataset read back
/// compares equal to the one written (text timestamps lose the last bits of precision).
enum DocumentCoding {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }

    /// `value` as the text of its stored document. A caller writing many passes one encoder
    /// for all of them (making one costs about as much as encoding a small document).
    static func text(of value: some Encodable, encoder: JSONEncoder = encoder()) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }
}
