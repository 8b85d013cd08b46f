import CausewayCore
import CausewayStore
import Foundation

/// Hosted rows for a few of the demo's open datasets, so that a newcomer can preview, filter
/// and download real tables from the portal and query them through the API and CKAN's
/// DataStore. The values are generated (deterministically), and the datasets say nothing about
/// a real country. Loaded through the same upload jobs a publisher's file goes through.
struct DemoData {
    let catalog: CatalogService
    let uploads: UploadService
    let data: HostedDataRepository

    /// The tables: dataset name and CSV text.
    static func tables() -> [(dataset: String, csv: String)] {
        var random = SplitMix64(seed: 1_965)
        let months = (2019...2026).flatMap { year in (1...12).map { String(format: "%04d-%02d", year, $0) } }.filter { $0 <= "2026-10" }
        var prices = "month,division,index_value,annual_rate\n"
        let divisions = ["all-items", "food", "housing", "transport", "health", "education"]
        for division in divisions {
            var index = 100.0 + Double(random.int(in: 0...40)) / 10
            var history: [Double] = []
            for month in months {
                index *= 1 + Double(random.int(in: -2...9)) / 1_000
                history.append(index)
                let yearAgo = history.count > 12 ? history[history.count - 13] : nil
                let rate = yearAgo.map { String(format: "%.1f", ($0 == 0 ? 0 : (index / $0 - 1) * 100)) } ?? ""
                prices += "\(month),\(division),\(String(format: "%.1f", index)),\(rate)\n"
            }
        }
        var sales = "month,municipality,sales,median_price\n"
        let municipalities = ["Capital City", "Northport", "Eastvale", "Southbridge", "Westmere"]
        for month in months {
            for municipality in municipalities {
                sales += "\(month),\(municipality),\(random.int(in: 40...420)),\(random.int(in: 1_400...4_800) * 100)\n"
            }
        }
        var claimants = "month,district,benefit,claimants\n"
        let districts = ["Central", "Harbour", "Hillside", "Riverside", "Old Town"]
        let benefits = ["jobseeker", "housing", "child", "disability"]
        for month in months.suffix(36) {
            for district in districts {
                for benefit in benefits {
                    claimants += "\(month),\(district),\(benefit),\(random.int(in: 120...3_900))\n"
                }
            }
        }
        // The census sample private statistics are asked of (restricted: only through the gateway).
        var census = "record_id,age_band,sex,region_code,household_size,occupation\n"
        let bands = ["0-15", "16-24", "25-44", "45-64", "65+"], occupations = ["", "clerical", "health", "trades", "teaching", "retail", "farming"]
        for number in 1...2_000 {
            let band = bands[min(4, random.int(in: 0...9) / 2)]
            let size = max(1, min(8, random.int(in: 1...4) + random.int(in: 0...2)))
            census += "C\(String(format: "%06d", number)),\(band),\(random.int(in: 0...1) == 0 ? "F" : "M"),R0\(random.int(in: 1...5)),\(size),"
                + "\(band == "0-15" ? "" : occupations[random.int(in: 0...6)])\n"
        }
        return [("consumer-price-index", prices), ("residential-property-sales-prices", sales), ("benefit-claimants-by-district", claimants),
                ("census-2021-microdata-sample", census)]
    }

    /// Loads each table whose distribution has no data yet.
    func load() async throws {
        for table in Self.tables() {
            guard let dataset = catalog.snapshot.dataset(idOrName: table.dataset),
                  let distribution = dataset.distributions.first(where: { $0.schema != nil }),
                  try await data.version(of: distribution.id) == nil else { continue }
            let finished = try await uploads.load(csv: table.csv, into: dataset, distribution, by: "demo")
            if finished.state != .succeeded {
                throw DemoDataError(dataset: table.dataset, detail: finished.detail ?? finished.errors.first.map { "\($0)" } ?? "failed")
            }
        }
    }

    struct DemoDataError: Error, CustomStringConvertible {
        var dataset: String
        var detail: String
        var description: String { "the demo data for \(dataset) did not load: \(detail)" }
    }
}
