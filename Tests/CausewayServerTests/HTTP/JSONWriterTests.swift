@testable import CausewayServer
import Foundation
import Testing

@Suite("JSON writer")
struct JSONWriterTests {
    static let samples: [JSONValue] = [
        .null, .bool(true), .bool(false), .int(0), .int(-42), .number(1.5), .number(1e300), .number(.nan),
        .string(""), .string("plain"), .string("quote \" backslash \\ slash / tab \t newline \n bell \u{07} nul \u{00}"),
        .string("Saúde, 東京, emoji 😀, combining é"),
        .array([.int(1), .array([]), .object([:])]),
        .object(["b": .int(2), "a": .array([.string("x"), .null]), "": .bool(true), "é": .object(["z": .int(1)])]),
    ]

    @Test(arguments: samples)
    func matchesFoundationsReading(value: JSONValue) throws {
        let text = JSONWriter.text(value)
        let parsed = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        if case .number(let number) = value, !number.isFinite {
            #expect(parsed == .null, "JSON has no NaN or infinity")
        } else {
            #expect(parsed == value, "\(text)")
        }
    }

    @Test func keysAreSortedAndThereIsNoWhiteSpace() {
        #expect(JSONWriter.text(.object(["b": .int(1), "a": .array([.bool(true), .null])])) == #"{"a":[true,null],"b":1}"#)
        #expect(JSONWriter.text(.string("\u{1F}")) == #""\u001f""#)
    }
}
