import CausewayCore
import CausewayStore

/// Finds the hosted distribution a request means and decides whether this API may serve it.
/// Only open (public) data is served here; restricted and personal data is reached through the
/// exchange gateway, under an agreement.
struct HostedAccess {
    let catalog: CatalogService
    let data: HostedDataRepository

    struct Target {
        var dataset: Dataset
        var distribution: Distribution
        var schema: TableSchema
        /// The catalogue revision the dataset was read at: answers cached under it stay right
        /// until the catalogue changes (a renamed field, a dataset made restricted).
        var catalogRevision: Int64 = 0
    }

    /// The dataset and distribution named, or the dataset's first distribution that has data.
    func target(dataset key: String, distribution id: String?) async throws -> Target {
        guard let dataset = catalog.snapshot.dataset(idOrName: key) else { throw Problem.notFound("dataset", key) }
        if let id {
            guard let distribution = dataset.distribution(id: id) else { throw Problem.notFound("distribution", id) }
            guard let schema = distribution.schema else { throw Self.noSchema(id) }
            return Target(dataset: dataset, distribution: distribution, schema: schema)
        }
        for distribution in dataset.distributions {
            if let schema = distribution.schema, try await data.version(of: distribution.id) != nil {
                return Target(dataset: dataset, distribution: distribution, schema: schema)
            }
        }
        throw Problem(.notFound, code: "data.not-found", title: "No hosted data",
                      detail: "No distribution of dataset '\(dataset.name)' has data uploaded yet.")
    }

    static func requireOpen(_ dataset: Dataset) throws {
        guard dataset.accessRights == .public else {
            throw Problem(.forbidden, code: "dataset.not-open", title: "This dataset is not open data",
                          detail: "'\(dataset.name)' is \(dataset.accessRights.label.lowercased()); its records are served only through the exchange gateway (/exchange/\(dataset.publisher)/datasets/\(dataset.name)/records), under a data sharing agreement.")
        }
    }

    static func noSchema(_ id: String) -> Problem {
        Problem(.conflict, code: "distribution.no-schema", title: "The distribution has no Table Schema",
                detail: "Distribution '\(id)' needs a Table Schema before data can be uploaded to it or queried.")
    }
}
