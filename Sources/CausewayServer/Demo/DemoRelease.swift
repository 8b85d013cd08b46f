import CausewayCore
import CausewayStore
import Foundation

/// The demo's release of noisy tables: the statistics office's steward publishes people by
/// region and age band, and the mean household size by region, from the restricted census
/// sample, so the portal shows figures beside their accuracy from the first start. Loaded
/// with the demo's activity (like its weeks of calls), and only once.
struct DemoRelease {
    let releases: PrivacyReleases
    let users: UserRepository
    let catalog: CatalogService

    static let draft = ReleaseDraft(
        source: "census-2021-microdata-sample", name: "census-2021-people-by-region",
        title: "People by region and age band, census 2021 (differentially private)",
        description: "Counts of people by region and age band, and the mean household size by region, from the census 2021 sample. "
            + "Random noise was added to every figure so that no one in the sample can be told apart; each figure comes with "
            + "the interval that holds the true value with 95% confidence.",
        keywords: ["census", "population", "region"],
        tables: [
            .init(title: "People by region and age band", description: "Counted once per person.",
                  query: PrivateQuery(statistic: .count, groupBy: ["region_code", "age_band"], loss: .init(rho: 0.05))),
            .init(title: "Mean household size by region", description: "Household sizes clamped to 1–8.",
                  query: PrivateQuery(statistic: .mean, column: "household_size", bounds: .init(lower: 1, upper: 8),
                                      groupBy: ["region_code"], loss: .init(rho: 0.05))),
        ])

    func load() async throws {
        guard catalog.snapshot.dataset(idOrName: Self.draft.name) == nil,
              let steward = try await users.find("so.steward")?.user else { return }
        _ = try await releases.publish(Self.draft, by: steward)
    }
}
