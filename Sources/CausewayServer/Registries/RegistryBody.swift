import CausewayCore
import CausewayStore
import Foundation

/// A registry as the API shows it: its definition, its catalogue entry, where its records
/// and feed are, and how far the feed has come.
struct RegistryBody: Encodable {
    var code: String
    var owner: String
    var title: String
    var description: String
    var schema: TableSchema
    var identifierField: String
    var accessRights: AccessRights
    var dataset: String
    var records: Int?
    var firstSequence: UInt64
    var lastSequence: UInt64
    var created: Date
    var links: [String: String]

    init(_ stored: StoredRegistry, last: UInt64?, records: Int? = nil, baseURL: String) {
        let registry = stored.registry
        code = registry.code
        owner = registry.owner
        title = registry.title
        description = registry.description
        schema = registry.schema
        identifierField = registry.identifierField
        accessRights = registry.accessRights
        dataset = stored.dataset
        self.records = records
        firstSequence = stored.firstSequence
        lastSequence = max(last ?? 0, stored.lastSequence)
        created = stored.created
        let base = "\(baseURL)/api/v1/registries/\(registry.code)"
        var links = ["records": base + "/records", "changes": base + "/changes", "stream": base + "/changes/stream",
                     "match": base + "/match"]
        if registry.accessRights != .public {
            links["exchange"] = "\(baseURL)/exchange/\(registry.owner)/registries/\(registry.code)"
        }
        self.links = links
    }
}

/// An error report as the API shows it. The reporter's username is shown to the owner's
/// people only; everyone else sees the reporting agency.
struct ErrorReportBody: Encodable {
    var id: String
    var registry: String
    var record: String
    var state: ErrorReport.State
    var reporter: String?
    var reporterAgency: String
    var proposed: [String: CellValue]
    var note: String
    var opened: Date
    var ageDays: Int
    var resolved: Date?
    var resolvedBy: String?
    var resolution: String?

    init(_ report: ErrorReport, showReporter: Bool, now: Date) {
        id = report.id
        registry = report.registry
        record = report.record
        state = report.state
        reporter = showReporter ? report.reporter : nil
        reporterAgency = report.reporterAgency
        proposed = report.proposed
        note = report.note
        opened = report.opened
        ageDays = max(0, Int((report.resolved ?? now).timeIntervalSince(report.opened) / 86_400))
        resolved = report.resolved
        resolvedBy = showReporter ? report.resolvedBy : nil
        resolution = report.resolution
    }
}
