import Foundation

/// Removes every field an agreement does not allow from a JSON answer by copying bytes: an
/// object, an array of objects, or an object that wraps them under `records` or `data`. The
/// kept values are copied as they were written — numbers keep their exact text, nothing is
/// parsed into doubles or re-encoded — and the work is one pass over the bytes.
///
/// Returns nil for anything that is not such a document (a scalar, malformed JSON), which the
/// gateway refuses rather than pass on unreduced.
public struct JSONFieldFilter: Sendable {
    public static let wrappers: Set<String> = ["records", "data"]
    /// The allowed names, sorted, and each one's UTF-8 bytes: a key is matched by comparing
    /// bytes, without making a `String` of it, since an answer has a key per field per record.
    private let names: [String]
    private let nameBytes: [[UInt8]]

    public init(allowed: Set<String>) {
        names = allowed.sorted()
        nameBytes = names.map { Array($0.utf8) }
    }

    public struct Result: Sendable {
        public var bytes: [UInt8]
        /// The allowed fields that occurred, sorted.
        public var fields: [String]
    }

    public func reduce(_ input: [UInt8]) -> Result? {
        var scanner = Scanner(bytes: input)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var seen = Array(repeating: false, count: names.count)
        scanner.skipSpace()
        guard let first = scanner.peek else { return nil }
        switch first {
        case UInt8(ascii: "{"): guard filterObject(&scanner, &output, &seen, topLevel: true) else { return nil }
        case UInt8(ascii: "["): guard filterArray(&scanner, &output, &seen) else { return nil }
        default: return nil
        }
        scanner.skipSpace()
        guard scanner.atEnd else { return nil }
        return Result(bytes: output, fields: zip(names, seen).filter(\.1).map(\.0))
    }

    /// The position of the key in ``names``, or nil when it is not allowed.
    private func allowedIndex(_ key: Scanner.StringSpan, in bytes: [UInt8]) -> Int? {
        if key.escaped {
            guard let decoded = JSONText.unescape(bytes[key.inner]) else { return nil }
            return names.firstIndex(of: decoded)
        }
        let inner = bytes[key.inner]
        return nameBytes.firstIndex { $0.count == inner.count && $0.elementsEqual(inner) }
    }

    /// Whether the key is `records` or `data`.
    private static func isWrapper(_ key: Scanner.StringSpan, in bytes: [UInt8]) -> Bool {
        guard !key.escaped else { return JSONText.unescape(bytes[key.inner]).map(wrappers.contains) ?? false }
        let inner = bytes[key.inner]
        return inner.elementsEqual("records".utf8) || inner.elementsEqual("data".utf8)
    }

    /// Copies an object's allowed members; at the top level a `records`/`data` member that
    /// holds an array or object is filtered and kept too.
    private func filterObject(_ scanner: inout Scanner, _ output: inout [UInt8], _ seen: inout [Bool], topLevel: Bool) -> Bool {
        guard scanner.take(UInt8(ascii: "{")) else { return false }
        output.append(UInt8(ascii: "{"))
        var wrote = false
        scanner.skipSpace()
        if scanner.take(UInt8(ascii: "}")) {
            output.append(UInt8(ascii: "}"))
            return true
        }
        while true {
            scanner.skipSpace()
            guard let key = scanner.string() else { return false }
            scanner.skipSpace()
            guard scanner.take(UInt8(ascii: ":")) else { return false }
            scanner.skipSpace()
            let wrapper = topLevel && (scanner.peek == UInt8(ascii: "[") || scanner.peek == UInt8(ascii: "{"))
                && Self.isWrapper(key, in: scanner.bytes)
            let index = wrapper ? nil : allowedIndex(key, in: scanner.bytes)
            if wrapper || index != nil {
                if wrote { output.append(UInt8(ascii: ",")) }
                output.append(contentsOf: scanner.bytes[key.raw])
                output.append(UInt8(ascii: ":"))
                wrote = true
                if wrapper {
                    let ok = scanner.peek == UInt8(ascii: "[") ? filterArray(&scanner, &output, &seen)
                        : filterObject(&scanner, &output, &seen, topLevel: false)
                    guard ok else { return false }
                } else {
                    guard let value = scanner.value() else { return false }
                    output.append(contentsOf: scanner.bytes[value])
                    if let index { seen[index] = true }
                }
            } else {
                guard scanner.value() != nil else { return false }
            }
            scanner.skipSpace()
            if scanner.take(UInt8(ascii: ",")) { continue }
            guard scanner.take(UInt8(ascii: "}")) else { return false }
            output.append(UInt8(ascii: "}"))
            return true
        }
    }

    /// Copies an array with each object filtered; anything else in it becomes `null`.
    private func filterArray(_ scanner: inout Scanner, _ output: inout [UInt8], _ seen: inout [Bool]) -> Bool {
        guard scanner.take(UInt8(ascii: "[")) else { return false }
        output.append(UInt8(ascii: "["))
        scanner.skipSpace()
        if scanner.take(UInt8(ascii: "]")) {
            output.append(UInt8(ascii: "]"))
            return true
        }
        var index = 0
        while true {
            scanner.skipSpace()
            if index > 0 { output.append(UInt8(ascii: ",")) }
            if scanner.peek == UInt8(ascii: "{") {
                guard filterObject(&scanner, &output, &seen, topLevel: false) else { return false }
            } else {
                guard scanner.value() != nil else { return false }
                output.append(contentsOf: Scanner.null)
            }
            index += 1
            scanner.skipSpace()
            if scanner.take(UInt8(ascii: ",")) { continue }
            guard scanner.take(UInt8(ascii: "]")) else { return false }
            output.append(UInt8(ascii: "]"))
            return true
        }
    }

    /// A cursor over JSON bytes that validates as it skips, and hands out positions rather
    /// than copies.
    struct Scanner {
        static let null = Array("null".utf8)
        static let literals = [Array("true".utf8), Array("false".utf8), null]

        /// Where a string lies: `raw` with its quotes, `inner` without; `escaped` when it has
        /// a backslash escape, so its bytes are not its text.
        struct StringSpan {
            var raw: Range<Int>
            var inner: Range<Int>
            var escaped: Bool
        }

        let bytes: [UInt8]
        var index = 0
        var depth = 0

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        /// Skips a string and says where it was.
        mutating func string() -> StringSpan? {
            let start = index
            guard take(UInt8(ascii: "\"")) else { return nil }
            var escaped = false
            while let byte = peek {
                index += 1
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    guard peek != nil else { return nil }
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    return StringSpan(raw: start..<index, inner: (start + 1)..<(index - 1), escaped: escaped)
                } else if byte < 0x20 {
                    return nil
                }
            }
            return nil
        }

        /// Skips one value and says where it was.
        mutating func value() -> Range<Int>? {
            let start = index
            guard let byte = peek else { return nil }
            switch byte {
            case UInt8(ascii: "\""):
                guard string() != nil else { return nil }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                depth += 1
                guard depth <= 512 else { return nil }
                index += 1
                skipSpace()
                if !take(close) {
                    while true {
                        skipSpace()
                        if byte == UInt8(ascii: "{") {
                            guard string() != nil else { return nil }
                            skipSpace()
                            guard take(UInt8(ascii: ":")) else { return nil }
                            skipSpace()
                        }
                        guard value() != nil else { return nil }
                        skipSpace()
                        if take(UInt8(ascii: ",")) { continue }
                        guard take(close) else { return nil }
                        break
                    }
                }
                depth -= 1
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let word = Self.literals[byte == UInt8(ascii: "t") ? 0 : byte == UInt8(ascii: "f") ? 1 : 2]
                guard bytes.count - index >= word.count, bytes[index..<(index + word.count)].elementsEqual(word) else { return nil }
                index += word.count
            default:
                guard byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) else { return nil }
                index += 1
                while let next = peek, (next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")) || next == UInt8(ascii: ".")
                    || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") || next == UInt8(ascii: "+") || next == UInt8(ascii: "-") {
                    index += 1
                }
            }
            return start..<index
        }
    }
}

/// JSON string escapes, for the rare key that has them.
enum JSONText {
    static func unescape(_ inner: ArraySlice<UInt8>) -> String? {
        var quoted = [UInt8(ascii: "\"")]
        quoted.append(contentsOf: inner)
        quoted.append(UInt8(ascii: "\""))
        return (try? JSONDecoder().decode(String.self, from: Data(quoted)))
    }
}
