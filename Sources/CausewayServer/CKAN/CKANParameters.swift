import Foundation
import Hummingbird
import HummingbirdCore

/// An action's parameters, from the query string (GET) or the body (POST, JSON or form), as
/// CKAN accepts them. CKAN clients send lists either as JSON arrays or as JSON text in a
/// string (`facet.field=["tags"]`), so both are read.
struct CKANParameters {
    var values: [String: JSONValue]

    /// The body limit of the DataStore's record writes, for a signed-in caller: large enough
    /// for a `datastore_upsert` of ten thousand records. Every other action, and any anonymous
    /// request, has the API's one JSON limit (``StrictJSON/defaultLimit``), so nobody can make
    /// the node hold 32 MiB without an account.
    static let recordWriteLimit = 32 << 20
    static let recordWrites: Set<String> = ["datastore_create", "datastore_upsert", "datastore_delete"]

    static func read(_ request: Request, action: String, signedIn: Bool) async throws -> CKANParameters {
        var values: [String: JSONValue] = [:]
        for (key, value) in FormEncoding.pairs(request.uri.query ?? "") { values[key] = .string(value) }
        guard request.method == .post else { return CKANParameters(values: values) }
        let limit = signedIn && recordWrites.contains(action) ? recordWriteLimit : StrictJSON.defaultLimit
        let buffer = try await request.body.collect(upTo: limit)
        guard buffer.readableBytes > 0 else { return CKANParameters(values: values) }
        let data = Data(buffer: buffer)
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            for (key, value) in FormEncoding.pairs(String(decoding: data, as: UTF8.self)) {
                values[key] = .string(value)
            }
        } else {
            guard let body = try? JSONDecoder().decode(JSONValue.self, from: data) else {
                throw CKANError.badRequest("Bad request - JSON Error: the body is not valid JSON")
            }
            guard case .object(let object) = body else {
                throw CKANError.badRequest("Bad request - JSON Error: the body must be a JSON object")
            }
            values.merge(object) { _, body in body }
        }
        return CKANParameters(values: values)
    }

    func string(_ name: String) -> String? {
        switch values[name] {
        case .string(let value): return value
        case .number(let value): return value.rounded() == value && abs(value) < 9.2e18 ? String(Int64(value)) : String(value)
        case .integer(let value): return String(value)
        case .bool(let value): return String(value)
        default: return nil
        }
    }

    func required(_ name: String) throws -> String {
        guard let value = string(name), !value.isEmpty else { throw CKANError.validation(name, "Missing value") }
        return value
    }

    func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard values[name] != nil, values[name] != .null else { return value }
        guard let text = string(name), let number = Int(text) else {
            throw CKANError.validation(name, "Invalid integer")
        }
        guard range.contains(number) else {
            throw CKANError.validation(name, "Must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    func bool(_ name: String, default value: Bool) throws -> Bool {
        switch values[name] {
        case nil, .null?: return value
        case .bool(let flag)?: return flag
        default:
            switch string(name)?.lowercased() {
            case "true", "1", "yes", "on": return true
            case "false", "0", "no", "off": return false
            default: throw CKANError.validation(name, "Invalid boolean")
            }
        }
    }

    func list(_ name: String) throws -> [String]? {
        switch values[name] {
        case nil, .null?: return nil
        case .array(let items)?:
            return try items.map {
                guard case .string(let text) = $0 else { throw CKANError.validation(name, "Must be a list of strings") }
                return text
            }
        case .string(let text)?:
            if text.hasPrefix("[") {
                // JSONSerialization: several times cheaper than JSONDecoder for a short list.
                guard let items = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String] else {
                    throw CKANError.validation(name, "Must be a JSON list of strings")
                }
                return items
            }
            return [text]
        default:
            throw CKANError.validation(name, "Must be a list of strings")
        }
    }
}
