import CausewayCore
import Foundation

/// Small builders so each test states only what it is about.
enum Fixtures {
    static let epoch = Date(timeIntervalSince1970: 1_700_000_000)

    static func draft(
        name: String = "covid-cases", title: String = "COVID-19 cases", description: String = "Daily counts.",
        publisher: String = "health-ministry", keywords: [String] = ["covid-19"], themes: [Theme] = [.HEAL],
        license: String = "CC-BY-4.0", access: AccessRights = .public, distributions: [DistributionDraft]? = nil
    ) -> DatasetDraft {
        DatasetDraft(
            name: name, title: title, description: description, publisher: publisher, keywords: keywords,
            themes: themes, license: license, accessRights: access, distributions: distributions)
    }

    static func dataset(
        _ name: String, title: String? = nil, description: String = "", publisher: String = "health-ministry",
        keywords: [String] = [], themes: [Theme] = [], license: String = "CC-BY-4.0", access: AccessRights = .public,
        formats: [String] = ["CSV"], modified: Double = 0
    ) -> Dataset {
        Dataset(
            id: "id-" + name, name: name, title: title ?? name, description: description, publisher: publisher,
            keywords: keywords, themes: themes, license: license, accessRights: access,
            distributions: formats.enumerated().map { Distribution(id: "\(name)-d\($0.offset)", title: $0.element, format: $0.element) },
            issued: epoch, modified: epoch.addingTimeInterval(modified))
    }
}
