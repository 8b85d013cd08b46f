@testable import CausewayCore
import Foundation
import Testing

/// The rules for what of a caller's request may enter the public log, without a server.
@Suite("Log redaction")
struct LogRedactionTests {
    let redaction = LogRedaction { "h(\($0))" }

    @Test func pathSegmentsBelowTheRouteAreOpaqueAndDecodedFirst() {
        #expect(redaction.path(route: "/exchange/hm/api", rest: "persons/S1234567%41/history")
            == "/exchange/hm/api/~h(persons)/~h(S1234567A)/~h(history)")
        #expect(redaction.path(route: "/exchange/hm/datasets/d/records", rest: "") == "/exchange/hm/datasets/d/records")
        #expect(LogRedaction.hashes(inPath: "/exchange/hm/api/~a/~b") == ["a", "b"])
    }

    @Test func onlyAgreedPurposesAreLoggedAsSent() {
        #expect(redaction.purpose(" shielding-support ", agreed: ["shielding-support"]) == ("shielding-support", nil))
        #expect(redaction.purpose("S1234567A", agreed: ["shielding-support"]) == ("unknown", "~h(S1234567A)"))
    }

    @Test func requestIDsMustLookGeneratedAndMethodsStandard() {
        #expect(LogRedaction.requestID("0123456789abcdef") == "0123456789abcdef")
        #expect(LogRedaction.requestID("7F1C2D3E-0000-4000-8000-000000000001") == "7f1c2d3e-0000-4000-8000-000000000001")
        for bad in ["S1234567A", "req-42", "0123456789abcde", String(repeating: "a", count: 65), "id-S1234567A-0123456789abcdef"] {
            #expect(LogRedaction.requestID(bad) == nil, "\(bad)")
        }
        #expect(LogRedaction.method("PATCH") == "PATCH" && LogRedaction.method("S1234567A") == "OTHER")
    }
}
