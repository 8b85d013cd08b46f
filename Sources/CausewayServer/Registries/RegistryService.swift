import CausewayCore
import CausewayStore
import Foundation

/// Everything a person or system does to a registry, with its rules: who may write (the
/// owner's engineers, stewards and admins), who may read directly (anyone for an open
/// registry; the owner's people otherwise — other agencies read through the gateway), and
/// what a write must carry (a reason, a valid time not in the future). The API's routes, the
/// console and the demo all go through here, so the rules live in one place.
struct RegistryService: Sendable {
    let repository: RegistryRepository
    let directory: RegistryDirectory
    let editor: DatasetEditor
    let log: LogAppender
    let baseURL: String
    let clock: @Sendable () -> Date

    static let createdEvent = "registry.created"

    /// The node's clock as the store keeps times (to the millisecond, through the stored text):
    /// a write's record time must compare exactly with the ones read back.
    var now: Date { RegistryTime.stored(clock()) }

    // MARK: Registries

    func create(_ draft: RegistryDraft, by user: User) async throws -> StoredRegistry {
        let registry = draft.registry
        try registry.validate()
        try editor.authorize(user, publisher: registry.owner)
        guard try await directory.registry(registry.code) == nil else { throw Problem.conflict("registry", registry.code) }
        guard editor.catalog.snapshot.dataset(idOrName: registry.code) == nil else {
            throw Problem.invalid("A dataset is already named '\(registry.code)'; a registry's code names its catalogue entry too.",
                                  errors: [.init(pointer: "/code", detail: "already a dataset's name")])
        }
        let agency = editor.catalog.snapshot.agency(registry.owner)
        let contact = agency?.email.map { ContactPoint(name: agency?.name ?? registry.owner, email: $0) }
        let dataset = try await editor.create(draft.dataset(apiURL: "\(baseURL)/api/v1/registries/\(registry.code)", contactPoint: contact),
                                              by: user)
        let at = now
        try await repository.create(registry, dataset: dataset.id, at: at)
        _ = try await log.append([AuditEvent(kind: Self.createdEvent, at: at, actor: user.username, subject: "registries/\(registry.code)",
                                             agencies: [registry.owner], details: ["access": registry.accessRights.rawValue])])
        try await directory.refresh()
        guard let stored = try await directory.registry(registry.code) else { throw Problem.notFound("registry", registry.code) }
        return stored
    }

    /// The registry, for someone who may read its records directly.
    func readable(_ code: String, by user: User?) async throws -> StoredRegistry {
        let stored = try await find(code)
        let registry = stored.registry
        guard registry.accessRights != .public else { return stored }
        guard let user, user.isOperator || !user.roles(in: registry.owner).isEmpty else {
            throw Problem(.forbidden, code: "registry.not-open", title: "This registry is not open",
                          detail: "'\(registry.code)' is \(registry.accessRights.label.lowercased()); other agencies read it through the exchange gateway (/exchange/\(registry.owner)/registries/\(registry.code)/records/{id}), under a data sharing agreement.")
        }
        return stored
    }

    /// The registry, for one of its owner's people who may change it.
    func writable(_ code: String, by user: User) async throws -> StoredRegistry {
        let stored = try await find(code)
        guard CatalogPermissions.canEdit(catalogOf: stored.registry.owner, user: user) else {
            throw Problem.forbidden("Only engineers, stewards and admins of '\(stored.registry.owner)' may change registry '\(code)'.")
        }
        return stored
    }

    func find(_ code: String) async throws -> StoredRegistry {
        guard let stored = try await directory.registry(code) else { throw Problem.notFound("registry", code) }
        return stored
    }

    // MARK: Records

    /// Writes one record. `validFrom` defaults to now and may not be in the future.
    func write(_ code: String, record: String, change: RecordHistory.Change, validFrom: Date?, reason: String,
               by user: User) async throws -> RegistryWrite {
        let registry = try await writable(code, by: user).registry
        let at = now
        try Self.checkReason(reason)
        let from = try Self.check(validFrom: validFrom, now: at)
        if case .replace(let values) = change, registry.identifier(of: values) != record {
            throw Problem.invalid("The record's \(registry.identifierField) must be the identifier in the address, '\(record)'.",
                                  errors: [.init(pointer: "/record/\(registry.identifierField)", detail: "must be '\(record)'")])
        }
        do {
            let written = try await repository.write(registry, record: record, change: change, validFrom: from, at: at, reason: reason,
                                                     author: user.username)
            directory.changes.ring()
            return written
        } catch RecordHistory.Failure.nothingToChange {
            throw Problem.notFound("record", record)
        } catch RecordHistory.Failure.recordTimeWentBack {
            throw Problem(.conflict, code: "registry.clock", title: "The record was changed later than this node's clock says it is now",
                          detail: "Another node's clock is ahead of this one's; try again in a moment.")
        }
    }

    /// Loads new records in one transaction (at most ``maxLoad``), each with a `created` event.
    func load(_ code: String, records: [[String: CellValue]], validFrom: Date?, reason: String, by user: User) async throws -> ClosedRange<UInt64>? {
        let registry = try await writable(code, by: user).registry
        let at = now
        try Self.checkReason(reason)
        let from = try Self.check(validFrom: validFrom, now: at)
        do {
            let range = try await repository.load(registry, records: records, validFrom: from, at: at, reason: reason, author: user.username)
            directory.changes.ring()
            return range
        } catch StoreError.conflict {
            throw Problem(.conflict, code: "record.exists", title: "A record exists already",
                          detail: "A bulk load only creates records; change existing ones with PUT or PATCH on the record.")
        }
    }

    static let maxLoad = 10_000

    static func checkReason(_ reason: String) throws {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, reason.count <= 2_000 else {
            throw Problem.invalid("Every registry write carries a reason (at most 2,000 characters).",
                                  errors: [.init(pointer: "/reason", detail: "must not be empty")])
        }
    }

    static func check(validFrom: Date?, now: Date) throws -> Date {
        guard let validFrom else { return now }
        guard validFrom <= now else {
            throw Problem.invalid("A change can be back-dated but not post-dated: validFrom must not be in the future.",
                                  errors: [.init(pointer: "/validFrom", detail: "must not be in the future")])
        }
        return RegistryTime.stored(validFrom)
    }

    // MARK: Error reports

    func report(_ code: String, record: String, proposed cells: [String: String?], note: String, reporter: String, agency: String,
                registry stored: StoredRegistry) async throws -> ErrorReport {
        let proposed = try ErrorReport.checkProposal(cells, note: note, in: stored.registry)
        let report = ErrorReport(id: UUID().uuidString.lowercased(), registry: code, record: record, reporter: reporter, reporterAgency: agency,
                                 proposed: proposed, note: note, opened: now)
        do {
            _ = try await repository.open(report, in: stored.registry)
        } catch StoreError.notFound {
            throw Problem.notFound("record", record)
        }
        directory.changes.ring()
        return report
    }

    /// Accepts (optionally correcting the record with `correction` from `validFrom`) or rejects.
    func resolve(_ code: String, report id: String, accepted: Bool, resolution: String, correction: [String: CellValue]?, validFrom: Date?,
                 by user: User) async throws -> [RegistryEvent] {
        let registry = try await writable(code, by: user).registry
        let at = now
        guard !resolution.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Problem.invalid("A resolution says why.", errors: [.init(pointer: "/resolution", detail: "must not be empty")])
        }
        let from = try Self.check(validFrom: validFrom, now: at)
        do {
            let events = try await repository.resolve(id, in: registry, accepted: accepted, resolution: resolution, by: user.username, at: at,
                                                      correction: correction.map { (.patch($0), from) })
            directory.changes.ring()
            return events
        } catch StoreError.notFound {
            throw Problem.notFound("report", id)
        } catch StoreError.conflict {
            throw Problem(.conflict, code: "report.resolved", title: "The report is already resolved", detail: "Report \(id) is no longer open.")
        }
    }
}
