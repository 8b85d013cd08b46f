/// The transparency log's three roles over one database, as the node holds them: the
/// ``LogAppender`` (the sequencer, one transaction per batch), the ``LogReader`` (entries,
/// proofs, counts) and the ``CheckpointStore`` (signed checkpoints). Code that only reads the
/// log should take the reader alone.
public struct TransparencyLog: Sendable {
    public let appender: LogAppender
    public let reader: LogReader
    public let checkpoints: CheckpointStore

    public init(database: Database) {
        appender = LogAppender(database: database)
        reader = LogReader(database: database)
        checkpoints = CheckpointStore(database: database)
    }
}
