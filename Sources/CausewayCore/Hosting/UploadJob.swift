import Foundation

/// A long-running upload: accepted at once, then validated and loaded in the background while
/// the client watches its counters.
public struct UploadJob: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        case queued, running, succeeded, failed

        public var isFinished: Bool { self == .succeeded || self == .failed }
    }

    public var id: String
    public var dataset: String
    public var distribution: String
    public var mode: UploadMode
    public var format: UploadFormat
    public var state: State
    public var createdBy: String
    public var created: Date
    public var started: Date?
    public var finished: Date?
    public var byteSize: Int
    public var rowsRead: Int
    public var rowsWritten: Int
    public var errorCount: Int
    /// The first errors (capped); `errorCount` has the total.
    public var errors: [TableError]
    /// The version the upload made, when it succeeded.
    public var version: Int?
    /// Why it failed, in a sentence, when the failure is not a list of table errors.
    public var detail: String?

    public init(id: String, dataset: String, distribution: String, mode: UploadMode, format: UploadFormat, createdBy: String,
                created: Date, byteSize: Int) {
        self.id = id
        self.dataset = dataset
        self.distribution = distribution
        self.mode = mode
        self.format = format
        self.state = .queued
        self.createdBy = createdBy
        self.created = created
        self.byteSize = byteSize
        self.rowsRead = 0
        self.rowsWritten = 0
        self.errorCount = 0
        self.errors = []
    }
}
