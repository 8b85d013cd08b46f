import CausewayCore
import CausewayStore
import Foundation

/// The demo government's registries: the land authority's address register (open) and the
/// statistics office's population register (personal, whose people point to addresses),
/// with a history to look at — loaded a year ago, a street renamed by the council and learnt
/// late (a back-dated correction the feed and `validAt` show), and one open error report.
struct DemoRegisters {
    let service: RegistryService
    let users: UserRepository
    let addressCount: Int

    static let addressSchema = TableSchema(fields: [
        .init(name: "address_id", type: .string, constraints: .init(required: true, unique: true)),
        .init(name: "house_number", type: .integer, constraints: .init(required: true, minimum: 1)),
        .init(name: "unit", type: .string, description: "Flat or apartment within the building"),
        .init(name: "street", type: .string, constraints: .init(required: true)),
        .init(name: "town", type: .string, constraints: .init(required: true)),
        .init(name: "postcode", type: .string),
        .init(name: "latitude", type: .number), .init(name: "longitude", type: .number),
    ], primaryKey: ["address_id"])

    static let populationSchema = TableSchema(fields: [
        .init(name: "person_id", type: .string, constraints: .init(required: true, unique: true)),
        .init(name: "given_name", type: .string), .init(name: "family_name", type: .string),
        .init(name: "date_of_birth", type: .date), .init(name: "address_id", type: .string, description: "The person's address in the address register"),
    ], primaryKey: ["person_id"])

    static let givenNames = ["Ada", "Alan", "Grace", "Amara", "Daniel", "Priya", "Lucía", "Tomasz", "Mei", "Samuel", "Clara", "Olivia",
                             "Mateus", "Yuki", "Fatima", "Liam", "Nadia", "Henrik", "Aisha", "Jonas", "Sofia", "Omar", "Elena", "Kwame"]
    static let familyNames = ["Lovelace", "Turing", "Hopper", "Okafor", "Reyes", "Natarajan", "Fernández", "Nowak", "Lin", "Adeyemi",
                              "Rossi", "Brown", "Silva", "Tanaka", "Zahra", "O'Connor", "Petrova", "Larsen", "Rahman", "Weber"]

    func load() async throws {
        let now = service.now
        let loaded = now.addingTimeInterval(-400 * 86_400)
        let addresses = DemoAddresses.generate(count: addressCount)
        if try await service.directory.registry("addresses") == nil {
            let clerk = try await person("la.engineer")
            let stored = try await service.create(RegistryDraft(
                code: "addresses", owner: "land-authority", title: "National address register",
                description: "Every address in Meridia, kept by the Land and Property Authority: the one list agencies match people and places against instead of keeping their own copies. Records have stable identifiers and a history on two time axes.",
                schema: Self.addressSchema, identifierField: "address_id", accessRights: .public,
                keywords: ["addresses", "base register"], themes: [.GOVE, .REGI]), by: clerk)
            for start in stride(from: 0, to: addresses.count, by: RegistryService.maxLoad) {
                _ = try await service.repository.load(stored.registry, records: addresses[start..<min(start + RegistryService.maxLoad, addresses.count)].map(\.values),
                                                      validFrom: loaded, at: loaded, reason: "Initial load from the 2025 address survey",
                                                      author: clerk.username)
            }
            // The council renamed the street 45 days ago; the register learnt it 30 days ago.
            let renamed = addresses.filter { $0.street == DemoAddresses.renamed.old && $0.town == DemoAddresses.renamed.town }
            for address in renamed {
                _ = try await service.repository.write(stored.registry, record: address.id, change: .patch(["street": .text(DemoAddresses.renamed.new)]),
                                                       validFrom: now.addingTimeInterval(-45 * 86_400), at: now.addingTimeInterval(-30 * 86_400),
                                                       reason: "Street renamed by Port Meridia council decision 2026/114", author: clerk.username)
            }
            if let reported = renamed.first ?? addresses.first {
                let report = ErrorReport(id: "demo-report-1", registry: "addresses", record: reported.id, reporter: "hm.engineer",
                                         reporterAgency: "health-ministry", proposed: ["house_number": .integer(Int64(reported.number + 1))],
                                         note: "A test result was delivered here but the door says \(reported.number + 1); the register may be off by one.",
                                         opened: now.addingTimeInterval(-5 * 86_400))
                _ = try await service.repository.open(report, in: stored.registry)
            }
        }
        if try await service.directory.registry("population") == nil {
            let clerk = try await person("so.engineer")
            let stored = try await service.create(RegistryDraft(
                code: "population", owner: "statistics-office", title: "Population register",
                description: "Residents of Meridia and where they live (an address identifier from the national address register). Personal data: other agencies read it through the exchange gateway under an agreement.",
                schema: Self.populationSchema, identifierField: "person_id", accessRights: .personal,
                keywords: ["population", "base register"], themes: [.SOCI, .REGI]), by: clerk)
            var random = SplitMix64(seed: 7)
            let people = (0..<max(10, addresses.count / 10)).map { index -> [String: CellValue] in
                let id = String(index + 1)
                let born = "\(random.int(in: 1930...2020))-\(String(format: "%02d", random.int(in: 1...12)))-\(String(format: "%02d", random.int(in: 1...28)))"
                return ["person_id": .text("P" + String(repeating: "0", count: max(0, 7 - id.count)) + id),
                        "given_name": .text(Self.givenNames[random.int(in: 0...(Self.givenNames.count - 1))]),
                        "family_name": .text(Self.familyNames[random.int(in: 0...(Self.familyNames.count - 1))]),
                        "date_of_birth": .text(born), "address_id": .text(addresses[random.int(in: 0...(addresses.count - 1))].id)]
            }
            _ = try await service.repository.load(stored.registry, records: people, validFrom: loaded, at: loaded,
                                                  reason: "Initial load from the 2025 census", author: clerk.username)
        }
        try await service.directory.refresh()
    }

    private func person(_ username: String) async throws -> User {
        guard let user = try await users.find(username)?.user else { throw StoreError.notFound("user", username) }
        return user
    }
}
