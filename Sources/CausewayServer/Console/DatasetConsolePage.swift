import CausewayCore
import Foundation

/// `/console/datasets/{id}`: one dataset of my agency. Its tables with an upload form each
/// (live progress with a script, a plain form without), the latest upload jobs, the versions
/// with a rollback button each, and the metadata form.
struct DatasetConsolePage {
    struct Table {
        var id: String
        var title: String
        var fields: String
        var uploadAction: String
        var hasKey: Bool
        var versions: [Version]
    }

    struct Version {
        var number: Int
        var mode: String
        var rows: String
        var by: String
        var when: String
        var sha: String
        var latest: Bool
        var rollbackAction: String
    }

    struct Job {
        var href: String
        var when: String
        var state: String
        var detail: String
    }

    var chrome: PageChrome
    var title: String
    var publicHref: String
    var tables: [Table]
    var jobs: [Job]
    var form: DatasetFormPage

    init(chrome: PageChrome, dataset: Dataset, versions: [String: [DataVersion]], jobs: [UploadJob], form: DatasetFormPage) {
        self.chrome = chrome
        self.form = form
        title = dataset.title
        publicHref = "/datasets/\(dataset.name)"
        let base = "/console/datasets/\(dataset.id)/distributions"
        tables = dataset.distributions.filter { $0.schema != nil }.map { distribution in
            let list = versions[distribution.id] ?? []
            return Table(id: distribution.id, title: distribution.title,
                         fields: distribution.schema?.fields.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: ", ") ?? "",
                         uploadAction: "\(base)/\(distribution.id)/upload", hasKey: !(distribution.schema?.primaryKey ?? []).isEmpty,
                         versions: list.map { version in
                             Version(number: version.version, mode: version.mode.rawValue, rows: PageText.count(version.rowCount),
                                     by: version.uploadedBy, when: PageText.dateTime(version.created), sha: String(version.sha256.prefix(12)),
                                     latest: version.version == list.first?.version, rollbackAction: "\(base)/\(distribution.id)/rollback")
                         })
        }
        self.jobs = jobs.map { job in
            Job(href: "/console/jobs/\(job.id)", when: PageText.dateTime(job.created), state: job.state.rawValue,
                detail: job.state == .failed ? PageText.plural(job.errorCount, "error") : "\(PageText.count(job.rowsWritten)) rows")
        }
    }
}

/// `/console/jobs/{id}`: how an upload went, as a report a publisher can act on: the counts,
/// and every error with its row, field and value, in words.
struct UploadReportPage {
    struct ErrorRow {
        var row: String
        var field: String
        var value: String
        var message: String
    }

    var chrome: PageChrome
    var dataset: String
    var datasetHref: String
    var state: String
    var running: Bool
    var succeeded: Bool
    var summary: String
    var detail: String?
    var problems: [ErrorRow]
    var more: String?

    init(chrome: PageChrome, job: UploadJob, dataset: Dataset?) {
        self.chrome = chrome
        self.dataset = dataset?.title ?? job.dataset
        datasetHref = "/console/datasets/\(dataset?.id ?? job.dataset)"
        state = job.state.rawValue
        running = !job.state.isFinished
        succeeded = job.state == .succeeded
        switch job.state {
        case .queued, .running:
            summary = "Checking: \(PageText.count(job.rowsRead)) rows read, \(PageText.plural(job.errorCount, "error")) found so far."
        case .succeeded:
            summary = "Loaded \(PageText.plural(job.rowsWritten, "row")) as version \(job.version ?? 0). Nothing was wrong."
        case .failed:
            summary = "Nothing was loaded: \(PageText.plural(job.errorCount, "error")) in \(PageText.plural(job.rowsRead, "row")). The data stays as it was. Fix the file and upload it again."
        }
        problems = job.errors.prefix(500).map { error in
            ErrorRow(row: error.row.map { PageText.count($0) } ?? "whole file", field: error.field ?? "", value: error.cell ?? "",
                    message: error.message)
        }
        // The job's own sentence only when the table of errors does not already say it all.
        detail = problems.isEmpty ? job.detail : nil
        more = job.errorCount > problems.count ? "The first \(problems.count) of \(PageText.plural(job.errorCount, "error")) are shown." : nil
    }
}
