import CausewayCore
import Foundation
import SQLKit

extension RegistryRepository {
    /// Opens an error report on a record that exists now, flags the record and appends the
    /// `report.opened` event, in one transaction.
    public func open(_ report: ErrorReport, in registry: Registry) async throws -> RegistryEvent {
        try await database.transaction { connection in
            guard let row = try await connection.raw("""
                SELECT document FROM registry_records WHERE registry = \(bind: registry.code) AND record = \(bind: report.record)
                """).first(), let document = try row.decode(column: "document", as: String?.self) else {
                throw StoreError.notFound("record", report.record)
            }
            let sequence = try await Self.nextSequences(1, registry: registry.code, on: connection)
            let proposed = try DocumentCoding.text(of: report.proposed)
            try await connection.raw("""
                INSERT INTO registry_reports (id, registry, record, state, reporter, reporter_agency, proposed, note, opened_at)
                VALUES (\(bind: report.id), \(bind: registry.code), \(bind: report.record), 'open', \(bind: report.reporter),
                        \(bind: report.reporterAgency), \(bind: proposed), \(bind: report.note), \(bind: Timestamp.string(report.opened)))
                """).run()
            try await connection.raw("""
                UPDATE registry_records SET open_reports = open_reports + 1, sequence = \(bind: Int64(sequence))
                WHERE registry = \(bind: registry.code) AND record = \(bind: report.record)
                """).run()
            let event = RegistryEvent(registry: registry.code, owner: registry.owner, sequence: sequence, kind: .reportOpened,
                                      record: report.record, time: report.opened,
                                      values: RecordDocument.decode(document, schema: registry.schema),
                                      details: ["report": report.id, "reporterAgency": report.reporterAgency, "note": report.note])
            try await Self.append([event], schema: registry.schema, on: connection)
            return event
        }
    }

    /// Closes an open report: accepted (applying `correction`, when given, as its own event
    /// first) or rejected, with the owner's reason; then the `report.resolved` event. One
    /// transaction, so the record is never corrected with its report still open, or the reverse.
    public func resolve(_ reportID: String, in registry: Registry, accepted: Bool, resolution: String, by author: String, at now: Date,
                        correction: (change: RecordHistory.Change, validFrom: Date)?) async throws -> [RegistryEvent] {
        try await database.transaction { connection in
            guard let row = try await connection.raw("""
                SELECT * FROM registry_reports WHERE id = \(bind: reportID) AND registry = \(bind: registry.code)
                """).first() else { throw StoreError.notFound("report", reportID) }
            let report = try Self.report(row)
            guard report.state == .open else { throw StoreError.conflict("resolution of report", reportID) }
            var events: [RegistryEvent] = []
            if accepted, let correction {
                let write = try await Self.write(registry, record: report.record, change: correction.change, validFrom: correction.validFrom,
                                                 at: now, reason: resolution, author: author, details: ["report": reportID], on: connection)
                events.append(write.event)
            }
            let sequence = try await Self.nextSequences(1, registry: registry.code, on: connection)
            try await connection.raw("""
                UPDATE registry_reports SET state = \(bind: accepted ? "accepted" : "rejected"), resolved_at = \(bind: Timestamp.string(now)),
                    resolved_by = \(bind: author), resolution = \(bind: resolution)
                WHERE id = \(bind: reportID)
                """).run()
            try await connection.raw("""
                UPDATE registry_records SET open_reports = open_reports - 1, sequence = \(bind: Int64(sequence))
                WHERE registry = \(bind: registry.code) AND record = \(bind: report.record)
                """).run()
            let document = try await connection.raw("""
                SELECT document FROM registry_records WHERE registry = \(bind: registry.code) AND record = \(bind: report.record)
                """).first()?.decode(column: "document", as: String?.self)
            let event = RegistryEvent(registry: registry.code, owner: registry.owner, sequence: sequence, kind: .reportResolved,
                                      record: report.record, time: now,
                                      values: document.flatMap { RecordDocument.decode($0, schema: registry.schema) },
                                      details: ["report": reportID, "outcome": accepted ? "accepted" : "rejected", "resolution": resolution])
            try await Self.append([event], schema: registry.schema, on: connection)
            return events + [event]
        }
    }

    public func report(_ id: String) async throws -> ErrorReport? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT * FROM registry_reports WHERE id = \(bind: id)").first().map(Self.report)
        }
    }

    /// A record's reports, newest first.
    public func reports(_ registry: String, record: String) async throws -> [ErrorReport] {
        try await database.withConnection { connection in
            try await connection.raw("""
                SELECT * FROM registry_reports WHERE registry = \(bind: registry) AND record = \(bind: record) ORDER BY opened_at DESC
                """).all().map(Self.report)
        }
    }

    /// The open reports on any of `registries`, oldest first (the owner's inbox).
    public func openReports(_ registries: [String]) async throws -> [ErrorReport] {
        guard !registries.isEmpty else { return [] }
        return try await database.withConnection { connection in
            try await connection.raw("""
                SELECT * FROM registry_reports
                WHERE state = 'open' AND registry IN (\(registries.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))
                ORDER BY opened_at
                """).all().map(Self.report)
        }
    }

    static func report(_ row: any SQLRow) throws -> ErrorReport {
        let proposed = try row.decode(column: "proposed", as: String.self)
        var report = ErrorReport(
            id: try row.decode(column: "id", as: String.self), registry: try row.decode(column: "registry", as: String.self),
            record: try row.decode(column: "record", as: String.self), reporter: try row.decode(column: "reporter", as: String.self),
            reporterAgency: try row.decode(column: "reporter_agency", as: String.self),
            proposed: (try? DocumentCoding.decoder().decode([String: CellValue].self, from: Data(proposed.utf8))) ?? [:],
            note: try row.decode(column: "note", as: String.self),
            opened: try date(row, "opened_at") ?? Date(timeIntervalSince1970: 0))
        report.state = ErrorReport.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .open
        report.resolved = try date(row, "resolved_at")
        report.resolvedBy = try row.decode(column: "resolved_by", as: String?.self)
        report.resolution = try row.decode(column: "resolution", as: String?.self)
        return report
    }
}
