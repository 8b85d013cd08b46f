import Hummingbird

/// A posted `application/x-www-form-urlencoded` form, read with the node's one form reading
/// (``FormEncoding``), with its values by name.
struct ConsoleForm: Sendable {
    let values: [String: [String]]

    init(values: [String: [String]]) {
        self.values = values
    }

    /// Reads the body as a form; an upload or a body past `limit` is refused.
    static func read(_ request: Request, limit: Int) async throws -> ConsoleForm {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw Problem(.unsupportedMediaType, code: "request.media-type", title: "Send the form as a form",
                          detail: "The console's forms are application/x-www-form-urlencoded.")
        }
        let buffer = try await request.body.collect(upTo: limit)
        var values: [String: [String]] = [:]
        for (name, value) in FormEncoding.pairs(String(buffer: buffer)) { values[name, default: []].append(value) }
        return ConsoleForm(values: values)
    }

    /// The last value of `name`, trimmed; nil when absent or blank.
    func value(_ name: String) -> String? {
        guard let value = values[name]?.last?.trimmed, !value.isEmpty else { return nil }
        return value
    }

    /// Every non-blank value of `name`.
    func all(_ name: String) -> [String] {
        (values[name] ?? []).map(\.trimmed).filter { !$0.isEmpty }
    }
}
