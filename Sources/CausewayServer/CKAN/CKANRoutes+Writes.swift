import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// The write side of the CKAN Action API: `package_create`, `_update`, `_patch`, `_delete`,
/// `resource_create`, `_update`, `_patch`, `_delete` and `organization_create`, `_update`,
/// `_patch`, `_delete`, with CKAN's semantics (update replaces, patch merges into what
/// `*_show` returns) mapped onto Causeway's datasets and agencies, so `ckanapi load` moves a
/// catalogue off CKAN in one command. Writes go through the same ``DatasetEditor`` as the
/// `/api/v1` routes: the same rights, validation and read-your-writes.
extension CKANRoutes {
    static let writeActions: Set<String> = [
        "package_create", "package_update", "package_patch", "package_delete",
        "resource_create", "resource_update", "resource_patch", "resource_delete",
        "organization_create", "organization_update", "organization_patch", "organization_delete",
    ]

    func write(_ action: String, _ parameters: CKANParameters, request: Request, user: User?) async throws -> Response {
        guard request.method == .post else { throw CKANError.badRequest("Bad request - \(action) must be called with POST") }
        guard let user else { throw CKANError.authorization("Access denied: \(action) needs an API token (Authorization header)") }
        let snapshot = catalog.snapshot
        switch action {
        case "package_create":
            let package = try CKANPackageDraft(parameters.values, agencyExists: { snapshot.agency($0) != nil })
            if snapshot.index.position(ofName: package.draft.name) != nil {
                throw CKANError.validation("name", "That URL is already in use.")
            }
            if let id = package.id, snapshot.index.position(ofID: id) != nil {
                throw CKANError.validation("id", "Dataset id already exists")
            }
            let dataset = try await edit { try await editor.create(package.draft, by: user, id: package.id, issued: package.created) }
            return try packageResponse(action, dataset.id)
        case "package_update", "package_patch":
            let existing = try dataset(parameters, snapshot)
            var fields = parameters.values
            if action == "package_patch", let position = snapshot.index.position(ofID: existing.id),
               case .object(let shown) = try Self.package(at: position, snapshot) {
                fields = shown.merging(parameters.values) { _, patched in patched }
            }
            let package = try CKANPackageDraft(fields, agencyExists: { snapshot.agency($0) != nil })
            if let other = snapshot.index.position(ofName: package.draft.name), snapshot.index.dataset(at: other).id != existing.id {
                throw CKANError.validation("name", "That URL is already in use.")
            }
            let dataset = try await edit { try await editor.replace(existing, with: package.draft, by: user) }
            return try packageResponse(action, dataset.id)
        case "package_delete":
            try await editor.delete(try dataset(parameters, snapshot), by: user)
            return ok(action, JSONValue.null)
        case "resource_create":
            let key = try parameters.required("package_id")
            guard let existing = snapshot.dataset(idOrName: key) else { throw CKANError.notFound("Package was not found: \(key)") }
            let distribution = try CKANPackageDraft.distribution(parameters.values.filter { $0.key != "package_id" })
            if let id = distribution.id, snapshot.index.position(ofDistribution: id) != nil {
                throw CKANError.validation("id", "Resource id already exists")
            }
            var draft = DatasetDraft(existing)
            draft.distributions = (draft.distributions ?? []) + [distribution]
            let dataset = try await edit { try await editor.replace(existing, with: draft, by: user) }
            return try resourceResponse(action, dataset, at: dataset.distributions.count - 1)
        case "resource_update", "resource_patch", "resource_delete":
            let id = try parameters.required("id")
            guard let position = snapshot.index.position(ofDistribution: id) else { throw CKANError.notFound("Resource was not found.") }
            let existing = snapshot.index.dataset(at: position)
            guard let index = existing.distributions.firstIndex(where: { $0.id == id }) else { throw CKANError.notFound("Resource was not found.") }
            var draft = DatasetDraft(existing)
            if action == "resource_delete" {
                draft.distributions?.remove(at: index)
                _ = try await edit { try await editor.replace(existing, with: draft, by: user) }
                return ok(action, JSONValue.null)
            }
            var fields = parameters.values.filter { $0.key != "package_id" }
            if action == "resource_patch" {
                fields = try Self.object(CKANResource(distribution: existing.distributions[index], dataset: existing, position: index))
                    .merging(fields) { _, patched in patched }
            }
            var distribution = try CKANPackageDraft.distribution(fields)
            distribution.id = id
            draft.distributions?[index] = distribution
            let dataset = try await edit { try await editor.replace(existing, with: draft, by: user) }
            return try resourceResponse(action, dataset, at: index)
        default:
            return try await writeOrganization(action, parameters, user: user, snapshot: snapshot)
        }
    }

    private func writeOrganization(_ action: String, _ parameters: CKANParameters, user: User, snapshot: CatalogSnapshot) async throws -> Response {
        switch action {
        case "organization_create":
            guard user.isOperator else { throw CKANError.authorization("Access denied: only node operators may create organizations (agencies)") }
            let agency = try Self.agency(parameters.values, code: try parameters.required("name"))
            if snapshot.agency(agency.code) != nil { throw CKANError.validation("name", "Group name already exists in database") }
            try await edit { try await agencies.create(agency) }
        case "organization_update", "organization_patch":
            let key = try parameters.required("id")
            guard let existing = snapshot.agency(key) else { throw CKANError.notFound("Organization was not found.") }
            guard user.isOperator || user.has(.admin, in: existing.code) else {
                throw CKANError.authorization("Access denied: only operators and admins of '\(existing.code)' may change it")
            }
            var fields = parameters.values
            if action == "organization_patch" {
                fields = organizationBody(existing, count: 0).merging(fields) { _, patched in patched }
            }
            if let name = CKANPackageDraft.text(fields["name"]), name != existing.code {
                throw CKANError.validation("name", "An agency's code cannot change: its agreements and log entries name it")
            }
            var agency = try Self.agency(fields, code: existing.code)
            agency.registered = existing.registered
            try await edit { try await agencies.update(agency) }
        default:
            // organization_delete
            let key = try parameters.required("id")
            guard snapshot.agency(key) != nil else { throw CKANError.notFound("Organization was not found.") }
            throw CKANError.validation("id", "Causeway does not delete agencies: their agreements and transparency-log entries name them")
        }
        try await catalog.refresh()
        let fresh = catalog.snapshot
        let named = CKANPackageDraft.text(parameters.values["name"]).flatMap { fresh.agency($0)?.code }
        let code = try named ?? parameters.required("id")
        guard let agency = fresh.agency(code) else { throw CKANError.notFound() }
        return ok(action, JSONValue.object(organizationBody(agency, count: fresh.datasetCounts()[agency.code] ?? 0)))
    }

    /// An agency from a CKAN organization dictionary; homepage and email travel as extras.
    static func agency(_ fields: [String: JSONValue], code: String) throws -> Agency {
        var extras: [String: String] = [:]
        for extra in CKANPackageDraft.list(fields["extras"]) {
            if case .object(let pair) = extra, let key = CKANPackageDraft.text(pair["key"]) { extras[key] = CKANPackageDraft.text(pair["value"]) }
        }
        if let unknown = extras.keys.sorted().first(where: { !["homepage", "email"].contains($0) }) {
            throw CKANError.validation("extras", "Causeway has no organization field for the extra '\(unknown)'")
        }
        let title = CKANPackageDraft.text(fields["title"]).flatMap { $0.isEmpty ? nil : $0 } ?? code
        let agency = Agency(code: code, name: title, description: CKANPackageDraft.text(fields["description"]) ?? "",
                            homepage: extras["homepage"].flatMap { $0.isEmpty ? nil : $0 }, email: extras["email"].flatMap { $0.isEmpty ? nil : $0 })
        do {
            try agency.validate()
        } catch {
            throw CKANPackageDraft.Errors(fields: Dictionary(grouping: error.errors, by: { Self.organizationField($0.pointer) })
                .mapValues { $0.map(\.detail) }).error ?? CKANError.validation("name", "The organization is not valid")
        }
        return agency
    }

    private static func organizationField(_ pointer: String) -> String {
        switch pointer {
        case "/code": return "name"
        case "/name": return "title"
        case "/homepage", "/email": return "extras"
        default: return String(pointer.dropFirst())
        }
    }

    /// Runs a store write, turning the domain's validation failures into CKAN's error dictionary.
    @discardableResult
    private func edit<T>(_ write: () async throws -> T) async throws -> T {
        do {
            return try await write()
        } catch let error as ValidationError {
            throw CKANPackageDraft.validationError(error)
        } catch let error as StoreError {
            if case .conflict = error { throw CKANError.validation("name", "That URL is already in use.") }
            throw error
        }
    }

    private func dataset(_ parameters: CKANParameters, _ snapshot: CatalogSnapshot) throws -> Dataset {
        let given = CKANPackageDraft.text(parameters.values["id"])
        let key = try given ?? parameters.required("name")
        guard let dataset = snapshot.dataset(idOrName: key) else { throw CKANError.notFound("Package was not found: \(key)") }
        return dataset
    }

    private func packageResponse(_ action: String, _ id: String) throws -> Response {
        let snapshot = catalog.snapshot
        guard let position = snapshot.index.position(ofID: id) else { throw CKANError.notFound() }
        return raw(action, try CKANPackage.json(at: position, in: snapshot))
    }

    private func resourceResponse(_ action: String, _ dataset: Dataset, at index: Int) throws -> Response {
        try ok(action, CKANResource(distribution: dataset.distributions[index], dataset: dataset, position: index))
    }

    static func object(_ value: some Encodable) throws -> [String: JSONValue] {
        guard case .object(let members) = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(value)) else { return [:] }
        return members
    }
}
