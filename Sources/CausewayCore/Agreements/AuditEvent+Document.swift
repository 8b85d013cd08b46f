import Foundation

extension AuditEvent {
    /// The event as the JSON document the store keeps: what `JSONEncoder` with sorted keys and
    /// seconds-since-1970 dates would write (and `JSONDecoder` reads back to an equal event),
    /// built directly because the gateway writes one per call and the encoder was a twelfth of
    /// a key lookup's cost.
    public var document: String {
        var text = "{"
        if let actor { text += "\"actor\":" + JSONString.quoted(actor) + "," }
        text += "\"agencies\":[" + agencies.map(JSONString.quoted).joined(separator: ",") + "],"
        text += "\"at\":" + at.timeIntervalSince1970.shortestText + ","
        text += "\"details\":{" + details.keys.sorted().map { JSONString.quoted($0) + ":" + JSONString.quoted(details[$0] ?? "") }
            .joined(separator: ",") + "},"
        text += "\"kind\":" + JSONString.quoted(kind) + ","
        if let reason { text += "\"reason\":" + JSONString.quoted(reason) + "," }
        text += "\"subject\":" + JSONString.quoted(subject) + "}"
        return text
    }
}

/// JSON string literals (RFC 8259 §7): quotes, backslashes and control characters escaped.
public enum JSONString {
    public static func quoted(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
