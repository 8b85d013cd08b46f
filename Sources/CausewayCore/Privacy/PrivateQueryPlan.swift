import Foundation

/// A ``PrivateQuery`` checked against a table's schema and the fields an agreement allows:
/// the aggregates to ask the store for, how groups are released, and the noise each figure
/// gets. Building a plan reads no data, so a refused query has spent nothing.
public struct PrivateQueryPlan: Sendable, Hashable {
    /// How the groups in an answer are chosen.
    public enum Release: Sendable, Hashable {
        /// No grouping: one figure.
        case single
        /// Declared in advance (by the schema's `enum`, a boolean, or the query's `groups`):
        /// every one answered, empty ones too, so absence reveals nothing.
        case declared([[CellValue]])
        /// Keys found in the data, each released only when its noisy count clears
        /// `threshold`, which a group of one person's rows clears with probability ≤ δ.
        case threshold(Int64)
    }

    public var query: PrivateQuery
    public var loss: PrivacyLoss
    public var aggregates: AggregateRequest
    public var groupNames: [String]
    public var release: Release
    /// The most rows one person contributes (1 without `perPerson`: each row is a person).
    public var rowsPerPerson: Int64
    public var quantiles: [Double]
    /// δ of a threshold release (0 otherwise).
    public var delta: Double

    public static let thresholdDelta = 1e-6
    public static let maxGroups = 10_000
    public static let maxBins = 1_000

    /// Checks the query; every problem is reported at once with its JSON pointer.
    public init(_ query: PrivateQuery, schema: TableSchema, allowedFields: Set<String>? = nil) throws(ValidationError) {
        var validator = Validator()
        self.query = query
        let names = schema.fieldNames
        func position(_ name: String, _ pointer: String) -> Int? {
            guard let index = names.firstIndex(of: name) else {
                validator.add(FieldError(pointer, "'\(name)' is not a column of the table (columns: \(names.joined(separator: ", ")))"))
                return nil
            }
            if let allowedFields, !allowedFields.contains(name) {
                validator.add(FieldError(pointer, "'\(name)' is not among the fields the agreement allows (\(allowedFields.sorted().joined(separator: ", ")))"))
                return nil
            }
            return index
        }

        // The loss.
        var loss = PrivacyLoss.epsilon(1)
        switch (query.loss.epsilon, query.loss.rho) {
        case (let epsilon?, nil):
            do { loss = try PrivacyLoss.epsilon(epsilon).validated() } catch { validator.add(FieldError("/loss/epsilon", error.reason)) }
        case (nil, let rho?):
            do { loss = try PrivacyLoss.rho(rho).validated() } catch { validator.add(FieldError("/loss/rho", error.reason)) }
        default:
            validator.add(FieldError("/loss", "state the privacy loss to spend as {\"epsilon\": …} or {\"rho\": …}, one of them"))
        }
        self.loss = loss

        // Filters.
        var filters: [RecordQuery.Filter] = []
        for (index, condition) in (query.where ?? []).enumerated() {
            let pointer = "/where/\(index)"
            guard let field = position(condition.field, pointer + "/field") else { continue }
            guard let value = FieldParser.parse(condition.value.text, as: schema.fields[field]) else {
                validator.add(FieldError(pointer + "/value", "is not a value of '\(condition.field)' (\(schema.fields[field].type.rawValue))"))
                continue
            }
            filters.append(.init(field: field, comparison: condition.op ?? .eq, values: [value]))
        }

        // The person column.
        var cap: AggregateRequest.PersonCap?
        if let perPerson = query.perPerson {
            let field = position(perPerson.column, "/perPerson/column")
            validator.check((1...1_000).contains(perPerson.maxRows), "/perPerson/maxRows", "must be between 1 and 1,000")
            if let field { cap = .init(field: field, maxRows: min(max(perPerson.maxRows, 1), 1_000)) }
        }
        rowsPerPerson = Int64(cap?.maxRows ?? 1)

        // The measure.
        var measure: AggregateRequest.Measure?
        let needsMeasure = query.statistic != .count
        if needsMeasure {
            if let name = query.column, let field = position(name, "/column") {
                let type = schema.fields[field].type
                if ![.integer, .number, .year].contains(type) {
                    validator.add(FieldError("/column", "'\(name)' is \(type.rawValue); a \(query.statistic.rawValue) needs a numeric column"))
                } else if let bounds = query.bounds {
                    let granularity = query.granularity ?? (type == .number ? 0.01 : 1)
                    if !(granularity.isFinite && granularity > 0) {
                        validator.add(FieldError("/granularity", "must be a positive number"))
                    } else if !(bounds.lower.isFinite && bounds.upper.isFinite) || bounds.lower >= bounds.upper {
                        validator.add(FieldError("/bounds", "must be finite numbers with lower below upper, so that some value lies between them"))
                    } else {
                        let lower = (bounds.lower / granularity).rounded(.up), upper = (bounds.upper / granularity).rounded(.down)
                        if lower > upper {
                            validator.add(FieldError("/bounds", "contain no multiple of the granularity \(granularity)"))
                        } else if max(abs(lower), abs(upper)) * Double(rowsPerPerson) > Double(NoiseMechanism.largestSensitivity) {
                            validator.add(FieldError("/bounds", "let one person move a sum by more than \(NoiseMechanism.largestSensitivity) units of \(granularity); narrow the bounds or coarsen the granularity"))
                        } else {
                            measure = .init(field: field, lower: Int64(lower), upper: Int64(upper), granularity: granularity)
                        }
                    }
                } else {
                    validator.add(FieldError("/bounds", "a \(query.statistic.rawValue) needs bounds {\"lower\", \"upper\"}: each value is clamped to them, which limits what one person can change"))
                }
            } else if query.column == nil {
                validator.add(FieldError("/column", "a \(query.statistic.rawValue) needs the numeric column it is computed over"))
            }
        }

        // Quantiles and bins.
        quantiles = query.quantiles ?? [0.5]
        if query.statistic == .quantile {
            validator.check(!quantiles.isEmpty && quantiles.count <= 20, "/quantiles", "must list 1 to 20 quantiles")
            for (index, q) in quantiles.enumerated() {
                validator.check(q > 0 && q < 1, "/quantiles/\(index)", "must be between 0 and 1 (0.5 is the median)")
            }
        }
        var extra = AggregateRequest.Extra.none
        if query.statistic == .histogram {
            let bins = query.bins ?? 10
            validator.check((1...Self.maxBins).contains(bins), "/bins", "must be between 1 and \(Self.maxBins)")
            extra = .bin(count: min(max(bins, 1), Self.maxBins))
        } else if query.statistic == .quantile {
            extra = .value
        }

        // Groups.
        var keys: [Int] = []
        var declared: [[CellValue]]? = [[]]
        let grouping = query.groupBy ?? []
        validator.check(grouping.count <= 4 && Set(grouping).count == grouping.count, "/groupBy", "must name at most four different columns")
        for (index, name) in grouping.prefix(4).enumerated() where !grouping.prefix(index).contains(name) {
            let pointer = "/groupBy/\(index)"
            guard let field = position(name, pointer) else { continue }
            let column = schema.fields[field]
            keys.append(field)
            let freeText = [.string, .any, .geopoint].contains(column.type) && column.constraints?.enum == nil
            if freeText {
                validator.add(FieldError(pointer, "'\(name)' is free text: a group key would reveal what someone wrote; group by a column with declared values (an enum, a boolean, a number or a date)"))
            } else if query.groups != nil {
                continue  // the query declares the keys: read below
            } else if column.type == .boolean {
                declared = declared.map { Self.product($0, [.boolean(false), .boolean(true)]) }
            } else if let values = column.constraints?.enum {
                let parsed = values.compactMap { FieldParser.parse($0, as: column) }
                declared = declared.map { Self.product($0, parsed) }
            } else {
                declared = nil
            }
        }
        if let listed = query.groups {
            validator.check(listed.count <= Self.maxGroups, "/groups", "declares \(listed.count) groups; at most \(Self.maxGroups)")
            var parsed: [[CellValue]] = []
            for (row, key) in listed.prefix(Self.maxGroups).enumerated() {
                guard key.count == keys.count else {
                    validator.add(FieldError("/groups/\(row)", "must give one value per groupBy column (\(keys.count))"))
                    continue
                }
                var values: [CellValue] = []
                for (column, text) in key.enumerated() {
                    if let value = FieldParser.parse(text, as: schema.fields[keys[column]]) { values.append(value) }
                    else { validator.add(FieldError("/groups/\(row)/\(column)", "is not a value of '\(schema.fields[keys[column]].name)'")) }
                }
                parsed.append(values)
            }
            validator.check(query.groupBy?.isEmpty == false, "/groups", "declares groups but groupBy names no column")
            declared = parsed
        }
        groupNames = keys.map { names[$0] }
        if keys.isEmpty {
            release = .single
            delta = 0
        } else if let declared {
            validator.check(declared.count <= Self.maxGroups, "/groupBy", "makes \(declared.count) groups; at most \(Self.maxGroups)")
            release = .declared(declared)
            delta = 0
        } else if query.statistic == .count {
            release = .threshold(0)  // set once the noise is known, below
            delta = Self.thresholdDelta
        } else {
            validator.add(FieldError("/groupBy", "groups found in the data can only be released by a count (each above a noisy threshold); for a \(query.statistic.rawValue), declare the groups"))
            release = .single
            delta = 0
        }
        try validator.finish()
        aggregates = AggregateRequest(filters: filters, keys: keys, measure: measure, extra: extra, perPerson: cap)
        if case .threshold = release {
            // A group of one person's rows has a true count of at most rowsPerPerson; it
            // shows only if the noise lifts it over the threshold, which happens with ≤ δ.
            let noise = try? countNoise()
            let above = noise.map { Self.oneSidedWidth($0, probability: Self.thresholdDelta) } ?? 0
            release = .threshold(rowsPerPerson + above + 1)
        }
    }

    /// Every key extended by every value, stopping one past the most groups an answer may
    /// have (so a schema with long value lists cannot make the product explode).
    static func product(_ keys: [[CellValue]], _ values: [CellValue]) -> [[CellValue]] {
        Array(keys.lazy.flatMap { key in values.lazy.map { key + [$0] } }.prefix(maxGroups + 1))
    }

    /// The smallest t with P(noise ≥ t) ≤ p.
    static func oneSidedWidth(_ noise: NoiseMechanism, probability p: Double) -> Int64 {
        var low: Int64 = 0, high = Int64((noise.scale * 80).rounded(.up)) + 10
        while low < high {
            let middle = low + (high - low) / 2
            if noise.tail(beyond: middle) / 2 <= p { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The noise on a count (one person moves it by at most ``rowsPerPerson``).
    func countNoise(_ loss: PrivacyLoss? = nil) throws -> NoiseMechanism {
        try NoiseMechanism(loss: loss ?? self.loss, sensitivity: UInt64(rowsPerPerson))
    }
}

extension PrivacyLoss {
    /// An equal share of the loss, for an answer made of `parts` noisy figures in sequence.
    public func share(_ parts: Int) -> PrivacyLoss {
        switch self {
        case .epsilon(let value): .epsilon(value / Double(parts))
        case .rho(let value): .rho(value / Double(parts))
        }
    }
}
