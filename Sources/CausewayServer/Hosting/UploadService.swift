import CausewayCore
import CausewayStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Runs upload jobs: each validates and loads one spooled upload in the background, with live
/// counters for `GET /api/v1/jobs/{id}`. At start it resumes the jobs an earlier run of the
/// node left unfinished; that is safe because a job's load is one transaction, so an
/// interrupted job left nothing behind.
public final class UploadService: Service, Sendable {
    let jobs: JobRepository
    let data: HostedDataRepository
    let catalog: CatalogService
    let spool: UploadSpool
    let logger: Logger
    let clock: @Sendable () -> Date
    private let live = Mutex<[String: UploadJob]>([:])
    private let running = Mutex<[String: Task<UploadJob, Never>]>([:])

    init(jobs: JobRepository, data: HostedDataRepository, catalog: CatalogService, spool: UploadSpool, logger: Logger,
         clock: @escaping @Sendable () -> Date = { Date() }) {
        self.jobs = jobs
        self.data = data
        self.catalog = catalog
        self.spool = spool
        self.logger = logger
        self.clock = clock
    }

    /// Records a job for a spooled upload and starts it.
    func submit(_ job: UploadJob) async throws -> Task<UploadJob, Never> {
        try await jobs.create(job)
        return start(job)
    }

    private func start(_ job: UploadJob) -> Task<UploadJob, Never> {
        live.withLock { $0[job.id] = job }
        let task = Task { await self.execute(job) }
        running.withLock { $0[job.id] = task }
        return task
    }

    /// The job as it stands: live counters while it runs on this node, else the stored record.
    func job(_ id: String) async throws -> UploadJob? {
        if let job = live.withLock({ $0[id] }) { return job }
        return try await jobs.find(id)
    }

    public func run() async throws {
        for job in try await jobs.unfinished() {
            logger.info("resuming upload job", metadata: ["job": "\(job.id)"])
            var restarted = job
            restarted.state = .queued
            _ = start(restarted)
        }
        try? await gracefulShutdown()
        // Let jobs in flight finish their transaction before the database closes.
        for task in running.withLock({ Array($0.values) }) { _ = await task.value }
    }

    private func execute(_ queued: UploadJob) async -> UploadJob {
        var job = queued
        job.state = .running
        job.started = clock()
        live.withLock { [job] in $0[job.id] = job }
        defer { running.withLock { _ = $0.removeValue(forKey: queued.id) } }
        do {
            try await jobs.update(job)
            guard let dataset = catalog.snapshot.dataset(idOrName: job.dataset),
                  let distribution = dataset.distribution(id: job.distribution), let schema = distribution.schema else {
                throw Problem.notFound("distribution", job.distribution)
            }
            let path = spool.path(for: job.id)
            let pipeline = IngestPipeline(schema: schema, dialect: distribution.dialect ?? .standard, format: job.format) { [self] counters in
                live.withLock { jobs in
                    jobs[queued.id]?.rowsRead = counters.rowsRead
                    jobs[queued.id]?.rowsWritten = counters.rowsWritten
                    jobs[queued.id]?.errorCount = counters.errorCount
                }
            }
            let ingest = HostedDataRepository.Ingest(
                distribution: distribution.id, dataset: dataset.id, schema: schema, mode: job.mode, uploadedBy: job.createdBy,
                job: job.id, now: clock())
            let version = try await data.ingest(ingest) { writer in
                let result = try await pipeline.run(path: path, writer: writer)
                return .init(sha256: result.sha256, byteSize: result.byteSize)
            }
            // A load succeeds only when every row read was valid and written.
            job.state = .succeeded
            job.version = version.version
            job.rowsRead = version.rowsWritten
            job.rowsWritten = version.rowsWritten
        } catch {
            job.state = .failed
            job.rowsWritten = 0
            job.detail = failure(error, of: &job)
        }
        job.finished = clock()
        do {
            try await jobs.update(job)
        } catch {
            logger.error("could not record the end of an upload job", metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
        spool.remove(job: job.id)
        live.withLock { _ = $0.removeValue(forKey: job.id) }
        return job
    }

    /// Why the job failed, in a sentence for its `detail`; a rejection also records its errors.
    private func failure(_ error: any Error, of job: inout UploadJob) -> String {
        switch error {
        case let rejected as IngestPipeline.Rejected:
            job.rowsRead = rejected.counters.rowsRead
            job.errorCount = rejected.counters.errorCount
            job.errors = rejected.counters.errors
            return "The upload does not match the table schema: \(rejected.counters.errorCount) error(s). Nothing was written."
        case HostedDataError.schemaChanged:
            return "The schema's fields changed since the last upload; only mode=replace may change them."
        case let problem as Problem:
            return problem.detail ?? problem.title
        default:
            logger.error("upload job failed", metadata: ["job": "\(job.id)", "error": "\(String(reflecting: error))"])
            return "The upload could not be loaded; the error has been logged. Nothing was written."
        }
    }
}
