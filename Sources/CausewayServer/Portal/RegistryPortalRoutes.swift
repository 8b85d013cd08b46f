import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// `/registries` and `/registries/{code}`: the registries for people, without sign-in. A
/// lookup and an address search are plain GET forms, so they work without JavaScript and the
/// address holds the page's state.
struct RegistryPortalRoutes {
    let pages: Pages
    let service: RegistryService
    let matching: AddressMatching
    let catalog: CatalogService

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("registries", use: list)
        group.get("registries/:registry", use: show)
    }

    var repository: RegistryRepository { service.repository }

    @Sendable func list(_ request: Request, context: CausewayContext) async throws -> Response {
        var items: [RegistriesPage.Item] = []
        for stored in service.directory.all {
            let registry = stored.registry
            items.append(.init(title: registry.title, href: "/registries/\(registry.code)",
                               owner: catalog.snapshot.agency(registry.owner)?.name ?? registry.owner, ownerHref: "/agencies/\(registry.owner)",
                               access: registry.accessRights.label, accessClass: registry.accessRights.rawValue,
                               records: PageText.plural(try await repository.count(registry.code), "record"),
                               description: PageText.excerpt(registry.description, limit: 240)))
        }
        return pages.response(pages.html("registries", RegistriesPage(chrome: pages.chrome("Registries", section: .registries), registries: items)))
    }

    @Sendable func show(_ request: Request, context: CausewayContext) async throws -> Response {
        let stored = try await service.find(try context.parameters.require("registry"))
        let registry = stored.registry
        let query = QueryParameters(request)
        try query.only(["id", "validAt", "q"])
        let last = service.directory.lastSequence(of: stored)
        let open = registry.accessRights == .public
        let events = open ? try await repository.events(registry, after: max(stored.firstSequence, last > 10 ? last - 10 : 0), limit: 10) : []
        var page = RegistryPage(chrome: pages.chrome(registry.title, section: .registries), stored: stored,
                                ownerName: catalog.snapshot.agency(registry.owner)?.name ?? registry.owner,
                                count: try await repository.count(registry.code), last: last, events: events,
                                matchable: AddressMatching.Fields(registry.schema) != nil)
        if open, let id = query.string("id")?.trimmingCharacters(in: .whitespaces), !id.isEmpty {
            page.lookupID = id
            let validText = query.string("validAt") ?? ""
            page.lookupValidAt = validText
            let validAt = validText.isEmpty ? nil : RegistryTime.parse(validText)
            if !validText.isEmpty, validAt == nil {
                page.lookupError = "“\(validText)” is not a date."
            } else if let current = try await repository.current(registry.code, record: id),
                      let version = try await repository.version(registry, record: id, validAt: validAt ?? service.now, knownAt: service.now) {
                page.show(version, id: id, registry: registry, underInvestigation: current.openReports > 0)
            } else {
                page.lookupError = validAt == nil ? "There is no record “\(id)”." : "Record “\(id)” did not exist on \(validText)."
            }
        }
        if open, page.matchable, let text = query.string("q"), !text.trimmingCharacters(in: .whitespaces).isEmpty {
            page.matchQuery = String(text.prefix(500))
            let match = try await matching.index(for: stored).match(page.matchQuery, limit: 5)
            var texts: [String: String] = [:]
            for candidate in match.candidates {
                if let document = try await repository.current(registry.code, record: candidate.id)?.document,
                   let values = RecordDocument.decode(document, schema: registry.schema) {
                    texts[candidate.id] = registry.schema.fieldNames.filter { $0 != registry.identifierField && $0 != "latitude" && $0 != "longitude" }
                        .compactMap { values[$0].flatMap { $0.isNull ? nil : $0.plainText } }.joined(separator: ", ")
                }
            }
            page.show(match, texts: texts, registry: registry)
        }
        return pages.response(pages.html("registry", page))
    }
}
