import Foundation

/// How one feature's value becomes tokens, exactly as clkhash does it: the value is checked
/// against the feature's format, normalised (integers without leading zeros, dates as
/// `YYYYMMDD`, missing values replaced), then cut into n-grams, kept whole, or spread into a
/// numeric neighbourhood. Pure and `Sendable`.
public enum LinkageTokens {
    /// Why a value cannot be encoded, in words a data engineer can act on.
    public struct InvalidValue: Error, Sendable, Hashable, CustomStringConvertible {
        public var feature: String
        public var reason: String
        public var description: String { "\(feature): \(reason)" }
    }

    /// The tokens of `value` for `feature` (none for an ignored feature or an empty value).
    public static func tokens(_ value: String, feature: LinkageSchema.Feature) throws(InvalidValue) -> [String] {
        guard feature.ignored != true, let format = feature.format, let hashing = feature.hashing else { return [] }
        let formatted: String
        if let missing = hashing.missingValue, missing.sentinel == value {
            formatted = missing.replaceWith ?? missing.sentinel
        } else {
            formatted = try normalised(value, format: format, feature: feature.identifier)
        }
        return try split(formatted, comparison: hashing.comparison, feature: feature.identifier)
    }

    /// Checks a value against its format and returns the text that is tokenised.
    static func normalised(_ value: String, format: LinkageSchema.Format, feature: String) throws(InvalidValue) -> String {
        func fail(_ reason: String) -> InvalidValue { InvalidValue(feature: feature, reason: reason) }
        switch format.type {
        case "string":
            if let pattern = format.pattern {
                guard let regex = try? Regex(pattern), (try? regex.wholeMatch(in: value)) != nil else {
                    throw fail("'\(value)' does not match the pattern \(pattern)")
                }
                return value
            }
            let length = value.unicodeScalars.count
            if let minimum = format.minLength, length < minimum { throw fail("'\(value)' is shorter than \(minimum)") }
            if let maximum = format.maxLength, length > maximum { throw fail("'\(value)' is longer than \(maximum)") }
            switch format.case ?? "mixed" {
            case "upper" where value.uppercased() != value: throw fail("'\(value)' is not upper case")
            case "lower" where value.lowercased() != value: throw fail("'\(value)' is not lower case")
            default: return value
            }
        case "integer":
            guard let number = Int64(value.trimmingCharacters(in: .whitespaces)) else { throw fail("'\(value)' is not an integer") }
            if let minimum = format.minimum, number < minimum { throw fail("\(number) is less than \(minimum)") }
            if let maximum = format.maximum, number > maximum { throw fail("\(number) is more than \(maximum)") }
            return String(number)
        case "date":
            guard let (year, month, day) = parseDate(value, format: format.format ?? "") else {
                throw fail("'\(value)' is not a date in the format \(format.format ?? "")")
            }
            return String(format: "%04d%02d%02d", year, month, day)
        case "enum":
            guard (format.values ?? []).contains(value) else { throw fail("'\(value)' is not one of \((format.values ?? []).joined(separator: ", "))") }
            return value
        default:
            throw fail("unknown format \(format.type)")
        }
    }

    static func split(_ text: String, comparison: LinkageSchema.Comparison, feature: String) throws(InvalidValue) -> [String] {
        guard !text.isEmpty else { return [] }
        switch comparison.type {
        case "ngram":
            let n = comparison.n ?? 2
            var scalars = Array(text.unicodeScalars)
            if n > 1 {
                let pad = [Unicode.Scalar](repeating: " ", count: n - 1)
                scalars = pad + scalars + pad
            }
            guard scalars.count >= n else { return [] }
            return (0...(scalars.count - n)).map { index in
                var gram = String.UnicodeScalarView()
                gram.append(contentsOf: scalars[index..<index + n])
                return comparison.positional == true ? "\(index + 1) \(String(gram))" : String(gram)
            }
        case "exact":
            return [text]
        case "numeric":
            return try neighbourhood(text, comparison: comparison, feature: feature)
        default:
            throw InvalidValue(feature: feature, reason: "unknown comparison \(comparison.type)")
        }
    }

    /// Vatsalan and Christen's neighbourhood of a number, quantised as clkhash quantises it.
    static func neighbourhood(_ text: String, comparison: LinkageSchema.Comparison, feature: String) throws(InvalidValue) -> [String] {
        let precision = comparison.fractional_precision ?? 0
        let scale = (0..<precision).reduce(Int64(1)) { value, _ in value * 10 }
        let interval = Int64((( comparison.thresholdDistance ?? 0) * Double(scale)).rounded(.toNearestOrEven))
        let resolution = Int64(comparison.resolution ?? 1)
        guard interval > 0 else { throw InvalidValue(feature: feature, reason: "not enough fractional precision for the threshold distance") }
        var value: Int64
        if let whole = Int64(text) {
            value = whole * scale
        } else if let real = Double(text), real.isFinite, abs(real * Double(scale)) < 9e15 {
            value = precision > 0 ? Int64((real * Double(scale)).rounded(.toNearestOrEven)) : Int64(real)
        } else {
            throw InvalidValue(feature: feature, reason: "'\(text)' is not a number")
        }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: 2 * resolution)
        guard !overflow else { throw InvalidValue(feature: feature, reason: "'\(text)' is too large") }
        value = scaled
        let residue = ((value % interval) + interval) % interval
        if residue != 0 {
            value = Double(residue) < Double(interval) / 2 ? value - residue : value + (interval - residue)
        }
        return (-resolution...resolution).map { String(value + $0 * interval) }
    }

    /// The `strptime` subset dates are written in: `%Y`, `%y`, `%m`, `%d`, `%H`, `%M`, `%S`
    /// and literal characters.
    static func parseDate(_ text: String, format: String) -> (Int, Int, Int)? {
        var input = Substring(text)
        var year: Int?, month = 1, day = 1
        var directives = format.makeIterator()
        func digits(_ most: Int) -> Int? {
            let run = input.prefix(most).prefix { $0.isASCII && $0.isNumber }
            guard !run.isEmpty, let value = Int(run) else { return nil }
            input = input.dropFirst(run.count)
            return value
        }
        while let character = directives.next() {
            guard character == "%" else {
                guard input.first == character else { return nil }
                input = input.dropFirst()
                continue
            }
            switch directives.next() {
            case "Y": guard let value = digits(4) else { return nil }; year = value
            case "y": guard let value = digits(2) else { return nil }; year = value < 69 ? 2000 + value : 1900 + value
            case "m": guard let value = digits(2), (1...12).contains(value) else { return nil }; month = value
            case "d": guard let value = digits(2), (1...31).contains(value) else { return nil }; day = value
            case "H", "M", "S": guard digits(2) != nil else { return nil }
            case "%": guard input.first == "%" else { return nil }; input = input.dropFirst()
            default: return nil
            }
        }
        guard input.isEmpty, let year else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == day else { return nil }
        return (year, month, day)
    }
}
