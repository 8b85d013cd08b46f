import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// The console's dataset pages: my agency's datasets, their metadata forms, uploads (with
/// progress), the upload reports, versions and rollback. Edits go through ``DatasetEditor`` and
/// uploads through ``UploadService``, as the API's do.
struct ConsoleDatasetRoutes {
    let pages: Pages
    let session: ConsoleSession
    let editor: DatasetEditor
    let uploads: UploadService
    let data: HostedDataRepository
    let jobs: JobRepository
    let maxUploadBytes: Int
    let clock: @Sendable () -> Date

    var catalog: CatalogService { editor.catalog }

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("console/datasets", use: list)
        group.get("console/datasets/new", use: newForm)
        group.post("console/datasets", use: create)
        group.get("console/datasets/:dataset", use: show)
        group.post("console/datasets/:dataset", use: save)
        group.post("console/datasets/:dataset/distributions/:distribution/upload", use: upload)
        group.post("console/datasets/:dataset/distributions/:distribution/rollback", use: rollback)
        group.get("console/jobs/:job", use: report)
        group.get("console/jobs/:job/progress", use: progress)
    }

    struct ListView {
        var chrome: PageChrome
        var datasets: [DatasetSummary]
        var canCreate: Bool
    }

    /// The agencies whose catalogue this person may edit.
    private func publishers(_ user: User) -> [Agency] {
        catalog.snapshot.agencies.filter { CatalogPermissions.canEdit(catalogOf: $0.code, user: user) }
    }

    @Sendable func list(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let snapshot = catalog.snapshot
        let mine = Set(publishers(signed.user).map(\.code))
        var summaries: [DatasetSummary] = []
        for dataset in snapshot.index.datasetsByName where mine.contains(dataset.publisher) {
            var summary = DatasetSummary(dataset, snapshot: snapshot)
            summary.href = "/console/datasets/\(dataset.id)"
            summaries.append(summary)
        }
        summaries.sort { $0.title < $1.title }
        let view = ListView(chrome: pages.chrome("My datasets", section: .myDatasets, session: signed, notice: ConsoleSession.notice(request)),
                            datasets: summaries, canCreate: !mine.isEmpty)
        return pages.page("console_datasets", view, personal: true)
    }

    @Sendable func newForm(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        var values = DatasetFormPage.Values()
        let publisher = publishers(signed.user).first
        values.publisher = publisher?.code ?? ""
        // DCAT-AP asks for a contact point: the agency's own address until the publisher names a team.
        if let email = publisher?.email {
            values.contactName = publisher?.name ?? ""
            values.contactEmail = email
        }
        return formPage(signed: signed, values: values, errors: FormErrors(), status: .ok)
    }

    private func formPage(signed: ConsoleSession.Signed, values: DatasetFormPage.Values, errors: FormErrors, status: HTTPResponse.Status) -> Response {
        let view = DatasetFormPage(chrome: pages.chrome(errors.isEmpty ? "New dataset" : "Error: new dataset", section: .myDatasets, session: signed),
                                   heading: "New dataset", action: "/console/datasets", values: values, publishers: publishers(signed.user),
                                   isNew: true, errors: errors)
        return pages.page("console_dataset_form", view, status: status, personal: true)
    }

    @Sendable func create(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, form) = try await session.requireForm(request)
        let values = DatasetFormPage.Values(form)
        let (draft, errors) = values.draft(existing: nil)
        guard let draft else { return formPage(signed: signed, values: values, errors: errors, status: .unprocessableContent) }
        do {
            let dataset = try await editor.create(draft, by: signed.user)
            return Pages.seeOther(QueryString([("notice", "The dataset is in the catalogue. Upload its data below.")]).url("/console/datasets/\(dataset.id)"))
        } catch let error as ValidationError {
            return formPage(signed: signed, values: values, errors: FormErrors.from(error, fields: DatasetFormPage.pointers, fallback: "title"),
                            status: .unprocessableContent)
        } catch StoreError.conflict {
            var errors = FormErrors()
            errors.add("name", "The short name “\(values.name)” is taken: choose another.")
            return formPage(signed: signed, values: values, errors: errors, status: .conflict)
        }
    }

    @Sendable func show(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let dataset = try editable(try context.parameters.require("dataset"), signed.user)
        return try await showPage(signed: signed, dataset: dataset, values: .init(dataset), errors: FormErrors(), notice: ConsoleSession.notice(request),
                                  status: .ok)
    }

    private func showPage(signed: ConsoleSession.Signed, dataset: Dataset, values: DatasetFormPage.Values, errors: FormErrors,
                          notice: String?, status: HTTPResponse.Status) async throws -> Response {
        var versions: [String: [DataVersion]] = [:]
        for distribution in dataset.distributions where distribution.schema != nil {
            versions[distribution.id] = try await data.versions(of: distribution.id)
        }
        let chrome = pages.chrome(errors.isEmpty ? dataset.title : "Error: " + dataset.title, section: .myDatasets, session: signed, notice: notice)
        // The form shares the page's chrome: its template reads the CSRF token from it.
        let form = DatasetFormPage(chrome: chrome, heading: "Metadata", action: "/console/datasets/\(dataset.id)",
                                   values: values, publishers: publishers(signed.user), isNew: false, errors: errors)
        let view = DatasetConsolePage(chrome: chrome, dataset: dataset,
                                      versions: versions, jobs: try await jobs.recent(datasets: [dataset.id], limit: 10), form: form)
        return pages.page("console_dataset", view, status: status, personal: true)
    }

    /// The dataset, if this person may edit its publisher's catalogue (404 otherwise, so other
    /// agencies' restricted entries cannot be probed through the console).
    private func editable(_ key: String, _ user: User) throws -> Dataset {
        guard let dataset = catalog.snapshot.dataset(idOrName: key), CatalogPermissions.canEdit(catalogOf: dataset.publisher, user: user) else {
            throw Problem.notFound("dataset", key)
        }
        return dataset
    }

    @Sendable func save(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, form) = try await session.requireForm(request)
        let dataset = try editable(try context.parameters.require("dataset"), signed.user)
        let values = DatasetFormPage.Values(form)
        let (draft, errors) = values.draft(existing: dataset)
        guard let draft else {
            return try await showPage(signed: signed, dataset: dataset, values: values, errors: errors, notice: nil, status: .unprocessableContent)
        }
        do {
            let saved = try await editor.replace(dataset, with: draft, by: signed.user)
            return Pages.seeOther(QueryString([("notice", "Saved.")]).url("/console/datasets/\(saved.id)"))
        } catch let error as ValidationError {
            return try await showPage(signed: signed, dataset: dataset, values: values,
                                      errors: FormErrors.from(error, fields: DatasetFormPage.pointers, fallback: "title"), notice: nil,
                                      status: .unprocessableContent)
        }
    }

    /// An upload from the console: the script sends the file as the body (with `X-CSRF-Token`)
    /// and gets the job as JSON to follow its progress; the plain form sends
    /// `multipart/form-data` and is answered with the report once the job is done.
    @Sendable func upload(_ request: Request, context: CausewayContext) async throws -> Response {
        let datasetKey = try context.parameters.require("dataset")
        let distributionID = try context.parameters.require("distribution")
        let id = UUID().uuidString.lowercased()
        if let boundary = MultipartFile.boundary(request.headers[.contentType]) {
            let signed = try await session.require(request)
            let spooled = try await uploads.spool.receive(request.body, job: id + "-form", limit: maxUploadBytes + 64 * 1024)
            defer { uploads.spool.remove(job: id + "-form") }
            let file: MultipartFile
            do {
                file = try MultipartFile.read(path: spooled.path, boundary: boundary)
            } catch {
                throw Problem(.badRequest, code: "console.upload-form", title: "Choose a file to upload",
                              detail: "The form arrived without a file. Go back, choose a CSV or JSON Lines file and upload again.")
            }
            guard ConsoleSession.same(file.fields["csrf"] ?? "", signed.csrf) else { throw ConsoleSession.csrfProblem }
            let mode = UploadMode(rawValue: file.fields["mode"] ?? "replace") ?? .replace
            let (dataset, distribution) = try uploads.destination(dataset: datasetKey, distribution: distributionID, mode: mode, by: signed.user)
            try file.copy(from: spooled.path, to: uploads.spool.path(for: id))
            let format: UploadFormat = file.filename.lowercased().hasSuffix(".jsonl") || file.filename.lowercased().hasSuffix(".ndjson") ? .jsonl : .csv
            let (_, task) = try await uploads.start(job: id, into: dataset, distribution, mode: mode, format: format,
                                                    byteSize: file.end - file.start, by: signed.user.username)
            _ = await task.value
            return Pages.seeOther("/console/jobs/\(id)")
        }
        let signed = try await session.requireHeaderToken(request)
        let mode = UploadMode(rawValue: QueryParameters(request).string("mode") ?? "replace") ?? .replace
        let (dataset, distribution) = try uploads.destination(dataset: datasetKey, distribution: distributionID, mode: mode, by: signed.user)
        let spooled = try await uploads.spool.receive(request.body, job: id, limit: maxUploadBytes)
        _ = try await uploads.start(job: id, into: dataset, distribution, mode: mode, format: UploadFormat(mediaType: request.headers[.contentType]),
                                    byteSize: spooled.byteSize, by: signed.user.username)
        return try JSONResponse.make(Progress(job: id, state: "queued", rows: 0, errors: 0, report: "/console/jobs/\(id)"), status: .accepted)
    }

    struct Progress: Codable {
        var job: String
        var state: String
        var rows: Int
        var errors: Int
        var report: String
    }

    @Sendable func progress(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let id = try context.parameters.require("job")
        guard let job = try await uploads.job(id, visibleTo: signed.user) else { throw Problem.notFound("job", id) }
        var response = try JSONResponse.make(Progress(job: id, state: job.state.rawValue, rows: job.rowsRead, errors: job.errorCount,
                                                      report: "/console/jobs/\(id)"))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func report(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let id = try context.parameters.require("job")
        guard let job = try await uploads.job(id, visibleTo: signed.user) else { throw Problem.notFound("job", id) }
        let title = job.state == .failed ? "Upload report: rejected" : job.state == .succeeded ? "Upload report: loaded" : "Upload report: checking"
        let view = UploadReportPage(chrome: pages.chrome(title, section: .myDatasets, session: signed), job: job,
                                    dataset: catalog.snapshot.dataset(idOrName: job.dataset))
        return pages.page("console_upload", view, personal: true)
    }

    @Sendable func rollback(_ request: Request, context: CausewayContext) async throws -> Response {
        let (signed, form) = try await session.requireForm(request)
        let (dataset, distribution) = try uploads.destination(dataset: try context.parameters.require("dataset"),
                                                               distribution: try context.parameters.require("distribution"), mode: .replace,
                                                               by: signed.user)
        guard let number = form.value("version").flatMap(Int.init), let schema = distribution.schema else {
            throw Problem.badParameter("version", "must be a version number")
        }
        let ingest = HostedDataRepository.Ingest(distribution: distribution.id, dataset: dataset.id, schema: schema, mode: .replace,
                                                 uploadedBy: signed.user.username, job: nil, now: clock())
        let message: String
        do {
            let version = try await data.restore(ingest, version: number)
            message = "Version \(number) is the data again, as version \(version.version)."
        } catch HostedDataRepository.RestoreError.schemaChanged {
            message = "Version \(number) has other columns than the table has now, so it cannot be restored."
        } catch HostedDataRepository.RestoreError.noVersion {
            message = "There is no version \(number)."
        }
        return Pages.seeOther(QueryString([("notice", message)]).url("/console/datasets/\(dataset.id)"))
    }
}
