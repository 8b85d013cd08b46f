import Foundation

/// Solr's date syntax for `metadata_modified` and `metadata_created`: an instant
/// (`2026-01-31T12:00:00Z`, with any fraction of a second, as Python's `isoformat()` writes
/// for ckanext-harvest) or `NOW`, followed by any number of steps `+3DAYS`, `-1MONTH` and
/// roundings `/DAY`, applied left to right in UTC, as Solr's DateMathParser does.
///
/// Pure: `now` is passed in, so a query means the same whenever a test evaluates it.
public enum SolrDateMath {
    public struct Failure: Error, Equatable {
        public var message: String
    }

    public static func date(_ text: String, now: Date) throws(Failure) -> Date {
        var rest = Substring(text)
        var date: Date
        if rest.hasPrefix("NOW") {
            date = now
            rest = rest.dropFirst(3)
        } else {
            guard let z = rest.firstIndex(of: "Z"), let parsed = instant(rest[..<z]) else {
                throw Failure(message: "'\(text)' is not a date; write 2026-01-31T00:00:00Z or NOW, with steps such as NOW-1DAY or NOW/DAY")
            }
            date = parsed
            rest = rest[rest.index(after: z)...]
        }
        while let operation = rest.first {
            rest = rest.dropFirst()
            var digits = ""
            if operation == "+" || operation == "-" {
                while let digit = rest.first, digit.isNumber {
                    digits.append(digit)
                    rest = rest.dropFirst()
                }
                guard !digits.isEmpty else { throw Failure(message: "'\(operation)' in '\(text)' must be followed by a number and a unit, such as -1DAY") }
            } else if operation != "/" {
                throw Failure(message: "'\(operation)' in '\(text)' is not date math; use +, - or /")
            }
            let word = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(word.count)
            guard let unit = Unit(word) else {
                throw Failure(message: "'\(word)' in '\(text)' is not a unit; use YEAR, MONTH, DAY, HOUR, MINUTE, SECOND or MILLI")
            }
            if operation == "/" {
                date = unit.round(date)
            } else {
                guard let amount = Int(digits), let moved = unit.add(operation == "-" ? -amount : amount, to: date) else {
                    throw Failure(message: "'\(text)' is out of range")
                }
                date = moved
            }
        }
        return date
    }

    /// `YYYY-MM-DDThh:mm:ss[.fff…]`, read as UTC (CKAN's own timestamps, without the `Z`).
    public static func instant(_ text: Substring) -> Date? {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let day = parts[0].split(separator: "-").compactMap { Int($0) }
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard day.count == 3, time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]) else { return nil }
        let seconds = time[2].split(separator: ".", omittingEmptySubsequences: false)
        guard let second = Int(seconds[0]), seconds.count <= 2 else { return nil }
        var fraction = 0.0
        if seconds.count == 2 {
            guard !seconds[1].isEmpty, seconds[1].allSatisfy(\.isNumber), let value = Double("0." + seconds[1]) else { return nil }
            fraction = value
        }
        let components = DateComponents(year: day[0], month: day[1], day: day[2], hour: hour, minute: minute, second: second)
        guard (1...12).contains(day[1]), (1...31).contains(day[2]), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date.addingTimeInterval(fraction)
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    private enum Unit {
        case year, month, day, hour, minute, second, milli

        init?(_ word: Substring) {
            switch word {
            case "YEAR", "YEARS": self = .year
            case "MONTH", "MONTHS": self = .month
            case "DAY", "DAYS", "DATE": self = .day
            case "HOUR", "HOURS": self = .hour
            case "MINUTE", "MINUTES": self = .minute
            case "SECOND", "SECONDS": self = .second
            case "MILLI", "MILLIS", "MILLISECOND", "MILLISECONDS": self = .milli
            default: return nil
            }
        }

        func add(_ amount: Int, to date: Date) -> Date? {
            switch self {
            case .year: return SolrDateMath.calendar.date(byAdding: .year, value: amount, to: date)
            case .month: return SolrDateMath.calendar.date(byAdding: .month, value: amount, to: date)
            case .day: return SolrDateMath.calendar.date(byAdding: .day, value: amount, to: date)
            case .hour: return date.addingTimeInterval(Double(amount) * 3_600)
            case .minute: return date.addingTimeInterval(Double(amount) * 60)
            case .second: return date.addingTimeInterval(Double(amount))
            case .milli: return date.addingTimeInterval(Double(amount) / 1_000)
            }
        }

        /// The start of the unit holding `date`.
        func round(_ date: Date) -> Date {
            let kept: Set<Calendar.Component>
            switch self {
            case .year: kept = [.year]
            case .month: kept = [.year, .month]
            case .day: kept = [.year, .month, .day]
            case .hour: kept = [.year, .month, .day, .hour]
            case .minute: kept = [.year, .month, .day, .hour, .minute]
            case .second: kept = [.year, .month, .day, .hour, .minute, .second]
            case .milli: return Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1_000).rounded(.down) / 1_000)
            }
            return SolrDateMath.calendar.date(from: SolrDateMath.calendar.dateComponents(kept, from: date)) ?? date
        }
    }
}
