import CausewayCore
import Foundation
import SQLKit

/// Agreements, stored whole as documents with the columns the listings filter on, and the
/// agencies' own templates. Every write bumps the `agreements` revision (so other nodes
/// rebuild their policy snapshot) and appends the change's audit events to the outbox in the
/// same transaction.
public struct AgreementRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// An agreement as read, with the version a later save must name.
    public struct Stored: Sendable {
        public var agreement: Agreement
        public var version: Int64

        public init(agreement: Agreement, version: Int64) {
            self.agreement = agreement
            self.version = version
        }
    }

    /// Someone else changed the agreement between our read and our write.
    public struct ChangedMeanwhile: Error, Sendable {
        public var id: String

        public init(id: String) {
            self.id = id
        }
    }

    /// Inserts new agreements and updates read ones (each only if unchanged since it was
    /// read), with their audit events, all or nothing. Returns the new revision.
    @discardableResult
    public func write(inserting new: [Agreement] = [], updating changed: [Stored] = [], events: [AuditEvent]) async throws -> Int64 {
        let encoder = DocumentCoding.encoder()
        let now = Timestamp.string(Date())
        return try await database.transaction { [engine = database.engine] connection in
            for agreement in new {
                if try await connection.raw("SELECT 1 FROM agreements WHERE id = \(bind: agreement.id)").first() != nil {
                    throw StoreError.conflict("agreement", agreement.id)
                }
                try await connection.raw("""
                    INSERT INTO agreements (id, provider, consumer, status, version, renewal_of, created_at, updated_at, document)
                    VALUES (\(bind: agreement.id), \(bind: agreement.provider), \(bind: agreement.consumer),
                            \(bind: Self.statusName(agreement.status)), 1, \(bind: agreement.renewalOf),
                            \(bind: Timestamp.string(agreement.createdAt)), \(bind: now), \(bind: try Self.document(agreement, encoder)))
                    """).run()
            }
            for stored in changed {
                let agreement = stored.agreement
                let updated = try await connection.raw("""
                    UPDATE agreements SET status = \(bind: Self.statusName(agreement.status)), version = version + 1,
                        updated_at = \(bind: now), document = \(bind: try Self.document(agreement, encoder))
                    WHERE id = \(bind: agreement.id) AND version = \(bind: stored.version)
                    RETURNING version
                    """).all()
                if updated.isEmpty { throw ChangedMeanwhile(id: agreement.id) }
            }
            _ = try await LogAppender.append(events.map(LogEntryDraft.init), inTransactionOn: connection, engine: engine)
            return try await Revisions.bump("agreements", on: connection)
        }
    }

    public func find(_ id: String) async throws -> Stored? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT version, document FROM agreements WHERE id = \(bind: id)").first().map(Self.stored)
        }
    }

    /// Agreements, newest first; with `agency`, those where it is provider or consumer.
    public func all(agency: String? = nil) async throws -> [Agreement] {
        try await database.withConnection { connection in
            let rows: [any SQLRow]
            if let agency {
                rows = try await connection.raw("""
                    SELECT version, document FROM agreements WHERE provider = \(bind: agency) OR consumer = \(bind: agency)
                    ORDER BY created_at DESC, id
                    """).all()
            } else {
                rows = try await connection.raw("SELECT version, document FROM agreements ORDER BY created_at DESC, id").all()
            }
            return try rows.map { try Self.stored($0).agreement }
        }
    }

    /// Agreements that were approved at some point: the only ones a policy snapshot needs.
    public func approved() async throws -> [Agreement] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT version, document FROM agreements WHERE status IN ('approved', 'suspended', 'revoked')
                """).all().map { try Self.stored($0).agreement }
        }
    }

    public func revision() async throws -> Int64 {
        try await database.withConnection { try await Revisions.current("agreements", on: $0) }
    }

    /// The `agreements`, `credentials` and `services` revisions together: a policy snapshot
    /// is current while all are unchanged. Each only grows, so their sum changes whenever one does.
    public func policyRevision() async throws -> Int64 {
        try await database.withConnection { connection in
            try await Revisions.current("agreements", on: connection) + Revisions.current("credentials", on: connection)
                + Revisions.current("services", on: connection)
        }
    }

    // MARK: Templates

    public func createTemplate(_ template: AgreementTemplate) async throws {
        guard let agency = template.agency else { throw StoreError.conflict("agreement template", template.id) }
        let document = try DocumentCoding.text(of: template)
        try await database.transaction { connection in
            if try await connection.raw("SELECT 1 FROM agreement_templates WHERE id = \(bind: template.id)").first() != nil {
                throw StoreError.conflict("agreement template", template.id)
            }
            try await connection.raw("""
                INSERT INTO agreement_templates (id, agency, created_at, document)
                VALUES (\(bind: template.id), \(bind: agency), \(bind: Timestamp.string(Date())), \(bind: document))
                """).run()
        }
    }

    public func templates() async throws -> [AgreementTemplate] {
        try await database.withConnection { connection in
            let decoder = DocumentCoding.decoder()
            return try await connection.raw("SELECT document FROM agreement_templates ORDER BY id").all().map {
                try decoder.decode(AgreementTemplate.self, from: Data(try $0.decode(column: "document", as: String.self).utf8))
            }
        }
    }

    // MARK: Rows

    static func statusName(_ status: AgreementStatus) -> String {
        switch status {
        case .draft: return "draft"
        case .submitted: return "submitted"
        case .approved: return "approved"
        case .suspended: return "suspended"
        case .revoked: return "revoked"
        case .rejected: return "rejected"
        }
    }

    static func document(_ agreement: Agreement, _ encoder: JSONEncoder) throws -> String {
        String(decoding: try encoder.encode(agreement), as: UTF8.self)
    }

    static func stored(_ row: any SQLRow) throws -> Stored {
        let document = try row.decode(column: "document", as: String.self)
        return Stored(agreement: try DocumentCoding.decoder().decode(Agreement.self, from: Data(document.utf8)),
                      version: try row.decode(column: "version", as: Int64.self))
    }
}
