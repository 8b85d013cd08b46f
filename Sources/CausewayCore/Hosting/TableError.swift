/// One thing wrong with an upload, named as Frictionless names it so that a data engineer can
/// compare Causeway's report with `frictionless validate` on their own machine.
public struct TableError: Sendable, Hashable, Codable {
    /// The Frictionless error type: `type-error`, `constraint-error`, `missing-cell`,
    /// `extra-cell`, `blank-row`, `primary-key`, `unique-error`, `incorrect-label`,
    /// `missing-label`, `extra-label`, `duplicate-label`, `blank-label`, `encoding-error`,
    /// `source-error`.
    public var code: String
    /// The row (1-based, the header is row 1) or nil for errors about the whole file.
    public var row: Int?
    public var field: String?
    public var cell: String?
    public var message: String

    public init(code: String, row: Int? = nil, field: String? = nil, cell: String? = nil, message: String) {
        self.code = code
        self.row = row
        self.field = field
        self.cell = cell.map { $0.count > 200 ? String($0.prefix(200)) + "…" : $0 }
        self.message = message
    }
}
