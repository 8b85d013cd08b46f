import CausewayCore
import CausewayStore
import Foundation

/// Creates and changes catalogue entries on behalf of a person: checks that they may edit the
/// publisher's catalogue, validates the draft, saves it and refreshes the catalogue snapshot
/// before returning, so the change is visible on every page and API answer that follows. The
/// API's dataset routes and the console's forms both edit through it.
struct DatasetEditor: Sendable {
    let catalog: CatalogService
    let datasets: DatasetRepository
    let clock: @Sendable () -> Date

    static func newID() -> String { UUID().uuidString.lowercased() }

    /// Creates the dataset `draft` describes; a release of noisy tables passes its `privacy`. A
    /// migration from another catalogue passes the dataset's `id` and `issued` date there.
    func create(_ draft: DatasetDraft, by user: User, privacy: ReleasePrivacy? = nil, id: String? = nil, issued: Date? = nil) async throws -> Dataset {
        try authorize(user, publisher: draft.publisher)
        let now = clock()
        var dataset = try draft.validated(id: id ?? Self.newID(), issued: min(issued ?? now, now), now: now, newID: Self.newID)
        dataset.privacy = privacy
        try await catalog.refresh(toInclude: try await datasets.create(dataset))
        return dataset
    }

    /// Replaces `existing` with `draft`; moving a dataset to another publisher needs the right
    /// to edit both catalogues.
    func replace(_ existing: Dataset, with draft: DatasetDraft, by user: User) async throws -> Dataset {
        try authorize(user, publisher: existing.publisher)
        if draft.publisher != existing.publisher { try authorize(user, publisher: draft.publisher) }
        var dataset = try draft.validated(id: existing.id, issued: existing.issued, now: clock(), newID: Self.newID)
        // A release's privacy parameters describe figures already published: no edit changes them.
        dataset.privacy = existing.privacy
        try await catalog.refresh(toInclude: try await datasets.replace(dataset))
        return dataset
    }

    /// Deletes `existing` (its hosted tables are purged after the retention period).
    func delete(_ existing: Dataset, by user: User) async throws {
        try authorize(user, publisher: existing.publisher)
        try await catalog.refresh(toInclude: try await datasets.delete(id: existing.id))
    }

    func authorize(_ user: User, publisher: String) throws {
        guard catalog.snapshot.agency(publisher) != nil else {
            throw Problem.invalid("Unknown publisher '\(publisher)'.", errors: [.init(pointer: "/publisher", detail: "no such agency")])
        }
        guard CatalogPermissions.canEdit(catalogOf: publisher, user: user) else {
            throw Problem.forbidden("Only engineers, stewards and admins of '\(publisher)' may change its catalogue.")
        }
    }
}
