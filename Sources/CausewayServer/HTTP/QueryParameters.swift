import Foundation
import Hummingbird

/// Typed access to query parameters that answers wrong types with a 400 problem naming the
/// parameter, instead of silently using a default.
struct QueryParameters {
    let values: [String: [String]]

    init(_ request: Request) {
        var values: [String: [String]] = [:]
        // Keys are decoded too: clients encode the brackets of `where[field]` (%5B, %5D).
        for (name, value) in FormEncoding.pairs(request.uri.query ?? "") {
            values[name, default: []].append(value)
        }
        self.values = values
    }

    init(values: [String: [String]]) {
        self.values = values
    }

    func string(_ name: String) -> String? { values[name]?.last }

    /// Refuses parameters the endpoint does not have: a misspelt filter must not silently
    /// widen the answer. `prefixes` admit families such as `where[field]`.
    func only(_ known: Set<String>, prefixes: [String] = [], hint: String = "") throws {
        for name in values.keys.sorted() where !known.contains(name) && !prefixes.contains(where: name.hasPrefix) {
            throw Problem.badParameter(name, "is not a parameter of this endpoint\(hint)")
        }
    }

    func all(_ name: String) -> [String] { values[name] ?? [] }

    func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = string(name) else { return value }
        guard let number = Int(text.trimmingBlanks) else {
            throw Problem.badParameter(name, "must be an integer")
        }
        guard range.contains(number) else {
            throw Problem.badParameter(name, "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    /// A required count or index: a whole number from 0 to `Int64.max`, as the store keeps them.
    func wholeNumber(_ name: String) throws -> UInt64 {
        guard let text = string(name) else { throw Problem.badParameter(name, "is required") }
        guard let value = UInt64(text), value <= UInt64(Int64.max) else { throw Problem.badParameter(name, "must be a whole number") }
        return value
    }

    func bool(_ name: String, default value: Bool) throws -> Bool {
        guard let text = string(name)?.lowercased() else { return value }
        switch text {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw Problem.badParameter(name, "must be true or false")
        }
    }
}
