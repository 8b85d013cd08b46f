@testable import CausewayCore
import Foundation
import Testing

@Suite("Audit event document")
struct AuditEventDocumentTests {
    @Test func readsBackAsTheSameEvent() throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let events = [
            AuditEvent(kind: "exchange.call", at: Date(timeIntervalSince1970: 1_764_068_400.123456), actor: "a/s", subject: "exchange/p/t",
                       agencies: ["a", "p"], details: ["path": "/x?y=\"z\"\\", "tab": "a\tb\n\u{01}", "é": "ü ✓"]),
            AuditEvent(kind: "agreement.suspended", at: Date(timeIntervalSince1970: 0.1), actor: nil, subject: "agreement/1",
                       agencies: [], reason: "Breach \"reported\""),
        ]
        for event in events {
            let decoded = try decoder.decode(AuditEvent.self, from: Data(event.document.utf8))
            #expect(decoded == event)
            // The same document the standard encoder writes, key order included, once slashes are compared alike.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .secondsSince1970
            let standard = try JSONSerialization.jsonObject(with: try encoder.encode(event)) as? NSDictionary
            let ours = try JSONSerialization.jsonObject(with: Data(event.document.utf8)) as? NSDictionary
            #expect(standard == ours)
        }
    }

    /// The transparency log's canonical bytes are a published format (docs/transparency-log.md):
    /// pinned here byte for byte, so a change to them cannot go unnoticed.
    @Test func canonicalBytesArePinned() {
        let event = AuditEvent(kind: "exchange.refused", at: Date(timeIntervalSince1970: 1_795_992_000.5), actor: "c/s", subject: "exchange/p/x",
                               agencies: ["c", "p"], reason: nil, details: ["z": "1", "code": "quota.exceeded", "path": "/a\"b\\c\u{7}"])
        #expect(event.document == #"{"actor":"c/s","agencies":["c","p"],"at":1795992000.5,"details":{"code":"quota.exceeded","path":"/a\"b\\c\u0007","z":"1"},"kind":"exchange.refused","subject":"exchange/p/x"}"#)
    }
}
