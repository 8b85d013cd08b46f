extension Registry {
    /// A record as a writer sent it, checked against the schema and typed: every field the
    /// schema names (a missing one is empty), no field it does not, each value of its field's
    /// type and within its constraints, and the identifier present. Errors point at
    /// `/record/{field}`, so a client can tell which value to fix.
    public func typedRecord(_ cells: [String: String?]) throws(ValidationError) -> [String: CellValue] {
        var filled = cells
        for name in schema.fieldNames where filled[name] == nil { filled[name] = .some(nil) }
        var validator = TableValidator(schema: schema, maxReportedErrors: 100)
        let row = validator.record(filled)
        var errors = validator.errors.map { error in
            FieldError("/record" + (error.field.map { $0.isEmpty ? "" : "/\($0)" } ?? ""), Self.detail(error))
        }
        var values: [String: CellValue] = [:]
        if let row {
            for (position, field) in schema.fields.enumerated() { values[field.name] = row[position] }
            if values[identifierField]?.isNull ?? true {
                errors.append(FieldError("/record/\(identifierField)", "the record's identifier must not be empty"))
            }
        }
        if !errors.isEmpty { throw ValidationError(errors) }
        return values
    }

    /// Some fields of a record (a `PATCH`, or an error report's proposal), checked and typed:
    /// each names a field of the schema other than the identifier (which never changes), and
    /// holds a value of its type, or null where the field is not required.
    public func typedPatch(_ cells: [String: String?], under pointer: String) throws(ValidationError) -> [String: CellValue] {
        var validator = Validator()
        var values: [String: CellValue] = [:]
        validator.check(!cells.isEmpty, pointer, "must name at least one field")
        for (name, text) in cells.sorted(by: { $0.key < $1.key }) {
            let at = "\(pointer)/\(name)"
            guard let field = schema.fields.first(where: { $0.name == name }) else {
                validator.add(FieldError(at, "the registry's schema has no such field"))
                continue
            }
            guard name != identifierField else {
                validator.add(FieldError(at, "a record's identifier never changes"))
                continue
            }
            guard let text else {
                validator.check(field.constraints?.required != true, at, "is required")
                values[name] = .null
                continue
            }
            guard let value = FieldParser.parse(text, as: field) else {
                validator.add(FieldError(at, "is not a valid \(field.type.rawValue)"))
                continue
            }
            values[name] = value
        }
        try validator.finish()
        return values
    }

    /// `current` with `patch` applied, checked as a whole record (constraints such as
    /// `minimum` or `pattern` hold for the result, not only each value's type).
    public func patched(_ current: [String: CellValue], with patch: [String: CellValue]) throws(ValidationError) -> [String: CellValue] {
        let merged = current.merging(patch) { _, new in new }
        return try typedRecord(merged.mapValues { $0.isNull ? nil : $0.plainText })
    }

    /// The identifier of a typed record as the API names it (`…/records/{id}`).
    public func identifier(of values: [String: CellValue]) -> String? {
        switch values[identifierField] {
        case .text(let text): return text
        case .integer(let number): return String(number)
        default: return nil
        }
    }

    private static func detail(_ error: TableError) -> String {
        switch error.code {
        case "extra-cell": return "the registry's schema has no such field"
        default: return error.message
        }
    }
}
