@testable import CausewayCore
import Foundation
import Testing

@Suite("Agreement stats")
struct AgreementStatsTests {
    typealias F = AgreementFixtures

    @Test func countsByStateAndMedianTimeToActive() throws {
        var agreements = try AgreementState.allCases.map { try F.agreement(in: $0, personal: true) }
        var land = F.draft(personal: false)
        land.provider = "land"
        agreements.append(land)
        let stats = AgreementStats(agreements, at: F.now)
        #expect(stats.providers.map(\.provider) == ["health", "land"])
        let health = try #require(stats.providers.first)
        #expect(health.total == 8)
        #expect(AgreementState.allCases.allSatisfy { health.byState[$0.rawValue] == 1 })
        // Active, suspended, expired and revoked were submitted on day -9 and became active on
        // day 0 (validFrom); the approved one starts on day 60, after `now`.
        #expect(health.activatedCount == 4)
        #expect(abs((health.medianSecondsToActive ?? 0) - 9 * 86_400) < 0.001)
        #expect(stats.providers[1].medianSecondsToActive == nil)
        #expect(AgreementStats.median([3, 1, 2, 10]) == 2.5)
    }
}
