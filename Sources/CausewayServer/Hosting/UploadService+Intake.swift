import CausewayCore
import Foundation

extension UploadService {
    /// The dataset and distribution an upload goes into, once the uploader may edit the
    /// publisher's catalogue and the distribution can hold data (it has a Table Schema, and a
    /// primary key for upserts). The API's upload and the console's both check through here.
    func destination(dataset key: String, distribution id: String, mode: UploadMode, by user: User) throws -> (Dataset, Distribution) {
        guard let dataset = catalog.snapshot.dataset(idOrName: key) else { throw Problem.notFound("dataset", key) }
        guard CatalogPermissions.canEdit(catalogOf: dataset.publisher, user: user) else {
            throw Problem.forbidden("Only engineers, stewards and admins of '\(dataset.publisher)' may upload its data.")
        }
        guard let distribution = dataset.distribution(id: id) else { throw Problem.notFound("distribution", id) }
        guard distribution.schema != nil else { throw HostedAccess.noSchema(id) }
        if dataset.privacy?.table(distribution: id) != nil {
            throw Problem(.conflict, code: "privacy.release-immutable", title: "A release's tables cannot be replaced",
                          detail: "'\(dataset.name)' holds noisy tables whose privacy loss its metadata states; publish a new release instead.")
        }
        if mode == .upsert, distribution.schema?.primaryKey?.isEmpty ?? true {
            throw Problem.badParameter("mode", "upsert needs a primaryKey in the distribution's Table Schema")
        }
        return (dataset, distribution)
    }

    /// Records and starts the job for a file already in the spool under `id`, for `creator`
    /// (a username, or `demo`); the file is removed if the job cannot be recorded. Returns the
    /// job as queued, and the task that finishes it.
    func start(job id: String, into dataset: Dataset, _ distribution: Distribution, mode: UploadMode, format: UploadFormat,
               byteSize: Int, by creator: String) async throws -> (job: UploadJob, task: Task<UploadJob, Never>) {
        let job = UploadJob(id: id, dataset: dataset.id, distribution: distribution.id, mode: mode, format: format, createdBy: creator,
                            created: clock(), byteSize: byteSize)
        do {
            return (job, try await submit(job))
        } catch {
            spool.remove(job: id)
            throw error
        }
    }

    /// Loads CSV text the node itself wrote (the demo's tables, a release's noisy tables) into
    /// `distribution` through the same job an uploaded file goes through, and waits for it.
    func load(csv: String, into dataset: Dataset, _ distribution: Distribution, by creator: String) async throws -> UploadJob {
        let id = UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: spool.directory, withIntermediateDirectories: true)
        try Data(csv.utf8).write(to: URL(fileURLWithPath: spool.path(for: id)))
        return await (try start(job: id, into: dataset, distribution, mode: .replace, format: .csv, byteSize: csv.utf8.count, by: creator)).task.value
    }

    /// The job, if `user` started it or may edit the catalogue it loads into; nil otherwise,
    /// so that other agencies' job ids cannot be probed.
    func job(_ id: String, visibleTo user: User) async throws -> UploadJob? {
        guard let job = try await job(id) else { return nil }
        let publisher = catalog.snapshot.dataset(idOrName: job.dataset)?.publisher ?? ""
        return job.createdBy == user.username || CatalogPermissions.canEdit(catalogOf: publisher, user: user) ? job : nil
    }
}
