import Foundation

/// Removes every field an agreement does not allow from an upstream JSON answer: an object,
/// an array of objects, or an object that wraps them under `records` or `data` (the common
/// envelopes). Values of allowed fields pass whole. Numbers keep their exact text, because the
/// document is re-serialised by Foundation from what it parsed, not through doubles.
enum FieldReducer {
    static let wrappers = ["records", "data"]

    /// The reduced document, or nil when `data` is not a JSON object or array.
    static func reduce(_ data: Data, allowed: Set<String>) -> (body: Data, fields: [String])? {
        guard let document = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        var seen = Set<String>()
        let reduced: Any
        switch document {
        case let object as [String: Any]:
            if let key = wrappers.first(where: { object[$0] is [Any] || object[$0] is [String: Any] }) {
                var kept = keep(object, allowed, &seen)
                kept[key] = reduceValue(object[key] ?? NSNull(), allowed, &seen)
                reduced = kept
            } else {
                reduced = keep(object, allowed, &seen)
            }
        case let array as [Any]:
            reduced = array.map { reduceValue($0, allowed, &seen) }
        default:
            return nil
        }
        guard let body = try? JSONSerialization.data(withJSONObject: reduced, options: [.sortedKeys, .withoutEscapingSlashes]) else { return nil }
        return (body, seen.sorted())
    }

    private static func reduceValue(_ value: Any, _ allowed: Set<String>, _ seen: inout Set<String>) -> Any {
        switch value {
        case let object as [String: Any]: return keep(object, allowed, &seen)
        case let array as [Any]: return array.map { element in element is [String: Any] ? reduceValue(element, allowed, &seen) : NSNull() }
        default: return NSNull()
        }
    }

    private static func keep(_ object: [String: Any], _ allowed: Set<String>, _ seen: inout Set<String>) -> [String: Any] {
        var kept: [String: Any] = [:]
        for (key, value) in object where allowed.contains(key) {
            kept[key] = value
            seen.insert(key)
        }
        return kept
    }
}
