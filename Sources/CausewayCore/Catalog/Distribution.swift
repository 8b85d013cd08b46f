/// One way a dataset is made available (DCAT `Distribution`, a CKAN "resource"): a file or
/// an API, in one format, optionally described by a Table Schema.
public struct Distribution: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var title: String
    public var description: String?
    /// A short format name as catalogues facet on it: `CSV`, `JSON`, `GeoJSON`, `API`.
    public var format: String
    /// The IANA media type, for clients that negotiate on it.
    public var mediaType: String?
    public var accessURL: String?
    public var downloadURL: String?
    public var byteSize: Int?
    public var schema: TableSchema?
    /// How the CSV data is written (Frictionless `dialect`); nil is RFC 4180 with a header.
    public var dialect: CSVDialect?

    public init(
        id: String, title: String, description: String? = nil, format: String, mediaType: String? = nil,
        accessURL: String? = nil, downloadURL: String? = nil, byteSize: Int? = nil, schema: TableSchema? = nil,
        dialect: CSVDialect? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.format = format
        self.mediaType = mediaType
        self.accessURL = accessURL
        self.downloadURL = downloadURL
        self.byteSize = byteSize
        self.schema = schema
        self.dialect = dialect
    }

    /// Checks the distribution's own fields; the dataset checks ids across distributions.
    public func validate() throws(ValidationError) {
        var validator = Validator()
        validator.check(Identifier.isValid(id), "/id", "must be \(Identifier.rule)")
        validator.requireText(title, "/title", maxLength: 300)
        validator.requireText(format, "/format", maxLength: 40)
        validator.limitText(description, "/description", maxLength: 20_000)
        if let byteSize { validator.check(byteSize >= 0, "/byteSize", "must not be negative") }
        for (pointer, url) in [("/accessURL", accessURL), ("/downloadURL", downloadURL)] {
            if let url { validator.check(WebAddress.isValid(url), pointer, "must be an absolute http or https URL") }
        }
        if let schema {
            do { try schema.validate() } catch { validator.merge(error, under: "/schema") }
        }
        if let dialect {
            do { try dialect.validate() } catch { validator.merge(error, under: "/dialect") }
        }
        try validator.finish()
    }
}
