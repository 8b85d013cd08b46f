import CausewayCore

/// A form's errors, each next to the field it concerns and all of them in a summary at the top
/// (linked to their fields), in words: a validation pointer such as `/purpose/code` becomes
/// "Purpose code must be …" on the purpose code field.
struct FormErrors: Sendable {
    struct Item: Sendable {
        var field: String
        var message: String
        /// The field's anchor (stored: templates read stored properties only).
        var href: String

        init(field: String, message: String) {
            self.field = field
            self.message = message
            href = "#" + field
        }
    }

    private(set) var items: [Item] = []

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }

    mutating func add(_ field: String, _ message: String) {
        items.append(Item(field: field, message: message))
    }

    /// The message for `field`, if it has one (the first).
    func message(_ field: String) -> String? {
        items.first { $0.field == field }?.message
    }

    /// Maps a validation error's pointers onto the form: `fields` gives, per pointer prefix, the
    /// form field's id and its label. A pointer no field claims goes to `fallback`.
    static func from(_ error: ValidationError, fields: [(pointer: String, field: String, label: String)],
                     fallback: String) -> FormErrors {
        var errors = FormErrors()
        for item in error.errors {
            let match = fields.filter { item.pointer == $0.pointer || item.pointer.hasPrefix($0.pointer + "/") }
                .max { $0.pointer.count < $1.pointer.count }
            if let match {
                errors.add(match.field, "\(match.label) \(item.detail).")
            } else {
                errors.add(fallback, "\(item.pointer.isEmpty ? "The form" : item.pointer) \(item.detail).")
            }
        }
        return errors
    }
}

/// The summary at the top of a form that came back with errors: each error a link to its
/// field, as the `error_summary` partial draws it (under a view's `summary`).
struct ErrorSummary: Sendable {
    /// Unique on the page: a page with two forms has two summaries.
    var id: String
    var errors: [FormErrors.Item]
    var errorCount: Int
    var errorNoun: String

    init(_ errors: FormErrors, id: String = "error-summary") {
        self.id = id
        self.errors = errors.items
        errorCount = errors.count
        errorNoun = errors.count == 1 ? "problem" : "problems"
    }
}
