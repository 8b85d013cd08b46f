import CausewayCore
import Foundation

/// What registry writers send, as request bodies.
enum RegistryInput {
    /// `PUT` / `PATCH` of one record.
    struct RecordWrite: Codable {
        var record: [String: JSONValue]
        /// Required: checked by the service, so that its absence is named like any bad value.
        var reason: String?
        var validFrom: String?
    }

    /// `POST …/records`: new records in bulk.
    struct RecordLoad: Codable {
        var records: [[String: JSONValue]]
        /// Required: checked by the service, so that its absence is named like any bad value.
        var reason: String?
        var validFrom: String?
    }

    /// `POST …/records/{id}/reports`.
    struct Report: Codable {
        var proposed: [String: JSONValue]
        var note: String
    }

    /// `POST …/reports/{id}/accept` and `…/reject`.
    struct Resolution: Codable {
        var resolution: String
        var correction: [String: JSONValue]?
        var validFrom: String?
    }

    /// JSON values as cell text, as the Table Schema checks read them. A value that is not a
    /// single value (an array, an object) is refused, naming it under `pointer`.
    static func cells(_ object: [String: JSONValue], under pointer: String) throws -> [String: String?] {
        var cells: [String: String?] = [:]
        for (key, value) in object {
            switch value {
            case .null: cells[key] = .some(nil)
            case .bool(let flag): cells[key] = flag ? "true" : "false"
            case .integer(let number): cells[key] = String(number)
            case .number(let number):
                cells[key] = number.rounded() == number && abs(number) < 9_007_199_254_740_992 ? String(Int64(number)) : number.shortestText
            case .string(let text): cells[key] = text
            case .array, .object:
                throw Problem.invalid("'\(key)' must be a single value.", errors: [.init(pointer: "\(pointer)/\(key)", detail: "must be a single value")])
            }
        }
        return cells
    }

    static func time(_ text: String?, pointer: String) throws -> Date? {
        guard let text else { return nil }
        guard let date = RegistryTime.parse(text) else {
            throw Problem.invalid("\(pointer.dropFirst()) must be a date or an ISO 8601 time with a zone.",
                                  errors: [.init(pointer: pointer, detail: "must be a date (2026-03-01) or a time (2026-03-01T09:30:00Z)")])
        }
        return date
    }
}
