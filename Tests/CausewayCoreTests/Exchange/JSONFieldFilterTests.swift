@testable import CausewayCore
import Foundation
import Testing

@Suite("JSON field filter")
struct JSONFieldFilterTests {
    let filter = JSONFieldFilter(allowed: ["id", "name", "nested"])

    func reduce(_ text: String) -> String? {
        filter.reduce(Array(text.utf8)).map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test func objectsArraysAndWrappers() {
        #expect(reduce(#"{"id": 1, "secret": "x", "name": "A"}"#) == #"{"id":1,"name":"A"}"#)
        #expect(reduce(#"[{"id":1,"dob":"1950"},{"name":"B","dob":"1960"}, 3]"#) == #"[{"id":1},{"name":"B"},null]"#)
        #expect(reduce(#"{"records":[{"id":1,"x":2}],"total":9,"id":"w"}"#) == #"{"records":[{"id":1}],"id":"w"}"#)
        #expect(reduce(#"{"data":{"id":7,"x":{"deep":[1,2]}}}"#) == #"{"data":{"id":7}}"#)
        // Allowed values pass whole and exact, nested structure and big numbers included.
        #expect(reduce(#"{"nested":{"a":[1,{"b":null}]},"id":123456789012345678901234567890}"#)
                == #"{"nested":{"a":[1,{"b":null}]},"id":123456789012345678901234567890}"#)
        #expect(reduce("{}") == "{}" && reduce("[]") == "[]")
        #expect(reduce(#"{"n\u0061me":"escaped key","x":1}"#) == #"{"n\u0061me":"escaped key"}"#)
        #expect(filter.reduce(Array(#"[{"id":1,"name":2,"zz":3}]"#.utf8))?.fields == ["id", "name"])
    }

    @Test func anythingElseIsRefused() {
        for bad in ["", "42", "\"text\"", "null", "{", #"{"id":}"#, #"{"id":1,}"#, #"[1,2"#, #"{"id":tru}"#, "{} {}", #"{"a":"\#u{01}"}"#] {
            #expect(reduce(bad) == nil, "\(bad)")
        }
    }

    /// Against Foundation's parser on generated documents: the filtered bytes parse, and hold
    /// exactly the allowed keys of each object with their values unchanged.
    @Test func agreesWithFoundationOnGeneratedDocuments() throws {
        let seed = SplitMix.seed()
        var generator = SplitMix(seed: seed)
        for _ in 0..<300 {
            let objects: [[String: Any]] = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                var object: [String: Any] = [:]
                for key in ["id", "name", "nested", "dob", "phone"] where Bool.random(using: &generator) {
                    object[key] = [Int.random(in: -1000...1000, using: &generator), "t\"x\\y é", ["k": [1, 2]], NSNull(), true]
                        .randomElement(using: &generator) ?? 0
                }
                return object
            }
            let input = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted])
            let replay = "input \(String(decoding: input, as: UTF8.self)); replay with CAUSEWAY_TEST_SEED=\(seed)"
            let output = try #require(filter.reduce(Array(input)), "\(replay)")
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(output.bytes)) as? [[String: Any]])
            let originals = try #require(try JSONSerialization.jsonObject(with: input) as? [[String: Any]])
            #expect(parsed.count == objects.count, "\(replay)")
            func text(_ value: Any) throws -> String {
                String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
            }
            for (original, reduced) in zip(originals, parsed) {
                #expect(Set(reduced.keys) == Set(original.keys).intersection(["id", "name", "nested"]), "\(replay)")
                for (key, value) in reduced {
                    #expect(try text(value) == text(original[key] ?? NSNull()), "\(replay)")
                }
            }
        }
    }
}
