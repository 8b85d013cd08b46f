/// An incremental RFC 4180 reader: bytes go in as they arrive, whole records come out, and
/// nothing but the record being read is held in memory, so a multi-gigabyte upload streams.
///
/// It reads what Python's `csv` module (and so Frictionless) reads: quoted fields may hold
/// delimiters, quotes (doubled) and line breaks; `\r\n`, `\n` and `\r` all end a record; an
/// empty line is an empty record (the validator calls it a blank row); a leading UTF-8 byte
/// order mark is skipped. Every field must be valid UTF-8, and one record may not exceed
/// `maxRecordBytes`, so that a 100 MB line is refused instead of buffered.
public struct CSVReader: Sendable {
    public enum Failure: Error, Sendable, Hashable {
        /// Record `record` (1-based, the header is record 1) is not valid UTF-8.
        case invalidEncoding(record: Int)
        /// Record `record` is longer than `limit` bytes.
        case recordTooLong(record: Int, limit: Int)
    }

    public static let defaultMaxRecordBytes = 4 << 20

    private enum State: Sendable { case fieldStart, unquoted, quoted, quoteInQuoted }

    private let delimiter: UInt8
    private let quote: UInt8
    private let maxRecordBytes: Int
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var record: [String] = []
    private var recordBytes = 0
    private var skipLineFeed = false
    private var start: [UInt8]? = []
    /// Records emitted so far.
    public private(set) var recordsRead = 0

    public init(dialect: CSVDialect = .standard, maxRecordBytes: Int = defaultMaxRecordBytes) {
        self.delimiter = dialect.delimiterByte
        self.quote = dialect.quoteByte
        self.maxRecordBytes = maxRecordBytes
        field.reserveCapacity(256)
    }

    /// Reads `bytes`, calling `body` with every record they complete.
    public mutating func read(_ bytes: UnsafeRawBufferPointer, _ body: ([String]) throws -> Void) throws {
        if var pending = start {
            // Hold the first bytes back until there are enough to recognise a byte order mark.
            pending.append(contentsOf: bytes)
            guard pending.count >= 3 else {
                start = pending
                return
            }
            start = nil
            let skip = pending.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            try pending.withUnsafeBytes { try consume(UnsafeRawBufferPointer(rebasing: $0[skip...]), body) }
            return
        }
        try consume(bytes, body)
    }

    /// Ends the input, emitting a last record that had no line break after it.
    public mutating func finish(_ body: ([String]) throws -> Void) throws {
        if let pending = start {
            start = nil
            let skip = pending.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            try pending.withUnsafeBytes { try consume(UnsafeRawBufferPointer(rebasing: $0[skip...]), body) }
        }
        if state != .fieldStart || !record.isEmpty || !field.isEmpty {
            try endField()
            try emit(body)
        }
    }

    private mutating func consume(_ bytes: UnsafeRawBufferPointer, _ body: ([String]) throws -> Void) throws {
        let lineFeed = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            index += 1
            if skipLineFeed {
                skipLineFeed = false
                if byte == lineFeed { continue }
            }
            switch state {
            case .fieldStart, .unquoted:
                if byte == delimiter {
                    try endField()
                    state = .fieldStart
                } else if byte == lineFeed || byte == carriageReturn {
                    skipLineFeed = byte == carriageReturn
                    if state == .unquoted || !record.isEmpty { try endField() }
                    try emit(body)
                } else if byte == quote && state == .fieldStart {
                    state = .quoted
                } else {
                    state = .unquoted
                    // Copy the rest of a plain field in one go: the common case, and the hot loop.
                    var stop = index
                    while stop < end {
                        let next = bytes[stop]
                        if next == delimiter || next == lineFeed || next == carriageReturn { break }
                        stop += 1
                    }
                    try append(byte)
                    if stop > index {
                        try append(UnsafeRawBufferPointer(rebasing: bytes[index..<stop]))
                        index = stop
                    }
                }
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                } else {
                    var stop = index
                    while stop < end, bytes[stop] != quote { stop += 1 }
                    try append(byte)
                    if stop > index {
                        try append(UnsafeRawBufferPointer(rebasing: bytes[index..<stop]))
                        index = stop
                    }
                }
            case .quoteInQuoted:
                if byte == quote {
                    try append(byte)
                    state = .quoted
                } else if byte == delimiter {
                    try endField()
                    state = .fieldStart
                } else if byte == lineFeed || byte == carriageReturn {
                    skipLineFeed = byte == carriageReturn
                    try endField()
                    try emit(body)
                } else {
                    // Text after a closing quote is kept, as Python's csv module keeps it.
                    try append(byte)
                    state = .unquoted
                }
            }
        }
    }

    private mutating func append(_ byte: UInt8) throws {
        recordBytes += 1
        guard recordBytes <= maxRecordBytes else { throw Failure.recordTooLong(record: recordsRead + 1, limit: maxRecordBytes) }
        field.append(byte)
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) throws {
        recordBytes += bytes.count
        guard recordBytes <= maxRecordBytes else { throw Failure.recordTooLong(record: recordsRead + 1, limit: maxRecordBytes) }
        field.append(contentsOf: bytes)
    }

    private mutating func endField() throws {
        let text = field.withUnsafeBufferPointer { bytes -> String? in
            // ASCII needs no validation, and most cells are ASCII.
            if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            return String(validating: bytes, as: UTF8.self)
        }
        guard let text else { throw Failure.invalidEncoding(record: recordsRead + 1) }
        record.append(text)
        field.removeAll(keepingCapacity: true)
    }

    private mutating func emit(_ body: ([String]) throws -> Void) throws {
        recordsRead += 1
        state = .fieldStart
        recordBytes = 0
        try body(record)
        record.removeAll(keepingCapacity: true)
    }
}
