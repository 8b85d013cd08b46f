import Foundation
import Hummingbird

/// Reads request bodies as JSON and refuses anything ambiguous: a body over the size limit,
/// bytes that are not JSON, wrong types, missing fields, and fields the type does not have.
/// Silently ignoring an unknown field hides typos ("licence" for "license") that a data
/// engineer would otherwise never notice.
enum StrictJSON {
    static let defaultLimit = 1 << 20

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// `lenient` names members (JSON pointers) whose insides are another tool's document,
    /// read as that tool reads it: a clkhash linkage schema ignores keys it does not know.
    static func decode<T: Codable>(_ type: T.Type, from request: Request, limit: Int = defaultLimit, lenient: Set<String> = []) async throws -> T {
        let buffer = try await request.body.collect(upTo: limit)
        return try decode(type, from: Data(buffer: buffer), lenient: lenient)
    }

    static func decode<T: Codable>(_ type: T.Type, from data: Data, lenient: Set<String> = []) throws -> T {
        guard !data.isEmpty else { throw Problem.malformed("The body is empty; a JSON object is expected.") }
        let tree: Any
        do {
            tree = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw Problem.malformed("The body is not valid UTF-8 JSON (unpaired UTF-16 surrogates in \\u escapes are refused).")
        }
        guard tree is [String: Any] else { throw Problem.malformed("The body must be a JSON object.") }
        let value = try decoder.decode(type, from: data)
        // Encode what was understood and compare: any key the client sent that did not survive
        // the round trip is unknown to the type.
        let understood = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value), options: [.fragmentsAllowed])
        if let pointer = firstUnknownKey(sent: tree, understood: understood, path: "", lenient: lenient) {
            throw Problem.invalid("Unknown field \(pointer).", errors: [.init(pointer: pointer, detail: "unknown field")])
        }
        return value
    }

    private static func firstUnknownKey(sent: Any, understood: Any?, path: String, lenient: Set<String>) -> String? {
        if lenient.contains(path) { return nil }
        if let sent = sent as? [String: Any] {
            let known = understood as? [String: Any] ?? [:]
            for key in sent.keys.sorted() {
                let pointer = path + "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                guard let value = known[key] else {
                    if sent[key] is NSNull { continue }
                    return pointer
                }
                if let found = firstUnknownKey(sent: sent[key] as Any, understood: value, path: pointer, lenient: lenient) { return found }
            }
        } else if let sent = sent as? [Any], let known = understood as? [Any] {
            for (index, element) in sent.enumerated() where index < known.count {
                if let found = firstUnknownKey(sent: element, understood: known[index], path: "\(path)/\(index)", lenient: lenient) { return found }
            }
        }
        return nil
    }

    /// A client-facing description of a decoding failure, with a JSON Pointer to the field.
    static func describe(_ error: DecodingError) -> String {
        func pointer(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "/" : path.map { "/" + ($0.intValue.map(String.init) ?? $0.stringValue) }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "Missing field \(pointer(context.codingPath + [key]))."
        case .typeMismatch(let type, let context):
            return "Field \(pointer(context.codingPath)) has the wrong type; expected \(typeName(type))."
        case .valueNotFound(let type, let context):
            return "Field \(pointer(context.codingPath)) must not be null; expected \(typeName(type))."
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "The body is not valid JSON." }
            return "Field \(pointer(context.codingPath)) has a value that is not allowed."
        @unknown default:
            return "The body could not be decoded."
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "a boolean"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of another kind"
        }
    }
}
