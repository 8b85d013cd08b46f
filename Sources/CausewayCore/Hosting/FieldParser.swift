/// Turns the text of a cell into a typed value for one Table Schema field type, accepting what
/// Frictionless accepts for the type's default format: a cell that Frictionless calls valid
/// should be valid here too, and the interop corpus checks that they agree.
public enum FieldParser {
    /// Parses `text`, or returns nil when it is not a value of `type`.
    public static func parse(_ text: String, as field: TableSchema.Field) -> CellValue? {
        switch field.type {
        case .string:
            guard let format = field.format, format != "default" else { return .text(text) }
            return stringFormat(text, format) ? .text(text) : nil
        case .any:
            return .text(text)
        case .integer:
            return integer(text).map(CellValue.integer)
        case .number:
            return number(text).map(CellValue.number)
        case .boolean:
            if (field.trueValues ?? defaultTrue).contains(text) { return .boolean(true) }
            if (field.falseValues ?? defaultFalse).contains(text) { return .boolean(false) }
            return nil
        case .date:
            return date(text).map(CellValue.text)
        case .datetime:
            return datetime(text).map(CellValue.text)
        case .time:
            return time(Substring(text)).map(CellValue.text)
        case .year:
            let utf8 = text.utf8
            guard utf8.count == 4, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let year = Int64(text) else { return nil }
            return .integer(year)
        case .geopoint:
            return geopoint(text).map(CellValue.text)
        }
    }

    static let defaultTrue: [String] = ["true", "True", "TRUE", "1"]
    static let defaultFalse: [String] = ["false", "False", "FALSE", "0"]

    /// Whether a field type reads values the parser does not support in a format the schema names.
    public static func supports(_ field: TableSchema.Field) -> Bool {
        guard let format = field.format, format != "default" else { return true }
        switch field.type {
        case .string: return ["email", "uri", "uuid", "binary"].contains(format)
        case .date, .datetime, .time: return format == "any"
        default: return false
        }
    }

    // MARK: Numbers

    /// Python's `int()`: optional surrounding whitespace, a sign, digits with single underscores
    /// between them. Values outside 64 bits are refused (Python would take them).
    static func integer(_ text: String) -> Int64? {
        var digits = text.utf8[...]
        while let first = digits.first, isSpace(first) { digits = digits.dropFirst() }
        while let last = digits.last, isSpace(last) { digits = digits.dropLast() }
        var negative = false
        if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard let first = digits.first, isDigit(first), let last = digits.last, isDigit(last) else { return nil }
        var value: Int64 = 0
        var previousUnderscore = false
        for byte in digits {
            if byte == UInt8(ascii: "_") {
                if previousUnderscore { return nil }
                previousUnderscore = true
                continue
            }
            guard isDigit(byte) else { return nil }
            previousUnderscore = false
            let (multiplied, overflow1) = value.multipliedReportingOverflow(by: 10)
            let digit = Int64(byte - 0x30)
            let (next, overflow2) = negative ? multiplied.subtractingReportingOverflow(digit) : multiplied.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
        }
        return value
    }

    /// Python's `float()`: decimal, exponent, `nan`, `inf`, `infinity` in any case, with
    /// whitespace around and single underscores between digits.
    static func number(_ text: String) -> Double? {
        if let plain = plainDecimal(text) { return plain }
        var utf8 = text.utf8[...]
        while let first = utf8.first, isSpace(first) { utf8 = utf8.dropFirst() }
        while let last = utf8.last, isSpace(last) { utf8 = utf8.dropLast() }
        guard !utf8.isEmpty else { return nil }
        var body = utf8
        var sign: Double = 1
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            if first == UInt8(ascii: "-") { sign = -1 }
            body = body.dropFirst()
        }
        let word = String(Substring(body)).lowercased()
        if word == "nan" { return .nan }
        if word == "inf" || word == "infinity" { return sign * .infinity }
        // Decimal syntax: digits [. digits] [e [sign] digits], at least one digit in the mantissa.
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(body.count)
        var previous: UInt8 = 0
        var mantissaDigits = 0
        var seenDot = false
        var seenExponent = false
        var exponentDigits = 0
        for byte in body {
            if byte == UInt8(ascii: "_") {
                guard isDigit(previous) else { return nil }
                previous = byte
                continue
            }
            if isDigit(byte) {
                if seenExponent { exponentDigits += 1 } else { mantissaDigits += 1 }
            } else if byte == UInt8(ascii: ".") {
                guard !seenDot, !seenExponent, previous != UInt8(ascii: "_") else { return nil }
                seenDot = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                guard !seenExponent, mantissaDigits > 0, previous != UInt8(ascii: "_") else { return nil }
                seenExponent = true
            } else if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                guard previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return nil }
            } else {
                return nil
            }
            if previous == UInt8(ascii: "_"), !isDigit(byte) { return nil }
            cleaned.append(byte)
            previous = byte
        }
        guard mantissaDigits > 0, !seenExponent || exponentDigits > 0, previous != UInt8(ascii: "_") else { return nil }
        guard let value = Double(String(decoding: cleaned, as: UTF8.self)) else { return nil }
        return sign * value
    }

    /// The common case, `-12.5`: an optional sign, digits and at most one dot, nothing else.
    /// Read directly; anything else takes the general path above.
    private static func plainDecimal(_ text: String) -> Double? {
        // nil: not plain; .nan: plain but too many digits for the exact shortcut below.
        let scanned = text.utf8.withContiguousStorageIfAvailable { bytes -> Double? in
            guard !bytes.isEmpty else { return nil }
            var digits = 0
            var dots = 0
            var mantissa: UInt64 = 0
            var fractionDigits = 0
            var negative = false
            for (index, byte) in bytes.enumerated() {
                if isDigit(byte) {
                    digits += 1
                    if digits <= 15 { mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0")) }
                    if dots == 1 { fractionDigits += 1 }
                } else if byte == UInt8(ascii: ".") {
                    dots += 1
                } else if index == 0 && (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")) {
                    negative = byte == UInt8(ascii: "-")
                } else {
                    return nil
                }
            }
            guard digits > 0, dots <= 1 else { return nil }
            // Clinger's fast path: a mantissa below 2^53 and a power of ten up to 10^22 are
            // both exact doubles, so one IEEE division rounds exactly as strtod would.
            guard digits <= 15, fractionDigits < exactPowersOfTen.count else { return .nan }
            let magnitude = Double(mantissa) / exactPowersOfTen[fractionDigits]
            return negative ? -magnitude : magnitude
        }
        guard let scanned, let scanned else { return nil }
        return scanned.isNaN ? Double(text) : scanned
    }

    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { power, _ in power * 10 }
    }

    // MARK: Dates and times

    /// `%Y-%m-%d` as `strptime` reads it (month and day may have one digit); a real calendar
    /// date. Stored as `YYYY-MM-DD`.
    static func date(_ text: String) -> String? {
        if text.utf8.withContiguousStorageIfAvailable({ $0.count == 10 && isCanonicalDate($0, at: 0) }) == true { return text }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              let year = digits(parts[0]), let month = digits(parts[1]), let day = digits(parts[2]),
              isDate(year: year, month: month, day: day) else { return nil }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// ISO 8601 as Python's `datetime.fromisoformat` reads it: a date, `T` or a space, a time,
    /// and an optional `Z` or numeric offset. Stored in the same shape, with `T`.
    static func datetime(_ text: String) -> String? {
        // `2021-01-05T05:00:00` or with `Z`: already in the stored shape.
        let canonical = text.utf8.withContiguousStorageIfAvailable { bytes in
            (bytes.count == 19 || (bytes.count == 20 && bytes[19] == UInt8(ascii: "Z")))
                && bytes[10] == UInt8(ascii: "T") && isCanonicalDate(bytes, at: 0) && isCanonicalTime(bytes, at: 11)
        }
        if canonical == true { return text }
        guard text.utf8.count >= 16 else { return nil }
        let dateEnd = text.index(text.startIndex, offsetBy: 10)
        let separator = text[dateEnd]
        guard separator == "T" || separator == " ", let day = strictDate(text[..<dateEnd]),
              let clock = time(text[text.index(after: dateEnd)...]) else { return nil }
        return day + "T" + clock
    }

    /// `HH:MM:SS[.ffffff]` with an optional `Z` or offset. Stored as given, normalised.
    static func time(_ text: Substring) -> String? {
        if text.utf8.withContiguousStorageIfAvailable({ $0.count == 8 && isCanonicalTime($0, at: 0) }) == true { return String(text) }
        var clock = text
        var zone = ""
        if clock.hasSuffix("Z") {
            zone = "Z"
            clock = clock.dropLast()
        } else if let signIndex = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offset = clock[clock.index(after: signIndex)...]
            let pieces = offset.split(separator: ":", omittingEmptySubsequences: false)
            let hours: Int?, minutes: Int?
            if pieces.count == 2 {
                hours = pieces[0].count == 2 ? digits(pieces[0]) : nil
                minutes = pieces[1].count == 2 ? digits(pieces[1]) : nil
            } else if offset.count == 4 {
                hours = digits(offset.prefix(2))
                minutes = digits(offset.suffix(2))
            } else {
                return nil
            }
            guard let hours, let minutes, hours < 24, minutes < 60 else { return nil }
            zone = "\(clock[signIndex])\(pad(hours, 2)):\(pad(minutes, 2))"
            clock = clock[..<signIndex]
        }
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2,
              let hour = digits(parts[0]), let minute = digits(parts[1]), hour < 24, minute < 60 else { return nil }
        let secondParts = parts[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard secondParts[0].count == 2, let second = digits(secondParts[0]), second < 60 else { return nil }
        var result = "\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if secondParts.count == 2 {
            guard (1...6).contains(secondParts[1].count), digits(secondParts[1]) != nil else { return nil }
            result += "." + secondParts[1]
        }
        return result + zone
    }

    private static func strictDate(_ text: Substring) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = digits(parts[0]), let month = digits(parts[1]), let day = digits(parts[2]),
              isDate(year: year, month: month, day: day) else { return nil }
        return String(text)
    }

    static func isDate(year: Int, month: Int, day: Int) -> Bool {
        guard year >= 1, (1...12).contains(month), day >= 1 else { return false }
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return day <= (leap ? 29 : 28)
        case 4, 6, 9, 11: return day <= 30
        default: return day <= 31
        }
    }

    /// `YYYY-MM-DD` at `start`, a real calendar date.
    private static func isCanonicalDate(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard bytes.count >= start + 10, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
              let year = number(bytes, start, 4), let month = number(bytes, start + 5, 2), let day = number(bytes, start + 8, 2)
        else { return false }
        return isDate(year: year, month: month, day: day)
    }

    /// `HH:MM:SS` at `start`, within a day.
    private static func isCanonicalTime(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard bytes.count >= start + 8, bytes[start + 2] == UInt8(ascii: ":"), bytes[start + 5] == UInt8(ascii: ":"),
              let hour = number(bytes, start, 2), let minute = number(bytes, start + 3, 2), let second = number(bytes, start + 6, 2)
        else { return false }
        return hour < 24 && minute < 60 && second < 60
    }

    /// The decimal number in `count` digit bytes at `start`, or nil when one is not a digit.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    // MARK: Other types

    /// The default geopoint format, `"lon, lat"`, within the globe's ranges. Stored as `lon,lat`.
    static func geopoint(_ text: String) -> String? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let longitude = number(String(parts[0])), let latitude = number(String(parts[1])),
              (-180...180).contains(longitude), (-90...90).contains(latitude) else { return nil }
        return "\(longitude.shortestText),\(latitude.shortestText)"
    }

    static func stringFormat(_ text: String, _ format: String) -> Bool {
        switch format {
        case "email":
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
            let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
            return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty } && (labels.last?.count ?? 0) >= 2
        case "uri":
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex,
                  let first = text.first, first.isLetter, text[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else { return false }
            return !text.contains(where: \.isWhitespace) && text.index(after: colon) < text.endIndex
        case "uuid":
            let hex = text.replacingOccurrences(of: "-", with: "")
            return hex.count == 32 && hex.allSatisfy(\.isHexDigit) && (text.count == 32 || text.count == 36)
        case "binary":
            let utf8 = text.utf8
            return utf8.count % 4 == 0 && utf8.allSatisfy { isDigit($0) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2B || $0 == 0x2F || $0 == 0x3D }
        default:
            return false
        }
    }

    // MARK: Helpers

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    private static func digits(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy(isDigit) else { return nil }
        return Int(text)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
