/// Checks a table against its Table Schema row by row, as the rows stream past, and types
/// their cells. It applies the checks Frictionless applies by default (labels, blank rows,
/// missing and extra cells, types, constraints, unique fields and the primary key) and names
/// its errors the same way.
///
/// Errors are counted without limit but only the first `maxReportedErrors` are kept, so a
/// file with a systematic mistake yields a short report, not a gigabyte of errors.
public struct TableValidator {
    public let schema: TableSchema
    public let maxReportedErrors: Int
    public private(set) var errors: [TableError] = []
    public private(set) var errorCount = 0
    /// The number of the row checked last (the header is row 1 when there is one).
    public private(set) var rowNumber = 0

    private let rules: [ColumnRule]
    private let fieldNames: Set<String>
    private let primaryKey: [Int]
    private var primaryKeys = KeySet()
    private var uniqueKeys: [Int: KeySet] = [:]
    private var labelCount: Int

    public init(schema: TableSchema, maxReportedErrors: Int = 1_000) {
        self.schema = schema
        self.maxReportedErrors = maxReportedErrors
        self.rules = schema.fields.map { ColumnRule($0, missingValues: schema.missingValues ?? [""]) }
        self.fieldNames = Set(schema.fieldNames)
        let names = schema.fieldNames
        self.primaryKey = (schema.primaryKey ?? []).compactMap { names.firstIndex(of: $0) }
        for (index, field) in schema.fields.enumerated() where field.constraints?.unique == true {
            uniqueKeys[index] = KeySet()
        }
        self.labelCount = schema.fields.count
    }

    public var isValid: Bool { errorCount == 0 }

    /// Checks the header row against the schema's field names, position by position.
    public mutating func header(_ labels: [String]) {
        rowNumber += 1
        labelCount = labels.count
        var seen = Set<String>()
        for position in 0..<max(labels.count, rules.count) {
            let fieldName = position < rules.count ? rules[position].field.name : nil
            guard position < labels.count else {
                report("missing-label", field: fieldName, message: "There is no label for field '\(fieldName ?? "")'.")
                continue
            }
            let label = labels[position]
            defer { seen.insert(label) }
            if position >= rules.count {
                report("extra-label", cell: label, message: "Label '\(label)' at position \(position + 1) has no field in the schema.")
            } else if label.isEmpty {
                report("blank-label", field: fieldName, message: "The label at position \(position + 1) is blank.")
            } else if seen.contains(label) {
                report("duplicate-label", field: fieldName, cell: label, message: "Label '\(label)' appears twice.")
            } else if label != fieldName {
                report("incorrect-label", field: fieldName, cell: label,
                       message: "Label '\(label)' at position \(position + 1) should be '\(fieldName ?? "")'.")
            }
        }
    }

    /// Checks one CSV row, positionally; returns its typed values, or nil when it has errors.
    public mutating func row(_ cells: [String]) -> [CellValue]? {
        rowNumber += 1
        let before = errorCount
        if cells.allSatisfy({ cell in rules.first?.isMissing(cell) ?? cell.isEmpty }) {
            report("blank-row", row: rowNumber, message: "Row \(rowNumber) is completely blank.")
            if !primaryKey.isEmpty {
                report("primary-key", row: rowNumber, message: "Row \(rowNumber) has no primary key value.")
            }
            return nil
        }
        var values = [CellValue](repeating: .null, count: rules.count)
        var untyped: [Int] = []
        for (position, rule) in rules.enumerated() {
            guard position < cells.count else {
                if position < labelCount {
                    untyped.append(position)
                    report("missing-cell", row: rowNumber, field: rule.field.name, message: "Row \(rowNumber) has no cell for '\(rule.field.name)'.")
                }
                continue
            }
            let (value, isTyped) = check(cells[position], rule)
            values[position] = value
            if !isTyped { untyped.append(position) }
        }
        if cells.count > labelCount {
            for position in labelCount..<cells.count {
                report("extra-cell", row: rowNumber, field: "", cell: cells[position],
                       message: "Row \(rowNumber) has an extra cell at position \(position + 1).")
            }
        }
        checkKeys(values, untyped: untyped)
        return errorCount == before ? values : nil
    }

    /// Checks one JSON Lines record: a missing key is a missing cell, `nil` a missing value,
    /// and keys the schema does not have are extra cells.
    public mutating func record(_ cells: [String: String?]) -> [CellValue]? {
        rowNumber += 1
        let before = errorCount
        var values = [CellValue](repeating: .null, count: rules.count)
        var untyped: [Int] = []
        for (position, rule) in rules.enumerated() {
            guard let cell = cells[rule.field.name] else {
                untyped.append(position)
                report("missing-cell", row: rowNumber, field: rule.field.name, message: "Record \(rowNumber) has no key '\(rule.field.name)'.")
                continue
            }
            let (value, isTyped) = check(cell ?? rule.missingMarker, rule)
            values[position] = value
            if !isTyped { untyped.append(position) }
        }
        for key in cells.keys.sorted() where !fieldNames.contains(key) {
            report("extra-cell", row: rowNumber, field: key, message: "Record \(rowNumber) has a key '\(key)' the schema does not have.")
        }
        checkKeys(values, untyped: untyped)
        return errorCount == before ? values : nil
    }

    /// Records an error about the source itself (bad encoding, an over-long record).
    public mutating func sourceError(_ code: String, row: Int?, message: String) {
        report(code, row: row, message: message)
    }

    // MARK: Checks

    /// The cell's value and whether it has one for key checks (it was read as its type or is
    /// missing). A row with any error is not written, whatever this returns.
    private mutating func check(_ cell: String, _ rule: ColumnRule) -> (CellValue, Bool) {
        if rule.isMissing(cell) {
            if rule.required {
                report("constraint-error", row: rowNumber, field: rule.field.name, cell: cell,
                       message: "Field '\(rule.field.name)' is required.")
            }
            return (.null, true)
        }
        guard let value = FieldParser.parse(cell, as: rule.field) else {
            report("type-error", row: rowNumber, field: rule.field.name, cell: cell,
                   message: "'\(cell)' is not a valid \(rule.field.type.rawValue)\(rule.field.format.map { " (\($0))" } ?? "").")
            return (.null, false)
        }
        for violation in rule.violations(value, cell) {
            report("constraint-error", row: rowNumber, field: rule.field.name, cell: cell,
                   message: "Field '\(rule.field.name)': \(violation).")
        }
        return (value, true)
    }

    /// `untyped` lists the positions with no value to compare: a missing cell or one that is
    /// not of its type. It is almost always empty, which costs nothing to build.
    private mutating func checkKeys(_ values: [CellValue], untyped: [Int]) {
        for (position, _) in uniqueKeys {
            guard !untyped.contains(position), !values[position].isNull else { continue }
            if uniqueKeys[position]?.insert([values[position]]) == false {
                report("unique-error", row: rowNumber, field: rules[position].field.name, cell: text(values[position]),
                       message: "Field '\(rules[position].field.name)' must be unique; this value appeared before.")
            }
        }
        guard !primaryKey.isEmpty, untyped.isEmpty || primaryKey.allSatisfy({ !untyped.contains($0) }) else { return }
        if primaryKey.count == 1, case .integer(let number) = values[primaryKey[0]] {
            // The common key, an integer id: no key array to build.
            if !primaryKeys.insert(integer: number) {
                report("primary-key", row: rowNumber, message: "Row \(rowNumber) repeats the primary key of an earlier row.")
            }
            return
        }
        let key = primaryKey.map { values[$0] }
        if key.allSatisfy(\.isNull) {
            report("primary-key", row: rowNumber, message: "Row \(rowNumber) has no primary key value.")
        } else if !primaryKeys.insert(key) {
            report("primary-key", row: rowNumber, message: "Row \(rowNumber) repeats the primary key of an earlier row.")
        }
    }

    private func text(_ value: CellValue) -> String {
        switch value {
        case .null: return ""
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .boolean(let value): return String(value)
        case .text(let value): return value
        }
    }

    private mutating func report(_ code: String, row: Int? = nil, field: String? = nil, cell: String? = nil, message: String) {
        errorCount += 1
        if errors.count < maxReportedErrors {
            errors.append(TableError(code: code, row: row, field: field, cell: cell, message: message))
        }
    }
}

/// One field's checks, prepared once per upload (parsed enum values, a compiled pattern). A
/// class so that the per-cell loop passes one reference instead of copying the field.
final class ColumnRule {
    let field: TableSchema.Field
    let required: Bool
    private let missingValues: Set<String>
    private let onlyEmptyIsMissing: Bool
    private let hasConstraints: Bool
    private let minLength: Int?
    private let maxLength: Int?
    private let minimum: Double?
    private let maximum: Double?
    private let enumValues: [CellValue]?
    private let pattern: Regex<AnyRegexOutput>?
    /// Pattern verdicts by value. Pattern-constrained columns are mostly codes with few
    /// distinct values, and a regular expression match costs far more than a lookup.
    private var patternVerdicts: [String: Bool] = [:]
    private static let maxPatternVerdicts = 4_096

    init(_ field: TableSchema.Field, missingValues: [String]) {
        self.field = field
        let constraints = field.constraints
        self.required = constraints?.required == true
        self.missingValues = Set(missingValues)
        self.onlyEmptyIsMissing = missingValues == [""]
        self.minLength = constraints?.minLength
        self.maxLength = constraints?.maxLength
        self.minimum = constraints?.minimum
        self.maximum = constraints?.maximum
        self.enumValues = constraints?.enum.map { $0.compactMap { FieldParser.parse($0, as: field) } }
        self.pattern = constraints?.pattern.flatMap { try? Regex($0) }
        self.hasConstraints = minLength != nil || maxLength != nil || minimum != nil || maximum != nil || enumValues != nil || pattern != nil
    }

    /// The text that stands for "no value" (for JSON `null`): the first missing value.
    var missingMarker: String { missingValues.contains("") ? "" : missingValues.first ?? "" }

    func isMissing(_ cell: String) -> Bool {
        onlyEmptyIsMissing ? cell.isEmpty : missingValues.contains(cell)
    }

    func violations(_ value: CellValue, _ cell: String) -> [String] {
        guard hasConstraints else { return [] }
        var found: [String] = []
        if field.type == .string, case .text(let text) = value {
            if minLength != nil || maxLength != nil {
                // A string has at most as many scalars as UTF-8 bytes and at least a quarter as
                // many: most lengths are decided without counting.
                let bytes = text.utf8.count
                if let minimum = minLength, bytes < minimum || (bytes / 4 < minimum && text.unicodeScalars.count < minimum) {
                    found.append("shorter than minLength \(minimum)")
                }
                if let maximum = maxLength, bytes > maximum, text.unicodeScalars.count > maximum {
                    found.append("longer than maxLength \(maximum)")
                }
            }
            if pattern != nil, !matchesPattern(text) {
                found.append("does not match pattern '\(field.constraints?.pattern ?? "")'")
            }
        }
        if let number = value.numeric {
            if let minimum, !(number >= minimum) { found.append("less than minimum \(minimum.shortestText)") }
            if let maximum, !(number <= maximum) { found.append("greater than maximum \(maximum.shortestText)") }
        }
        if let enumValues, !enumValues.contains(value) {
            found.append("not one of \(field.constraints?.enum ?? [])")
        }
        return found
    }

    private func matchesPattern(_ text: String) -> Bool {
        if let known = patternVerdicts[text] { return known }
        let verdict = (try? pattern?.wholeMatch(in: text)) != nil
        if patternVerdicts.count < Self.maxPatternVerdicts { patternVerdicts[text] = verdict }
        return verdict
    }
}
