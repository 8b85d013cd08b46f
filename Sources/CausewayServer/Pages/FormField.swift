/// One field of a console form, as the `form_field` partial draws it: label, hint, the error
/// next to it (and `aria-invalid`, `aria-describedby` pointing at both), and the control.
///
/// Forms are lists of these, so every field of every form is labelled, explained and shows
/// its error the same way.
struct FormField: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
        /// For checkbox lists: each box's own id.
        var id: String = ""
    }

    enum Kind: Sendable { case input, textarea, select, checkboxes, checkbox }

    var id: String
    var name: String
    var label: String
    var hint: String?
    var value: String = ""
    var error: String?
    var inputType = "text"
    var options: [Option] = []
    var required = false
    var isInput = false
    var isTextarea = false
    var isSelect = false
    var isCheckboxes = false
    var isCheckbox = false
    var checked = false

    init(_ kind: Kind, id: String, name: String? = nil, label: String, hint: String? = nil, value: String = "",
         inputType: String = "text", options: [Option] = [], required: Bool = false, checked: Bool = false) {
        self.id = id
        self.name = name ?? id
        self.label = label
        self.hint = hint
        self.value = value
        self.inputType = inputType
        self.options = options.enumerated().map { index, option in
            var option = option
            option.id = "\(id)-\(index)"
            return option
        }
        self.required = required
        self.checked = checked
        switch kind {
        case .input: isInput = true
        case .textarea: isTextarea = true
        case .select: isSelect = true
        case .checkboxes: isCheckboxes = true
        case .checkbox: isCheckbox = true
        }
        describe()
    }

    /// The ids of the hint and the error, for `aria-describedby` (stored: templates read
    /// stored properties only).
    private(set) var describedBy: String?

    private mutating func describe() {
        let ids = [hint == nil ? nil : id + "-hint", error == nil ? nil : id + "-error"].compactMap { $0 }
        describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    /// The same field with the error `errors` has for it.
    func with(_ errors: FormErrors) -> FormField {
        var copy = self
        copy.error = errors.message(id)
        copy.describe()
        return copy
    }
}
