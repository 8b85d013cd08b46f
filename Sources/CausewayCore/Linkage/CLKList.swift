import Foundation

/// A party's encodings as clkhash writes them, `{"clks": ["<base64>", …]}`, read back and
/// checked: every entry base64, all of one length.
public enum CLKList {
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    public static func decode(_ data: Data) throws(Invalid) -> [CLK] {
        struct File: Decodable { var clks: [String] }
        guard let file = try? JSONDecoder().decode(File.self, from: data) else {
            throw Invalid(reason: "not clkhash's JSON ({\"clks\": [...]})")
        }
        var result: [CLK] = []
        result.reserveCapacity(file.clks.count)
        for (index, text) in file.clks.enumerated() {
            guard let clk = CLK(base64: text) else { throw Invalid(reason: "encoding \(index) is not base64") }
            if let first = result.first, first.bitCount != clk.bitCount {
                throw Invalid(reason: "encoding \(index) has \(clk.bitCount) bits, the first has \(first.bitCount)")
            }
            result.append(clk)
        }
        return result
    }

    /// The JSON for `encodings` (CLK bytes), as clkhash writes it; with `schema` (the schema
    /// file's JSON, as it is), a linkage project's upload, which names the schema it was made with.
    public static func encode(_ encodings: [[UInt8]], schema: Data? = nil) -> Data {
        var json = Data("{".utf8)
        if let schema {
            json += Data("\"schema\": ".utf8) + schema
            while let last = json.last, [0x0A, 0x0D, 0x20, 0x09].contains(last) { json.removeLast() }
            json += Data(", ".utf8)
        }
        json += Data(("\"clks\": [" + encodings.map { "\"\(Data($0).base64EncodedString())\"" }.joined(separator: ", ") + "]}\n").utf8)
        return json
    }
}
