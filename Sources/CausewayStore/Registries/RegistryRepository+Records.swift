import CausewayCore
import Foundation
import SQLKit

/// A record as it is now, ready to answer with: its values as stored JSON (nil once retired),
/// since when they are true, how many error reports are open on it, and the sequence number
/// of the last event about it.
public struct CurrentRecord: Sendable, Hashable {
    public var document: String?
    public var validFrom: Date
    public var openReports: Int
    public var sequence: UInt64
}

/// What one write did: the event it appended and the record as it is now.
public struct RegistryWrite: Sendable, Hashable {
    public var event: RegistryEvent
    public var current: RecordVersion?
}

extension RegistryRepository {
    /// Applies `change` to a record from `validFrom` on, recorded at `now`, and appends its
    /// event, in one transaction. The domain rules are ``RecordHistory``'s; this loads the
    /// record's current knowledge, lets it decide, and stores what it decided.
    public func write(_ registry: Registry, record: String, change: RecordHistory.Change, validFrom: Date, at now: Date,
                      reason: String, author: String) async throws -> RegistryWrite {
        try await database.transaction { connection in
            try await Self.write(registry, record: record, change: change, validFrom: validFrom, at: now, reason: reason, author: author,
                                 details: [:], on: connection)
        }
    }

    static func write(_ registry: Registry, record: String, change: RecordHistory.Change, validFrom: Date, at now: Date,
                      reason: String, author: String, details extra: [String: String], on connection: any SQLDatabase) async throws -> RegistryWrite {
        let sequence = try await nextSequences(1, registry: registry.code, on: connection)
        let rows = try await connection.raw("""
            SELECT * FROM registry_versions
            WHERE registry = \(bind: registry.code) AND record = \(bind: record) AND recorded_to IS NULL
            """).all()
        var ids: [Int64] = []
        var versions: [RecordVersion] = []
        for row in rows {
            ids.append(try row.decode(column: "id", as: Int64.self))
            versions.append(try version(row, schema: registry.schema))
        }
        let existed = versions.contains { !$0.isRetired }
        var history = RecordHistory(versions: versions)
        let added = try history.apply(change, validFrom: validFrom, at: now, reason: reason, author: author)
        for (index, id) in ids.enumerated() where history.versions[index].recordedTo != nil {
            try await connection.raw("UPDATE registry_versions SET recorded_to = \(bind: Timestamp.string(now)) WHERE id = \(bind: id)").run()
        }
        try await insert(added, registry: registry, record: record, on: connection)
        let current = history.version(validAt: now, knownAt: now)
        let kind: RegistryEvent.Kind
        switch change {
        case .retire: kind = .retired
        case _ where !existed: kind = .created
        case _ where validFrom < now: kind = .corrected
        default: kind = .updated
        }
        var details = extra
        details["reason"] = reason
        if kind == .corrected { details["validFrom"] = UTCTime(validFrom).iso8601 }
        let event = RegistryEvent(registry: registry.code, owner: registry.owner, sequence: sequence, kind: kind, record: record,
                                  time: now, values: current?.values, details: details)
        try await connection.raw("""
            INSERT INTO registry_records (registry, record, document, valid_from, open_reports, sequence)
            VALUES (\(bind: registry.code), \(bind: record), \(bind: current?.values.map { RecordDocument.encode($0, schema: registry.schema) }),
                    \(bind: Timestamp.string(current?.validFrom ?? validFrom)), 0, \(bind: Int64(sequence)))
            ON CONFLICT (registry, record) DO UPDATE SET document = excluded.document, valid_from = excluded.valid_from,
                sequence = excluded.sequence
            """).run()
        try await append([event], schema: registry.schema, on: connection)
        return RegistryWrite(event: event, current: current)
    }

    /// Loads new records in one transaction, each as a version valid from `validFrom` and a
    /// `created` event, like any other write (a bulk load is no reason for subscribers to miss
    /// changes). Refuses the whole load if any record exists already.
    public func load(_ registry: Registry, records: [[String: CellValue]], validFrom: Date, at now: Date, reason: String,
                     author: String) async throws -> ClosedRange<UInt64>? {
        guard !records.isEmpty else { return nil }
        return try await database.transaction { connection in
            let last = try await Self.nextSequences(records.count, registry: registry.code, on: connection)
            let first = last - UInt64(records.count) + 1
            let schema = registry.schema
            let from = Timestamp.string(validFrom), recorded = Timestamp.string(now)
            for start in stride(from: 0, to: records.count, by: 100) {
                let chunk = records[start..<min(start + 100, records.count)]
                var versions: [SQLQueryString] = [], current: [SQLQueryString] = [], events: [SQLQueryString] = []
                let details = Self.detailsText(["reason": reason])
                for (offset, values) in zip(chunk.indices, chunk) {
                    guard let id = registry.identifier(of: values) else { throw StoreError.notFound("identifier", registry.identifierField) }
                    let document = RecordDocument.encode(values, schema: schema)
                    let sequence = Int64(first) + Int64(offset)
                    versions.append("(\(bind: registry.code), \(bind: id), \(bind: from), \(bind: recorded), \(bind: document), \(bind: reason), \(bind: author))")
                    current.append("(\(bind: registry.code), \(bind: id), \(bind: document), \(bind: from), 0, \(bind: sequence))")
                    events.append("(\(bind: registry.code), \(bind: sequence), 'created', \(bind: id), \(bind: recorded), \(bind: document), \(bind: details))")
                }
                try await connection.raw("""
                    INSERT INTO registry_versions (registry, record, valid_from, recorded_from, document, reason, author)
                    VALUES \(versions.joined(separator: ", "))
                    """).run()
                do {
                    try await connection.raw("""
                        INSERT INTO registry_records (registry, record, document, valid_from, open_reports, sequence)
                        VALUES \(current.joined(separator: ", "))
                        """).run()
                } catch {
                    throw StoreError.conflict("record", "in registry \(registry.code)")
                }
                try await connection.raw("""
                    INSERT INTO registry_events (registry, sequence, kind, record, at, document, details)
                    VALUES \(events.joined(separator: ", "))
                    """).run()
            }
            return first...last
        }
    }

    /// The record as it is now: one probe of the primary key (on SQLite on the caller's thread).
    public func current(_ registry: String, record: String) async throws -> CurrentRecord? {
        let sql = "SELECT document, valid_from, open_reports, sequence FROM registry_records WHERE registry = ? AND record = ?"
        if let rows = try await database.directRead({ try $0.rows(sql, [.text(registry), .text(record)]) }) {
            guard let row = rows.first, row.count == 4 else { return nil }
            return CurrentRecord(document: row[0].text, validFrom: row[1].text.flatMap(Timestamp.date) ?? Date(timeIntervalSince1970: 0),
                                 openReports: Int(row[2].integer ?? 0), sequence: UInt64(row[3].integer ?? 0))
        }
        return try await database.withConnection { connection in
            guard let row = try await connection.raw("""
                SELECT document, valid_from, open_reports, sequence FROM registry_records
                WHERE registry = \(bind: registry) AND record = \(bind: record)
                """).first() else { return nil }
            return CurrentRecord(
                document: try row.decode(column: "document", as: String?.self),
                validFrom: Timestamp.date(try row.decode(column: "valid_from", as: String.self)) ?? Date(timeIntervalSince1970: 0),
                openReports: try row.decode(column: "open_reports", as: Int.self),
                sequence: UInt64(try row.decode(column: "sequence", as: Int64.self)))
        }
    }

    /// The version true at `validAt` as known at `knownAt`; nil when the record did not exist
    /// then (or was not known to).
    public func version(_ registry: Registry, record: String, validAt: Date, knownAt: Date) async throws -> RecordVersion? {
        let valid = Timestamp.string(validAt), known = Timestamp.string(knownAt)
        return try await database.withConnection { connection in
            try await connection.raw("""
                SELECT * FROM registry_versions
                WHERE registry = \(bind: registry.code) AND record = \(bind: record)
                  AND valid_from <= \(bind: valid) AND (valid_to IS NULL OR valid_to > \(bind: valid))
                  AND recorded_from <= \(bind: known) AND (recorded_to IS NULL OR recorded_to > \(bind: known))
                ORDER BY recorded_from DESC LIMIT 1
                """).first().map { try Self.version($0, schema: registry.schema) }
        }
    }

    /// Every version of a record, in the order they were recorded (then by valid time).
    public func history(_ registry: Registry, record: String) async throws -> [RecordVersion] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT * FROM registry_versions WHERE registry = \(bind: registry.code) AND record = \(bind: record)
                ORDER BY recorded_from, valid_from, id
                """).all().map { try Self.version($0, schema: registry.schema) }
        }
    }

    /// Records as they are now, by identifier, for listing pages (`after` is the last
    /// identifier of the previous page).
    public func records(_ registry: String, after: String?, limit: Int) async throws -> [(id: String, current: CurrentRecord)] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT record, document, valid_from, open_reports, sequence FROM registry_records
                WHERE registry = \(bind: registry) AND record > \(bind: after ?? "") AND document IS NOT NULL
                ORDER BY record LIMIT \(bind: limit)
                """).all().map { row in
                (try row.decode(column: "record", as: String.self), CurrentRecord(
                    document: try row.decode(column: "document", as: String?.self),
                    validFrom: Timestamp.date(try row.decode(column: "valid_from", as: String.self)) ?? Date(timeIntervalSince1970: 0),
                    openReports: try row.decode(column: "open_reports", as: Int.self),
                    sequence: UInt64(try row.decode(column: "sequence", as: Int64.self))))
            }
        }
    }

    /// How many records the registry holds now (retired ones left out).
    public func count(_ registry: String) async throws -> Int {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT COUNT(*) AS n FROM registry_records WHERE registry = \(bind: registry) AND document IS NOT NULL
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    // MARK: Shared steps

    /// Takes the registry's next `count` sequence numbers and returns the last; the row lock
    /// it takes queues every other writer of the registry until this transaction ends.
    static func nextSequences(_ count: Int, registry: String, on connection: any SQLDatabase) async throws -> UInt64 {
        guard let row = try await connection.raw("""
            UPDATE registries SET last_sequence = last_sequence + \(bind: Int64(count)) WHERE code = \(bind: registry)
            RETURNING last_sequence
            """).first() else { throw StoreError.notFound("registry", registry) }
        _ = try await Revisions.bump("registries", on: connection)
        return UInt64(try row.decode(column: "last_sequence", as: Int64.self))
    }

    static func insert(_ versions: [RecordVersion], registry: Registry, record: String, on connection: any SQLDatabase) async throws {
        for version in versions {
            try await connection.raw("""
                INSERT INTO registry_versions (registry, record, valid_from, valid_to, recorded_from, recorded_to, document, reason, author)
                VALUES (\(bind: registry.code), \(bind: record), \(bind: Timestamp.string(version.validFrom)),
                        \(bind: version.validTo.map(Timestamp.string)), \(bind: Timestamp.string(version.recordedFrom)),
                        \(bind: version.recordedTo.map(Timestamp.string)),
                        \(bind: version.values.map { RecordDocument.encode($0, schema: registry.schema) }),
                        \(bind: version.reason), \(bind: version.author))
                """).run()
        }
    }

    static func version(_ row: any SQLRow, schema: TableSchema) throws -> RecordVersion {
        RecordVersion(
            values: try row.decode(column: "document", as: String?.self).flatMap { RecordDocument.decode($0, schema: schema) },
            validFrom: try date(row, "valid_from") ?? Date(timeIntervalSince1970: 0),
            validTo: try date(row, "valid_to"),
            recordedFrom: try date(row, "recorded_from") ?? Date(timeIntervalSince1970: 0),
            recordedTo: try date(row, "recorded_to"),
            reason: try row.decode(column: "reason", as: String.self),
            author: try row.decode(column: "author", as: String.self))
    }

    static func date(_ row: any SQLRow, _ column: String) throws -> Date? {
        try row.decode(column: column, as: String?.self).flatMap(Timestamp.date)
    }
}
