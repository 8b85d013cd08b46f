import CausewayCore
import Foundation
import SQLKit

/// Hosted tables: their versions, the uploads that make them, and queries over them.
///
/// A replace (and the first upload) writes a new physical table, so the versions before it
/// stay readable as they were; appends, upserts and deletions write into the latest table and
/// end rows instead of removing them. Every upload is one transaction: a rejected upload
/// leaves nothing behind.
public struct HostedDataRepository: Sendable {
    let database: Database
    private let latest = LatestVersions()
    /// Row counts by query. A version never changes once committed, so a count stays exact for
    /// as long as it is kept; paging through a filter counts once instead of once per page.
    private let counts = SharedCache<TableStatement, Int>(capacity: 10_000)

    public init(database: Database) {
        self.database = database
    }

    /// Forgets what this node remembers of latest versions when another node wrote data. The
    /// server calls it once a second; one single-row read.
    public func noticeChanges() async throws {
        let revision = try await database.withConnection { try await Revisions.current("hosted-data", on: $0) }
        latest.observe(revision: revision)
    }

    /// What a caller of ``ingest(_:body:)`` wants written.
    public struct Ingest: Sendable {
        public var distribution: String
        public var dataset: String
        public var schema: TableSchema
        public var mode: UploadMode
        public var uploadedBy: String
        public var job: String?
        public var now: Date

        public init(distribution: String, dataset: String, schema: TableSchema, mode: UploadMode, uploadedBy: String,
                    job: String?, now: Date) {
            self.distribution = distribution
            self.dataset = dataset
            self.schema = schema
            self.mode = mode
            self.uploadedBy = uploadedBy
            self.job = job
            self.now = now
        }
    }

    /// What the upload's content was, reported by the caller after writing its rows.
    public struct Content: Sendable {
        public var sha256: String
        public var byteSize: Int

        public init(sha256: String, byteSize: Int) {
            self.sha256 = sha256
            self.byteSize = byteSize
        }
    }

    /// Runs one upload in a transaction: `body` writes rows through the writer and returns the
    /// content's digest; throwing from `body` rolls everything back.
    public func ingest(_ ingest: Ingest, body: @Sendable (HostedTableWriter) async throws -> Content) async throws -> DataVersion {
        defer { latest.forget(ingest.distribution) }
        return try await database.sessionTransaction(bulk: true) { session in
            if database.engine == .postgres {
                // Uploads to one distribution take turns; other distributions go on in parallel.
                try await session.sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "hosted:" + ingest.distribution)))").run()
            }
            let latest = try await latestVersion(ingest.distribution, on: session.sql)
            let number = (latest?.version.version ?? 0) + 1
            let table: String
            let fresh: Bool
            var nextRow: Int64 = 1
            if let latest, ingest.mode != .replace {
                guard latest.version.schema.hasSameColumns(as: ingest.schema) else { throw HostedDataError.schemaChanged }
                table = latest.table
                fresh = false
                nextRow = (try await session.integer(TableStatement("SELECT MAX(_row) AS value FROM \(table)")) ?? 0) + 1
            } else {
                table = "hosted_\(try await Revisions.bump("hosted-table", on: session.sql))"
                fresh = true
            }
            let layout = TableLayout(table: table, schema: ingest.schema)
            if fresh {
                for statement in layout.createStatements(database.engine) { try await session.run(statement) }
            }
            let writer = HostedTableWriter(session: session, layout: layout, version: number, mode: ingest.mode, fresh: fresh, nextRow: nextRow)
            let content = try await body(writer)
            if fresh {
                for statement in layout.indexStatements(database.engine) { try await session.run(statement) }
            }
            let rowCount = (fresh ? 0 : latest?.version.rowCount ?? 0) + writer.rowsWritten - writer.rowsClosed
            let version = DataVersion(
                distribution: ingest.distribution, dataset: ingest.dataset, version: number, mode: ingest.mode,
                rowCount: rowCount, rowsWritten: writer.rowsWritten, sha256: content.sha256, byteSize: content.byteSize,
                uploadedBy: ingest.uploadedBy, created: ingest.now, job: ingest.job, schema: ingest.schema)
            let schemaText = try DocumentCoding.text(of: ingest.schema)
            try await session.sql.raw("""
                INSERT INTO hosted_versions (distribution, version, dataset, table_name, schema, mode, row_count,
                    rows_written, sha256, byte_size, uploaded_by, created_at, job)
                VALUES (\(bind: ingest.distribution), \(bind: number), \(bind: ingest.dataset), \(bind: table),
                    \(bind: schemaText), \(bind: ingest.mode.rawValue), \(bind: rowCount), \(bind: writer.rowsWritten),
                    \(bind: content.sha256), \(bind: content.byteSize), \(bind: ingest.uploadedBy),
                    \(bind: Timestamp.string(ingest.now)), \(bind: ingest.job))
                """).run()
            _ = try await Revisions.bump("hosted-data", on: session.sql)
            return version
        }
    }

    /// Ends the live rows matching `filters` (all of them when empty) as a new version.
    public func delete(_ ingest: Ingest, where filters: [RecordQuery.Filter]) async throws -> DataVersion {
        var ingest = ingest
        ingest.mode = .delete
        return try await self.ingest(ingest) { writer in
            try await writer.close(where: filters)
            return Content(sha256: Self.emptySHA256, byteSize: 0)
        }
    }

    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public func versions(of distribution: String) async throws -> [DataVersion] {
        try await database.withConnection { connection in
            try await connection.raw("\(unsafeRaw: Self.selectVersion) WHERE distribution = \(bind: distribution) ORDER BY version DESC")
                .all().map { try Self.decode($0).version }
        }
    }

    /// The version asked for, or the latest; nil when there is none.
    public func version(of distribution: String, number: Int? = nil) async throws -> DataVersion? {
        try await located(distribution, number: number)?.version
    }

    /// Reads one page of records from a version (the latest when `number` is nil).
    public func records(of distribution: String, version number: Int?, query: RecordQuery) async throws -> RecordPage {
        guard let located = try await located(distribution, number: number) else {
            throw number == nil ? StoreError.notFound("data", distribution) : StoreError.notFound("version", "\(number ?? 0)")
        }
        let layout = TableLayout(table: located.table, schema: located.version.schema)
        let fields = query.fields ?? Array(layout.schema.fields.indices)
        let columns = [("_row", StorageKind.integer)] + fields.map { (TableLayout.column($0), layout.kinds[$0]) }
        @Sendable func page(_ rows: [[CellValue]], total: Int?) -> RecordPage {
            RecordPage(
                version: located.version, fields: fields, rows: rows.map { Array($0.dropFirst()) },
                rowIDs: rows.map { if case .integer(let id) = $0[0] { return id } else { return 0 } }, total: total)
        }
        // A key lookup in the latest version — the gateway's commonest read — is one index probe:
        // it runs on this thread, without a pooled connection's thread switches. A miss goes
        // the ordinary way below, which also finds a version that replaced this one meanwhile.
        if number == nil, layout.isKeyProbe(query),
           let rows = try await database.directRead({ try $0.rows(RecordSQL.select(query, version: located.version.version, latestOf: distribution, layout: layout), columns: columns) }),
           !rows.isEmpty {
            return page(rows, total: nil)
        }
        return try await database.withSession { session in
            let version = located.version.version
            // The latest version is read with the fast "live rows" condition; an empty answer may
            // mean a newer version appeared meanwhile, so it is asked again the general way.
            let latestOf = number == nil ? distribution : nil
            var rows = try await session.rows(RecordSQL.select(query, version: version, latestOf: latestOf, layout: layout), columns: columns)
            // An empty "live rows" answer is the answer unless a newer version exists; only then
            // is the version read the long way, which no key index serves. (Versions only grow:
            // if this one is the latest now, it was when the statement ran.)
            var superseded: Bool?
            func isSuperseded() async throws -> Bool {
                if let superseded { return superseded }
                let latest = try await session.integer(RecordSQL.latestVersion(of: distribution))
                let answer = latest.map { $0 > Int64(version) } ?? true
                superseded = answer
                return answer
            }
            if rows.isEmpty, latestOf != nil, try await isSuperseded() {
                rows = try await session.rows(RecordSQL.select(query, version: version, layout: layout), columns: columns)
            }
            var total: Int?
            if query.includeTotal {
                total = try await count(RecordSQL.count(query, version: version, latestOf: latestOf, layout: layout), session)
                if total == 0, latestOf != nil, try await isSuperseded() {
                    total = try await count(RecordSQL.count(query, version: version, layout: layout), session)
                }
            }
            return page(rows, total: total)
        }
    }

    /// A `COUNT(*)`, from the cache when the same statement (table, version, binds) ran before.
    private func count(_ statement: TableStatement, _ session: TableSession) async throws -> Int {
        if let known = counts.value(for: statement) { return known }
        let counted = Int(try await session.integer(statement) ?? 0)
        counts.insert(counted, for: statement, cost: 1)
        return counted
    }

    // MARK: Reading versions

    struct Located: Sendable {
        var version: DataVersion
        var table: String
    }

    static let selectVersion = """
        SELECT distribution, version, dataset, table_name, schema, mode, row_count, rows_written, sha256, byte_size,
            uploaded_by, created_at, job FROM hosted_versions
        """

    /// The version asked for, from memory when it is the latest one this node knows, so that
    /// a query over hot data touches no connection before its own statements.
    func located(_ distribution: String, number: Int?) async throws -> Located? {
        let (known, generation) = latest.lookup(distribution)
        if let known, number == nil || number == known.version.version { return known }
        return try await database.withConnection { connection in
            guard let number else {
                guard let found = try await latestVersion(distribution, on: connection) else { return nil }
                latest.remember(found, readAt: generation)
                return found
            }
            return try await connection.raw(
                "\(unsafeRaw: Self.selectVersion) WHERE distribution = \(bind: distribution) AND version = \(bind: number)"
            ).first().map(Self.decode)
        }
    }

    private func latestVersion(_ distribution: String, on connection: any SQLDatabase) async throws -> Located? {
        try await connection.raw(
            "\(unsafeRaw: Self.selectVersion) WHERE distribution = \(bind: distribution) ORDER BY version DESC LIMIT 1"
        ).first().map(Self.decode)
    }

    private static func decode(_ row: any SQLRow) throws -> Located {
        let schemaText = try row.decode(column: "schema", as: String.self)
        let schema = try DocumentCoding.decoder().decode(TableSchema.self, from: Data(schemaText.utf8))
        let version = DataVersion(
            distribution: try row.decode(column: "distribution", as: String.self),
            dataset: try row.decode(column: "dataset", as: String.self),
            version: try row.decode(column: "version", as: Int.self),
            mode: UploadMode(rawValue: try row.decode(column: "mode", as: String.self)) ?? .replace,
            rowCount: try row.decode(column: "row_count", as: Int.self),
            rowsWritten: try row.decode(column: "rows_written", as: Int.self),
            sha256: try row.decode(column: "sha256", as: String.self),
            byteSize: try row.decode(column: "byte_size", as: Int.self),
            uploadedBy: try row.decode(column: "uploaded_by", as: String.self),
            created: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? Date(timeIntervalSince1970: 0),
            job: try row.decode(column: "job", as: String?.self),
            schema: schema)
        return Located(version: version, table: try row.decode(column: "table_name", as: String.self))
    }
}

/// Why the store refused an upload, apart from the rows themselves.
public enum HostedDataError: Error, Sendable, Equatable {
    /// An append or upsert whose schema stores differently from the table's: only a replace
    /// may change the columns.
    case schemaChanged
    /// An update (CKAN `datastore_upsert` with `method=update`) named keys the table lacks.
    case missingKeys
}
