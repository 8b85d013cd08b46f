import CausewayCore
import Foundation

/// Generates any number of plausible, varied datasets from a seed, for benchmarks and load
/// tests that need a catalogue the size of a real national portal (10,000 entries and more).
/// The same seed always gives the same catalogue, so runs are comparable.
public struct DatasetGenerator: Sendable {
    static let subjects = [
        "hospital admissions", "school enrolment", "air quality", "road traffic", "water quality", "crime",
        "housing", "employment", "income", "population", "waste", "energy use", "public transport",
        "vaccination", "benefits", "business registrations", "tourism", "agriculture", "fisheries",
        "forestry", "rainfall", "temperature", "noise", "libraries", "museums", "sports facilities",
        "court cases", "prison population", "fire incidents", "ambulance response", "broadband coverage",
        "electric vehicles", "bicycle counts", "parking", "building permits", "land use", "flood risk",
        "pollen", "dental care", "mental health services", "child poverty", "pensions", "exports",
        "imports", "inflation", "wages", "company insolvencies", "public spending", "procurement contracts",
    ]
    static let qualifiers = [
        "by region", "by district", "by month", "by age group", "by sex", "by municipality", "by week",
        "by school", "by hospital", "by station", "by sector", "by year", "per household", "per capita",
    ]
    static let places = ["Meridia", "Capital City", "Northern Region", "Southern Region", "Eastern Region",
                         "Western Region", "Coastal District", "Highland District"]
    static let formats: [(String, String)] = [
        ("CSV", "text/csv"), ("JSON", "application/json"), ("XLSX",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("GeoJSON", "application/geo+json"), ("API", "application/json"), ("PDF", "application/pdf"),
    ]
    static let extraKeywords = ["statistics", "official", "open data", "time series", "annual report",
                                "monitoring", "survey", "register", "indicators", "covid-19", "health",
                                "environment", "economy", "transport", "education", "safety"]

    private var random: SplitMix64

    public init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func next() -> UInt64 { random.next() }

    /// Removes repeats, keeping first occurrences in order (a `Set` would make the order, and
    /// so the catalogue, differ between runs).
    static func unique<T: Hashable>(_ items: [T]) -> [T] {
        var seen = Set<T>()
        return items.filter { seen.insert($0).inserted }
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[Int(next() % UInt64(items.count))]
    }

    /// The `number`-th generated dataset for one of the given agencies.
    public mutating func draft(number: Int, agencies: [String]) -> DatasetDraft {
        let subject = pick(Self.subjects)
        let qualifier = pick(Self.qualifiers)
        let place = pick(Self.places)
        let agency = pick(agencies)
        let title = "\(subject.capitalized) \(qualifier), \(place)"
        let access: AccessRights = next() % 10 < 7 ? .public : (next() % 2 == 0 ? .restricted : .personal)
        let themes = Self.unique([pick(Theme.allCases), pick(Theme.allCases)])
        let keywords = Self.unique([subject, pick(Self.extraKeywords), pick(Self.extraKeywords)])
        let year = 1990 + Int(next() % 34)
        let distributionCount = 1 + Int(next() % 3)
        let name = "\(Slug.from(subject))-\(number)"
        var distributions: [DistributionDraft] = []
        for index in 0..<distributionCount {
            let (format, mediaType) = pick(Self.formats)
            distributions.append(DistributionDraft(
                id: "\(name)-\(index)", title: "\(title) (\(format))", format: format, mediaType: mediaType,
                downloadURL: "https://data.meridia.example/\(agency)/\(name)/\(index).\(format.lowercased())",
                byteSize: Int(next() % 50_000_000),
                schema: format == "CSV" ? TableSchema(fields: [
                    .init(name: "period", type: .string, constraints: .init(required: true)),
                    .init(name: "area", type: .string),
                    .init(name: "value", type: .number),
                ]) : nil))
        }
        return DatasetDraft(
            name: name, title: title,
            description: "\(subject.capitalized) \(qualifier) for \(place), published by the \(agency) "
                + "as part of its \(pick(Self.extraKeywords)) programme. Figures are revised when late returns arrive.",
            publisher: agency, keywords: keywords, themes: themes,
            contactPoint: ContactPoint(name: "Data team", email: "data@\(agency).meridia.example"),
            license: access == .public ? pick(["CC-BY-4.0", "CC0-1.0", "OGL-3.0", "ODbL-1.0"]) : "restricted",
            accessRights: access, accrualPeriodicity: pick(Frequency.allCases),
            temporal: TemporalCoverage(start: "\(year)-01-01"), spatial: place, version: "1.0",
            distributions: distributions)
    }
}
