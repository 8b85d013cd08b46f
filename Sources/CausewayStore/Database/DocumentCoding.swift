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

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }
}
