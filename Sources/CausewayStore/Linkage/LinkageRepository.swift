import CausewayCore
import Foundation
import SQLKit

/// Linkage projects, the parties' encodings and each party's result.
///
/// Invariant: a project's document, its encodings and its log entries change together, in one
/// transaction that first locks the project's row (PostgreSQL `FOR UPDATE`; SQLite's single
/// writer), so an upload is stored whole or not at all, a party cannot upload twice even from
/// two nodes at once, and a closed project keeps no encoding. Encodings are kept as base64 of
/// their bytes, ``chunkSize`` records to a row, so no row grows with the project.
public struct LinkageRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Records per stored chunk of encodings.
    public static let chunkSize = 4_096

    /// A party's result as stored: its rows as the JSON array the party downloads, and how many
    /// there are, so a download is counted without reading the rows back.
    public struct StoredResult: Sendable {
        public var rows: Data
        public var count: Int

        public init(rows: Data, count: Int) {
            self.rows = rows
            self.count = count
        }
    }

    /// The project's name is taken by a project that is not closed.
    public struct NameTaken: Error, Sendable {
        public var name: String
    }

    /// Stores a new project with its log entry.
    public func create(_ project: LinkageProject, event: AuditEvent) async throws {
        let document = try Self.document(project)
        try await database.transaction { [engine = database.engine] connection in
            if try await connection.raw("""
                SELECT id FROM linkage_projects WHERE name = \(bind: project.name) AND state <> 'closed'
                """).first() != nil {
                throw NameTaken(name: project.name)
            }
            try await connection.raw("""
                INSERT INTO linkage_projects (id, name, owner, state, body, created_at)
                VALUES (\(bind: project.id), \(bind: project.name), \(bind: project.owner), \(bind: project.state.rawValue), \(bind: document),
                        \(bind: Timestamp.string(project.createdAt)))
                """).run()
            for party in project.parties {
                try await connection.raw("INSERT INTO linkage_parties (project, party) VALUES (\(bind: project.id), \(bind: party))").run()
            }
            _ = try await LogAppender.append([LogEntryDraft(event)], inTransactionOn: connection, engine: engine)
        }
    }

    public func project(_ id: String) async throws -> LinkageProject? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT body FROM linkage_projects WHERE id = \(bind: id)").first().map(Self.decode)
        }
    }

    /// The projects any of `agencies` takes part in, newest first.
    public func projects(of agencies: [String], limit: Int = 200) async throws -> [LinkageProject] {
        guard !agencies.isEmpty else { return [] }
        return try await database.withConnection { connection in
            try await connection.raw("""
                SELECT DISTINCT p.body, p.created_at, p.id FROM linkage_projects p JOIN linkage_parties a ON a.project = p.id
                WHERE a.party IN (\(binds: agencies)) ORDER BY p.created_at DESC, p.id LIMIT \(bind: limit)
                """).all().map(Self.decode)
        }
    }

    /// Changes a project under its row's lock: `change` gets the stored project and returns
    /// the new one with the log entries to append (or throws, and nothing changes); `encodings`
    /// are stored for `party` in the same transaction, and `results` (per party) likewise.
    @discardableResult
    public func update(_ id: String, storing encodings: (party: String, bytes: [[UInt8]])? = nil, results: [String: StoredResult] = [:],
                       deletingEncodings: Bool = false,
                       _ change: @escaping @Sendable (LinkageProject) throws -> (LinkageProject, [AuditEvent])) async throws -> LinkageProject? {
        let chunks = encodings.map { upload in
            stride(from: 0, to: upload.bytes.count, by: Self.chunkSize).map { start in
                Data(upload.bytes[start..<min(start + Self.chunkSize, upload.bytes.count)].joined()).base64EncodedString()
            }
        }
        let party = encodings?.party
        return try await database.transaction { [engine = database.engine] connection in
            guard let row = try await connection.raw("""
                SELECT body FROM linkage_projects WHERE id = \(bind: id)\(unsafeRaw: engine == .postgres ? " FOR UPDATE" : "")
                """).first() else {
                return nil
            }
            let (changed, events) = try change(try Self.decode(row))
            if let party, let chunks {
                for (number, chunk) in chunks.enumerated() {
                    try await connection.raw("""
                        INSERT INTO linkage_encodings (project, party, chunk, data)
                        VALUES (\(bind: id), \(bind: party), \(bind: number), \(bind: chunk))
                        """).run()
                }
            }
            for (resultParty, result) in results {
                try await connection.raw("""
                    INSERT INTO linkage_results (project, party, body, row_count)
                    VALUES (\(bind: id), \(bind: resultParty), \(bind: String(decoding: result.rows, as: UTF8.self)), \(bind: result.count))
                    """).run()
            }
            if deletingEncodings {
                try await connection.raw("DELETE FROM linkage_encodings WHERE project = \(bind: id)").run()
            }
            try await connection.raw("""
                UPDATE linkage_projects SET state = \(bind: changed.state.rawValue), body = \(bind: try Self.document(changed)) WHERE id = \(bind: id)
                """).run()
            if !events.isEmpty {
                _ = try await LogAppender.append(events.map(LogEntryDraft.init), inTransactionOn: connection, engine: engine)
            }
            return changed
        }
    }

    /// A party's encodings in upload order, each `bytes` long.
    public func encodings(project: String, party: String, bytes: Int) async throws -> [[UInt8]] {
        let chunks = try await database.withConnection { connection in
            try await connection.raw("""
                SELECT data FROM linkage_encodings WHERE project = \(bind: project) AND party = \(bind: party) ORDER BY chunk
                """).all().map { try $0.decode(column: "data", as: String.self) }
        }
        var encodings: [[UInt8]] = []
        for chunk in chunks {
            guard let data = Data(base64Encoded: chunk), bytes > 0 else { continue }
            let all = [UInt8](data)
            for start in stride(from: 0, to: all.count, by: bytes) { encodings.append(Array(all[start..<min(start + bytes, all.count)])) }
        }
        return encodings
    }

    /// How many encoding chunks a project still keeps (none, once closed).
    public func storedChunks(project: String) async throws -> Int {
        try await database.withConnection { connection in
            try await connection.raw("SELECT COUNT(*) AS n FROM linkage_encodings WHERE project = \(bind: project)").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The result kept for `party`, as it was computed.
    public func result(project: String, party: String) async throws -> StoredResult? {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT body, row_count FROM linkage_results WHERE project = \(bind: project) AND party = \(bind: party)
                """).first().map { row in
                StoredResult(rows: Data(try row.decode(column: "body", as: String.self).utf8), count: try row.decode(column: "row_count", as: Int.self))
            }
        }
    }

    /// Claims the projects in `matching` whose lease has run out (their node stopped mid-way)
    /// or that nobody has leased, for `holder` until `until`; returns the ids claimed. Looks
    /// first without writing, so the nodes' regular look costs no write transaction; each
    /// claim is one conditional update, so two nodes never claim one project.
    public func claimStale(holder: String, now: Date, until: Date) async throws -> [String] {
        let stamp = Timestamp.string(now)
        let waiting = try await database.withConnection { connection in
            try await connection.raw("""
                SELECT id FROM linkage_projects WHERE state = 'matching' AND (lease_until IS NULL OR lease_until < \(bind: stamp))
                """).all().map { try $0.decode(column: "id", as: String.self) }
        }
        var claimed: [String] = []
        for id in waiting {
            let won = try await database.transaction { connection in
                try await connection.raw("""
                    UPDATE linkage_projects SET lease_holder = \(bind: holder), lease_until = \(bind: Timestamp.string(until))
                    WHERE id = \(bind: id) AND state = 'matching' AND (lease_until IS NULL OR lease_until < \(bind: stamp))
                    RETURNING id
                    """).first() != nil
            }
            if won { claimed.append(id) }
        }
        return claimed
    }

    static func document(_ project: LinkageProject) throws -> String {
        try DocumentCoding.text(of: project)
    }

    static func decode(_ row: any SQLRow) throws -> LinkageProject {
        try DocumentCoding.decoder().decode(LinkageProject.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
    }
}
