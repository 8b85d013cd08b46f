/// How a CSV distribution is written, as a Frictionless resource's `dialect` says: the
/// delimiter, the quote character and whether the first row is a header. Agencies export
/// from tools that use `;` or tab, and re-saving a large file to change that is a chore.
public struct CSVDialect: Sendable, Hashable, Codable {
    public var delimiter: String?
    public var quoteChar: String?
    public var header: Bool?

    public init(delimiter: String? = nil, quoteChar: String? = nil, header: Bool? = nil) {
        self.delimiter = delimiter
        self.quoteChar = quoteChar
        self.header = header
    }

    public static let standard = CSVDialect()

    /// The delimiter as one byte; only single-byte ASCII delimiters are allowed (see ``validate()``).
    public var delimiterByte: UInt8 { delimiter?.utf8.first ?? UInt8(ascii: ",") }
    public var quoteByte: UInt8 { quoteChar?.utf8.first ?? UInt8(ascii: "\"") }
    public var hasHeader: Bool { header ?? true }

    public func validate() throws(ValidationError) {
        var validator = Validator()
        for (pointer, value) in [("/delimiter", delimiter), ("/quoteChar", quoteChar)] {
            guard let value else { continue }
            let bytes = Array(value.utf8)
            validator.check(bytes.count == 1 && bytes[0] < 0x80 && bytes[0] != UInt8(ascii: "\n") && bytes[0] != UInt8(ascii: "\r"),
                            pointer, "must be one ASCII character other than a line break")
        }
        if let delimiter, delimiter == quoteChar ?? "\"" {
            validator.check(false, "/quoteChar", "must differ from the delimiter")
        }
        try validator.finish()
    }
}
