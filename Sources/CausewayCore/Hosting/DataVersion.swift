import Foundation

/// One immutable version of a hosted table: what the table held after one successful upload.
/// Queries read the latest version unless they name an older one, so a consumer can pin the
/// exact data an analysis used.
public struct DataVersion: Sendable, Hashable, Codable {
    public var distribution: String
    public var dataset: String
    public var version: Int
    public var mode: UploadMode
    /// Rows in the table at this version.
    public var rowCount: Int
    /// Rows this upload wrote.
    public var rowsWritten: Int
    /// SHA-256 of the uploaded bytes, hex.
    public var sha256: String
    public var byteSize: Int
    public var uploadedBy: String
    public var created: Date
    public var job: String?
    /// The schema the rows were validated against.
    public var schema: TableSchema

    public init(distribution: String, dataset: String, version: Int, mode: UploadMode, rowCount: Int, rowsWritten: Int,
                sha256: String, byteSize: Int, uploadedBy: String, created: Date, job: String?, schema: TableSchema) {
        self.distribution = distribution
        self.dataset = dataset
        self.version = version
        self.mode = mode
        self.rowCount = rowCount
        self.rowsWritten = rowsWritten
        self.sha256 = sha256
        self.byteSize = byteSize
        self.uploadedBy = uploadedBy
        self.created = created
        self.job = job
        self.schema = schema
    }
}
