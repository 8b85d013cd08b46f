import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The public log holds no identifier, however a caller sends it: in the path (as a record
/// key, below a service, in place of a dataset, a service or a provider), as the subject, as
/// the request id or as the purpose. A citizen's portal still finds the calls about the person.
@Suite("No identifier in the public log")
struct LogPrivacyTests {
    static let identifier = "S1234567A"

    @Test(arguments: Database.Engine.allCases) func noEntryOrTileHoldsAnIdentifier(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            try await ExchangeTests.load(node)
            let token = try await ExchangeTests.accessToken(node)
            let id = Self.identifier
            let register = ExchangeTests.registry
            var calls: [(path: String, headers: HTTPFields)] = [
                (register + "/\(id)", [:]),
                (register + "/S1234567%41", [:]),
                (register + "/P1", [ExchangeHeaders.subject: id]),
                (register + "/P1", [ExchangeHeaders.requestID: id]),
                (register + "/P1", [ExchangeHeaders.requestID: "id-\(id)-0123456789abcdef"]),
                (register + "/P1", [ExchangeHeaders.purpose: id]),
                (register + "/P1", [ExchangeHeaders.purpose: String(repeating: "x", count: 10_000) + id]),
                ("/exchange/health-ministry/vulnerable-persons-api/persons/\(id)", [:]),
                ("/exchange/health-ministry/vulnerable-persons-api/persons/\(id)/history", [:]),
                ("/exchange/health-ministry/datasets/\(id)/records", [:]),
                ("/exchange/\(id)/datasets/vulnerable-persons-register/records/P1", [:]),
                ("/exchange/health-ministry/\(id)/persons", [:]),
            ]
            calls.append((register + "/P1", [ExchangeHeaders.subject: id.lowercased() + " "]))
            var indexes: [Int] = []
            for call in calls {
                var headers: HTTPFields = [.authorization: "Bearer \(token)", ExchangeHeaders.purpose: "shielding-support"]
                for field in call.headers { headers[field.name] = field.value }
                let response = try await node.client.execute(uri: call.path, method: .get, headers: headers)
                let index = try #require(response.headers[ExchangeHeaders.auditIndex].flatMap(Int.init), "\(call.path): \(response.status)")
                indexes.append(index)
                #expect(response.headers[ExchangeHeaders.requestID]?.contains(id) != true, "a bad request id is replaced")
            }
            let size = try await node.node.checkpoints.publish().size
            let entries = try await node.request(.get, "/log/entries?start=0&end=\(size)").json()["entries"]?.arrayValue ?? []
            #expect(entries.count == Int(size))
            let texts = entries.compactMap { $0["entry"]?.stringValue.flatMap { Data(base64Encoded: $0) } }.map { String(decoding: $0, as: UTF8.self) }
            #expect(texts.count == entries.count)
            let served = entries.compactMap { $0["entry"]?.stringValue } + texts
            for form in Self.encodings(of: id) + Self.encodings(of: id.lowercased()) {
                for (number, text) in served.enumerated() where text.contains(form) {
                    Issue.record("entry \(number % entries.count) holds '\(form)': \(text.prefix(400))")
                }
            }
            // Tiles are hashes; read them raw all the same.
            var tiles: [[UInt8]] = []
            for level in 0..<3 { tiles += try await node.node.log.reader.tiles(level: level, from: 0, limit: 10_000).map(\.hashes) }
            #expect(!tiles.isEmpty)
            for tile in tiles {
                let text = String(decoding: tile, as: UTF8.self) + Data(tile).base64EncodedString()
                #expect(!Self.encodings(of: id).contains { text.contains($0) })
            }
            // What the entries say instead: the route and opaque hashes, an unknown purpose.
            let last = try #require(texts.last)
            #expect(last.contains(#""path":"/exchange/health-ministry/datasets/vulnerable-persons-register/records/~"#))
            #expect(texts.contains { $0.contains(#""purpose":"unknown""#) && $0.contains(#""purposeHash":"~"#) })
            #expect(texts.allSatisfy { $0.utf8.count < 2_000 }, "a 10,000-character purpose is not stored")

            // The citizen's portal finds the calls about the person, by subject and by path.
            let portal = try await ExchangeTests.accessToken(node, CitizenViewTests.portal)
            let accesses = try await node.request(.get, "/api/v1/transparency/subjects/\(id)", token: portal).json()["accesses"]?.arrayValue ?? []
            let found = Set(accesses.compactMap { $0["index"]?.intValue })
            for position in [0, 1, 2, 7, 8] {
                #expect(found.contains(indexes[position]), "call \(position) is found by the person's identifier")
            }
            // A portal that percent-encodes the identifier finds the same calls.
            let encoded = try await node.request(.get, "/api/v1/transparency/subjects/S1234567%41", token: portal).json()["accesses"]?.arrayValue ?? []
            #expect(Set(encoded.compactMap { $0["index"]?.intValue }) == found)
        }
    }

    /// The forms an identifier could take in an entry's text or its base64: plain,
    /// percent-encoded (each byte, and only its last letter, as a caller might), and base64 at
    /// each of the three alignments it can have inside a longer base64 string.
    static func encodings(of text: String) -> [String] {
        let bytes = Array(text.utf8)
        var forms = [text, bytes.map { String(format: "%%%02X", $0) }.joined(), bytes.map { String(format: "%%%02x", $0) }.joined(),
                     String(text.dropLast()) + String(format: "%%%02X", bytes[bytes.count - 1])]
        for shift in 0..<3 {
            let padded = Data(Array(repeating: UInt8(0x20), count: shift) + bytes).base64EncodedString()
            // Keep the characters that depend only on the identifier's bytes.
            let start = shift == 0 ? 0 : (shift == 1 ? 2 : 3)
            let stable = String(padded.dropFirst(start).prefix(((bytes.count - (3 - shift) % 3) / 3) * 4))
            if stable.count >= 8 { forms.append(stable) }
        }
        return forms
    }
}
