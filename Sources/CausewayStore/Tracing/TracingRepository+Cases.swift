import CausewayCore
import Foundation
import SQLKit

/// Cases, their upload codes, and uploads: a code redeemed once for an upload token, the
/// upload stored once with its contact list.
extension TracingRepository {
    /// Opens a case, or returns the agency's case with the same reference.
    public func open(_ tracingCase: TracingCase) async throws -> TracingCase {
        try await database.transaction { connection in
            if let existing = try await connection.raw("""
                SELECT * FROM tracing_cases WHERE agency = \(bind: tracingCase.agency) AND reference = \(bind: tracingCase.reference)
                """).first() {
                return try Self.decodeCase(existing)
            }
            try await connection.raw("""
                INSERT INTO tracing_cases (id, agency, reference, opened_by, created_at)
                VALUES (\(bind: tracingCase.id), \(bind: tracingCase.agency), \(bind: tracingCase.reference), \(bind: tracingCase.openedBy),
                        \(bind: Timestamp.string(tracingCase.created)))
                """).run()
            return tracingCase
        }
    }

    public func tracingCase(_ id: String) async throws -> TracingCase? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM tracing_cases WHERE id = \(bind: id)").first().map(Self.decodeCase)
        }
    }

    /// An agency's cases, newest first.
    public func cases(agency: String, limit: Int = 200) async throws -> [TracingCase] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT * FROM tracing_cases WHERE agency = \(bind: agency) ORDER BY created_at DESC, id LIMIT \(bind: limit)
                """).all().map(Self.decodeCase)
        }
    }

    /// Stores a code's hash with its log entry, together.
    public func issueCode(hash: String, caseID: String, by user: String, at now: Date, expires: Date, event: AuditEvent) async throws {
        try await database.transaction { [engine = database.engine] connection in
            _ = try await LogAppender.append([LogEntryDraft(event)], inTransactionOn: connection, engine: engine)
            try await connection.raw("""
                INSERT INTO tracing_upload_codes (code_hash, case_id, issued_by, created_at, expires_at)
                VALUES (\(bind: hash), \(bind: caseID), \(bind: user), \(bind: Timestamp.string(now)), \(bind: Timestamp.string(expires)))
                """).run()
        }
    }

    /// The codes issued for a case, newest first: when, by whom, until when, and whether used.
    public func codes(caseID: String) async throws -> [(issuedBy: String, created: Date, expires: Date, used: Date?)] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT issued_by, created_at, expires_at, used_at FROM tracing_upload_codes WHERE case_id = \(bind: caseID)
                ORDER BY created_at DESC
                """).all().map { row in
                (try row.decode(column: "issued_by", as: String.self),
                 Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
                 Timestamp.date(try row.decode(column: "expires_at", as: String.self)) ?? .distantPast,
                 try row.decode(column: "used_at", as: String?.self).flatMap(Timestamp.date))
            }
        }
    }

    /// Uses an upload code once: marks it used and creates the upload that its token opens.
    /// Nil when no unused, unexpired code has this hash.
    public func redeem(codeHash: String, upload: CaseUpload, tokenHash: String) async throws -> CaseUpload? {
        try await database.transaction { connection in
            guard let row = try await connection.raw("""
                UPDATE tracing_upload_codes SET used_at = \(bind: Timestamp.string(upload.created))
                WHERE code_hash = \(bind: codeHash) AND used_at IS NULL AND expires_at > \(bind: Timestamp.string(upload.created))
                RETURNING case_id
                """).first() else { return nil }
            var redeemed = upload
            redeemed.caseID = try row.decode(column: "case_id", as: String.self)
            try await connection.raw("""
                INSERT INTO tracing_uploads (id, case_id, uid, token_hash, token_expires_at, created_at)
                VALUES (\(bind: redeemed.id), \(bind: redeemed.caseID), \(bind: redeemed.uid), \(bind: tokenHash),
                        \(bind: Timestamp.string(redeemed.tokenExpires)), \(bind: Timestamp.string(redeemed.created)))
                """).run()
            return redeemed
        }
    }

    /// The upload a token opens, whether or not it was used already.
    public func upload(tokenHash: String) async throws -> CaseUpload? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM tracing_uploads WHERE token_hash = \(bind: tokenHash)").first().map(Self.decodeUpload)
        }
    }

    /// Stores an upload's outcome and contact list with their log entries, all or nothing;
    /// false when the upload was completed already (a token works once) or is gone.
    public func complete(_ upload: CaseUpload, contacts: [ContactExposure], events: [AuditEvent]) async throws -> Bool {
        guard let received = upload.received, let outcome = upload.outcome else { return false }
        var summary = outcome
        summary.contacts = []
        let outcomeText = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        let contactText = String(decoding: try JSONEncoder().encode(contacts), as: UTF8.self)
        return try await database.transaction { [engine = database.engine] connection in
            guard try await connection.raw("""
                UPDATE tracing_uploads SET received_at = \(bind: Timestamp.string(received)), outcome = \(bind: outcomeText),
                    contacts = \(bind: contactText)
                WHERE id = \(bind: upload.id) AND received_at IS NULL
                RETURNING id
                """).first() != nil else { return false }
            _ = try await LogAppender.append(events.map(LogEntryDraft.init), inTransactionOn: connection, engine: engine)
            return true
        }
    }

    /// A case's uploads, newest first, with their contact lists when `contacts` is true.
    public func uploads(caseID: String, contacts: Bool = false) async throws -> [CaseUpload] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT * FROM tracing_uploads WHERE case_id = \(bind: caseID) ORDER BY created_at DESC
                """).all().map { try Self.decodeUpload($0, contacts: contacts) }
        }
    }

    /// The uploads a phone made (for the person's own view).
    public func uploads(uid: String) async throws -> [CaseUpload] {
        try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM tracing_uploads WHERE uid = \(bind: uid) ORDER BY created_at DESC").all()
                .map { try Self.decodeUpload($0, contacts: false) }
        }
    }

    static func decodeCase(_ row: any SQLRow) throws -> TracingCase {
        TracingCase(id: try row.decode(column: "id", as: String.self), agency: try row.decode(column: "agency", as: String.self),
                    reference: try row.decode(column: "reference", as: String.self), openedBy: try row.decode(column: "opened_by", as: String.self),
                    created: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast)
    }

    static func decodeUpload(_ row: any SQLRow) throws -> CaseUpload {
        try decodeUpload(row, contacts: false)
    }

    static func decodeUpload(_ row: any SQLRow, contacts: Bool) throws -> CaseUpload {
        var outcome = try row.decode(column: "outcome", as: String?.self).map {
            try JSONDecoder().decode(EncounterProcessor.Outcome.self, from: Data($0.utf8))
        }
        if contacts, let text = try row.decode(column: "contacts", as: String?.self) {
            outcome?.contacts = try JSONDecoder().decode([ContactExposure].self, from: Data(text.utf8))
        }
        return CaseUpload(id: try row.decode(column: "id", as: String.self), caseID: try row.decode(column: "case_id", as: String.self),
                          uid: try row.decode(column: "uid", as: String.self),
                          created: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
                          tokenExpires: Timestamp.date(try row.decode(column: "token_expires_at", as: String.self)) ?? .distantPast,
                          received: try row.decode(column: "received_at", as: String?.self).flatMap(Timestamp.date), outcome: outcome)
    }
}
