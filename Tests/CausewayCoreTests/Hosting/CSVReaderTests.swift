@testable import CausewayCore
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
    /// Reads `text` fed in chunks of `chunk` bytes, so that every state crosses a boundary.
    func records(_ text: String, chunk: Int = 1, dialect: CSVDialect = .standard, limit: Int = CSVReader.defaultMaxRecordBytes) throws -> [[String]] {
        var reader = CSVReader(dialect: dialect, maxRecordBytes: limit)
        var found: [[String]] = []
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try bytes[start..<end].withUnsafeBytes { try reader.read($0) { found.append($0) } }
            start = end
        }
        try reader.finish { found.append($0) }
        return found
    }

    @Test(arguments: [1, 2, 3, 7, 4096])
    func quotingLineEndsAndBlankLines(chunk: Int) throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, \"\"y\"\"\",\"line\nbreak\"\n\n2,,\r3,\"\",end"
        #expect(try records(text, chunk: chunk) == [["a", "b", "c"], ["1", "x, \"y\"", "line\nbreak"], [], ["2", "", ""], ["3", "", "end"]])
    }

    @Test func dialectDelimiterAndNoTrailingRecord() throws {
        #expect(try records("a;b\n1;2\n", dialect: CSVDialect(delimiter: ";")) == [["a", "b"], ["1", "2"]])
        #expect(try records("a\tb\n'x\ty'\t2", dialect: CSVDialect(delimiter: "\t", quoteChar: "'")) == [["a", "b"], ["x\ty", "2"]])
    }

    @Test func refusesInvalidUTF8AndOverlongRecords() throws {
        var reader = CSVReader()
        #expect(throws: CSVReader.Failure.invalidEncoding(record: 2)) {
            try [UInt8]("a\nb\u{FF}".utf8.dropLast(2) + [0xC3, 0x28, 0x0A]).withUnsafeBytes { try reader.read($0) { _ in } }
        }
        #expect(throws: CSVReader.Failure.recordTooLong(record: 2, limit: 10)) {
            _ = try records("a\n" + String(repeating: "x", count: 11), chunk: 4, limit: 10)
        }
    }
}
