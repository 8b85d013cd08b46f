/// A Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/): the columns
/// of a tabular distribution, their types and constraints. The catalogue publishes it so that a
/// consumer knows the shape of the data before asking for an agreement, and agreements name
/// their allowed fields against it.
public struct TableSchema: Sendable, Hashable, Codable {
    public var fields: [Field]
    public var primaryKey: [String]?
    public var missingValues: [String]?

    public init(fields: [Field], primaryKey: [String]? = nil, missingValues: [String]? = nil) {
        self.fields = fields
        self.primaryKey = primaryKey
        self.missingValues = missingValues
    }

    public struct Field: Sendable, Hashable, Codable {
        public var name: String
        public var type: FieldType
        public var format: String?
        public var title: String?
        public var description: String?
        public var constraints: Constraints?
        /// Cells that mean true / false for a boolean field (Frictionless `trueValues`, `falseValues`).
        public var trueValues: [String]?
        public var falseValues: [String]?
        /// Causeway extension: index this field in the hosted table, so that filters on it are
        /// fast. The primary key is always indexed.
        public var index: Bool?

        public init(
            name: String, type: FieldType, format: String? = nil, title: String? = nil,
            description: String? = nil, constraints: Constraints? = nil, trueValues: [String]? = nil,
            falseValues: [String]? = nil, index: Bool? = nil
        ) {
            self.name = name
            self.type = type
            self.format = format
            self.title = title
            self.description = description
            self.constraints = constraints
            self.trueValues = trueValues
            self.falseValues = falseValues
            self.index = index
        }
    }

    /// The Table Schema field types Causeway understands.
    public enum FieldType: String, Sendable, Hashable, Codable, CaseIterable {
        case string, integer, number, boolean, date, datetime, time, year, geopoint, any
    }

    public struct Constraints: Sendable, Hashable, Codable {
        public var required: Bool?
        public var unique: Bool?
        public var minimum: Double?
        public var maximum: Double?
        public var minLength: Int?
        public var maxLength: Int?
        public var pattern: String?
        public var `enum`: [String]?

        public init(
            required: Bool? = nil, unique: Bool? = nil, minimum: Double? = nil, maximum: Double? = nil,
            minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil, enum: [String]? = nil
        ) {
            self.required = required
            self.unique = unique
            self.minimum = minimum
            self.maximum = maximum
            self.minLength = minLength
            self.maxLength = maxLength
            self.pattern = pattern
            self.enum = `enum`
        }
    }

    public var fieldNames: [String] { fields.map(\.name) }

    /// Whether rows of `other` fit the same table: the same field names and types in the same
    /// order and the same primary key. Titles, descriptions and constraints may differ.
    public func hasSameColumns(as other: TableSchema) -> Bool {
        fields.map { [$0.name, $0.type.rawValue] } == other.fields.map { [$0.name, $0.type.rawValue] }
            && (primaryKey ?? []) == (other.primaryKey ?? [])
    }

    /// Checks the schema's own consistency: a schema that names a primary key it does not have
    /// would make every later upload fail in a confusing way.
    public func validate() throws(ValidationError) {
        var validator = Validator()
        validator.check(!fields.isEmpty, "/fields", "a schema needs at least one field")
        var seen = Set<String>()
        for (index, field) in fields.enumerated() {
            let trimmed = field.name.trimmed
            validator.check(!trimmed.isEmpty, "/fields/\(index)/name", "field name must not be empty")
            validator.check(field.name.count <= 200, "/fields/\(index)/name", "field name is longer than 200 characters")
            validator.check(seen.insert(field.name).inserted, "/fields/\(index)/name", "duplicate field name '\(field.name)'")
            validator.check(FieldParser.supports(field), "/fields/\(index)/format",
                            "format '\(field.format ?? "")' is not supported for \(field.type.rawValue) fields")
            if let pattern = field.constraints?.pattern {
                validator.check((try? Regex(pattern)) != nil, "/fields/\(index)/constraints/pattern", "is not a valid regular expression")
            }
            if let constraints = field.constraints {
                if let min = constraints.minLength, let max = constraints.maxLength {
                    validator.check(min <= max, "/fields/\(index)/constraints", "minLength is greater than maxLength")
                }
                if let min = constraints.minimum, let max = constraints.maximum {
                    validator.check(min <= max, "/fields/\(index)/constraints", "minimum is greater than maximum")
                }
            }
        }
        for (index, key) in (primaryKey ?? []).enumerated() {
            validator.check(seen.contains(key), "/primaryKey/\(index)", "primary key names unknown field '\(key)'")
        }
        try validator.finish()
    }
}
