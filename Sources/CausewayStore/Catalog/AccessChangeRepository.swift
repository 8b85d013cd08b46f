import CausewayCore
import Foundation
import SQLKit

/// Requests to open a dataset's data (``AccessChange``), each stored with its transparency-log
/// entry in one transaction; an approved one is applied to the dataset in that same
/// transaction, so a dataset is never opened without its approval on record, nor the approval
/// recorded without the dataset changing.
public struct AccessChangeRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    static func document(_ change: AccessChange) throws -> String {
        try DocumentCoding.text(of: change)
    }

    static func state(_ change: AccessChange) -> String {
        switch change.state {
        case .pending: "pending"
        case .applied: "applied"
        case .rejected: "rejected"
        }
    }

    /// Stores a new proposal and logs it.
    public func propose(_ change: AccessChange) async throws {
        try await database.transaction { [engine = database.engine] connection in
            try await connection.raw("""
                INSERT INTO access_changes (id, dataset, state, created_at, document)
                VALUES (\(bind: change.id), \(bind: change.dataset), \(bind: Self.state(change)),
                        \(bind: Timestamp.string(change.proposedAt)), \(bind: try Self.document(change)))
                """).run()
            _ = try await LogAppender.append([LogEntryDraft(change.event)], inTransactionOn: connection, engine: engine)
        }
    }

    /// Records a decision on a pending change and logs it; with `dataset` (an approval), the
    /// dataset is rewritten with the opened access rights in the same transaction. Fails with
    /// `conflict` when the change was decided meanwhile.
    @discardableResult
    public func decide(_ change: AccessChange, dataset: Dataset? = nil) async throws -> Int64? {
        try await database.transaction { [engine = database.engine] connection in
            let updated = try await connection.raw("""
                UPDATE access_changes SET state = \(bind: Self.state(change)), document = \(bind: try Self.document(change))
                WHERE id = \(bind: change.id) AND state = 'pending'
                RETURNING id
                """).all()
            guard !updated.isEmpty else { throw StoreError.conflict("access change", change.id) }
            var revision: Int64?
            if let dataset {
                revision = try await DatasetRepository.write(dataset, on: connection)
            }
            _ = try await LogAppender.append([LogEntryDraft(change.event)], inTransactionOn: connection, engine: engine)
            return revision
        }
    }

    public func find(_ id: String) async throws -> AccessChange? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT document FROM access_changes WHERE id = \(bind: id)").first().map {
                try DocumentCoding.decoder().decode(AccessChange.self, from: Data(try $0.decode(column: "document", as: String.self).utf8))
            }
        }
    }

    /// A dataset's access changes, newest first.
    public func list(dataset: String) async throws -> [AccessChange] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT document FROM access_changes WHERE dataset = \(bind: dataset) ORDER BY created_at DESC, id
                """).all().map {
                try DocumentCoding.decoder().decode(AccessChange.self, from: Data(try $0.decode(column: "document", as: String.self).utf8))
            }
        }
    }
}
