import CausewayCore
import Foundation
@testable import CausewayServer
import Testing

@Suite("Demo government")
struct DemoGovernmentTests {
    @Test func isLargeAndVariedEnough() throws {
        #expect(DemoGovernment.agencies.count >= 5)
        #expect(DemoGovernment.datasets.count >= 30)
        let datasets = try DemoGovernment.datasets.map { try $0.validated(id: $0.name, issued: Date(), now: Date()) { "x" } }
        #expect(Set(datasets.map(\.accessRights)) == Set(AccessRights.allCases))
        #expect(Set(datasets.map(\.publisher)) == Set(DemoGovernment.agencies.map(\.code)))
        #expect(datasets.allSatisfy { $0.distributions.allSatisfy { $0.schema != nil } })
        #expect(Set(datasets.map(\.name)).count == datasets.count, "names are unique")
        for agency in DemoGovernment.agencies { try agency.validate() }
        for user in DemoGovernment.users { try user.validate() }
        for system in DemoGovernment.systems { try system.validate() }
    }

    @Test func everyAgencyHasStewardDPOAndEngineer() {
        for agency in DemoGovernment.agencies {
            let roles = Set(DemoGovernment.users.flatMap { $0.memberships.filter { $0.agency == agency.code }.map(\.role) })
            #expect(roles.isSuperset(of: [.steward, .dpo, .engineer]), "\(agency.code)")
        }
    }

    @Test func generatorIsDeterministicAndValid() throws {
        var first = DatasetGenerator(seed: 9)
        var second = DatasetGenerator(seed: 9)
        for number in 0..<200 {
            let a = first.draft(number: number, agencies: ["x1", "x2"])
            #expect(a == second.draft(number: number, agencies: ["x1", "x2"]))
            _ = try a.validated(id: "g", issued: Date(), now: Date()) { UUID().uuidString.lowercased() }
        }
    }
}
