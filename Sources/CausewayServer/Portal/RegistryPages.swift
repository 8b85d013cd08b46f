import CausewayCore
import CausewayStore
import Foundation

/// `/registries`: every registry, with its owner, access and size.
struct RegistriesPage {
    struct Item {
        var title: String
        var href: String
        var owner: String
        var ownerHref: String
        var access: String
        var accessClass: String
        var records: String
        var description: String
    }

    var chrome: PageChrome
    var registries: [Item]
}

/// `/registries/{code}`: one registry — a record looked up (now or as it was), an address
/// found, the latest changes, the fields. A restricted or personal registry shows only what it
/// is and how to read it under an agreement: its records and changes are not public.
struct RegistryPage {
    struct Field {
        var name: String
        var value: String
    }

    struct LookedUp {
        var fields: [Field]
        var validFrom: String
        var validTo: String?
        var underInvestigation: Bool
        var historyHref: String
    }

    struct Candidate {
        var id: String
        var href: String
        var text: String
        var score: String
        var matched: String
    }

    struct Event {
        var sequence: String
        var time: String
        var kind: String
        var record: String
        var href: String
        var reason: String
    }

    struct SchemaField {
        var name: String
        var type: String
        var description: String
    }

    var chrome: PageChrome
    var title: String
    var description: String
    var owner: String
    var ownerHref: String
    var access: String
    var accessClass: String
    var records: String
    var changes: String
    var open: Bool
    var identifierField: String
    var lookupID = ""
    var lookupValidAt = ""
    var lookupError: String?
    var record: LookedUp?
    var matchable: Bool
    var matchQuery = ""
    var matchClass: String?
    var candidates: [Candidate] = []
    var events: [Event]
    var schema: [SchemaField]
    var exchangePath: String
    var streamPath: String
    var changesPath: String
    var datasetHref: String
    var apiHref: String

    init(chrome: PageChrome, stored: StoredRegistry, ownerName: String, count: Int, last: UInt64, events: [RegistryEvent], matchable: Bool) {
        let registry = stored.registry
        self.chrome = chrome
        title = registry.title
        description = registry.description
        owner = ownerName
        ownerHref = "/agencies/\(registry.owner)"
        access = registry.accessRights.label
        accessClass = registry.accessRights.rawValue
        records = PageText.plural(count, "record")
        changes = PageText.plural(Int(last), "change")
        open = registry.accessRights == .public
        identifierField = registry.identifierField
        self.matchable = matchable
        let base = "/api/v1/registries/\(registry.code)"
        self.events = events.reversed().map { event in
            Event(sequence: String(event.sequence), time: PageText.dateTime(event.time), kind: event.kind.rawValue.replacingOccurrences(of: ".", with: " "),
                  record: event.record, href: QueryString([("id", event.record)]).url("/registries/\(registry.code)") + "#lookup-heading",
                  reason: event.details["reason"] ?? event.details["note"] ?? event.details["resolution"] ?? "")
        }
        schema = registry.schema.fields.map { SchemaField(name: $0.name, type: $0.type.rawValue, description: $0.description ?? $0.title ?? "") }
        exchangePath = "/exchange/\(registry.owner)/registries/\(registry.code)/records/{id}"
        streamPath = base + "/changes/stream"
        changesPath = base + "/changes?after=0"
        datasetHref = "/datasets/\(registry.code)"
        apiHref = base
    }

    mutating func show(_ version: RecordVersion, id: String, registry: Registry, underInvestigation: Bool) {
        let values = version.values ?? [:]
        record = LookedUp(
            fields: version.isRetired ? [Field(name: "retired", value: "This record was retired: \(version.reason)")]
                : registry.schema.fields.map { Field(name: $0.name, value: values[$0.name]?.plainText ?? "") },
            validFrom: PageText.date(version.validFrom), validTo: version.validTo.map(PageText.date),
            underInvestigation: underInvestigation, historyHref: "/api/v1/registries/\(registry.code)/records/\(QueryString.escape(id))/history")
    }

    mutating func show(_ match: (candidates: [AddressCandidate], class: MatchClass), texts: [String: String], registry: Registry) {
        matchClass = match.class.rawValue
        candidates = match.candidates.map { candidate in
            Candidate(id: candidate.id, href: QueryString([("id", candidate.id)]).url("/registries/\(registry.code)") + "#lookup-heading",
                      text: texts[candidate.id] ?? "", score: String(format: "%.2f", candidate.score),
                      matched: candidate.matched.isEmpty ? "—" : candidate.matched.joined(separator: ", "))
        }
    }
}
