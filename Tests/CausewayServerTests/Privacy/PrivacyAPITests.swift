import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Private statistics through the node on both engines: the demo's research agreement grants
/// the health ministry's case registry a budget on the census sample; queries spend it,
/// refusals spend nothing, the budget runs out with a clear problem, and the steward sees
/// every spend, each in the log.
@Suite("Private statistics API")
struct PrivacyAPITests {
    static let route = "/exchange/statistics-office/datasets/census-2021-microdata-sample/statistics"
    static let client = "health-ministry/case-registry"

    static func ask(_ node: TestNode, _ body: String, token: String, path: String = route,
                    purpose: String = "research-statistics") async throws -> TestResponse {
        try await node.client.execute(uri: path, method: .post,
                                      headers: [.authorization: "Bearer \(token)", ExchangeHeaders.purpose: purpose, .contentType: "application/json"],
                                      body: ByteBuffer(string: body))
    }

    @Test(arguments: Database.Engine.allCases) func queriesSpendTheAgreedBudget(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let token = try await ExchangeTests.accessToken(node, Self.client)
            let counted = try await Self.ask(node, #"{"statistic":"count","groupBy":["sex"],"loss":{"epsilon":0.4}}"#, token: token)
            #expect(counted.status == .ok, "\(counted.text)")
            let body = try counted.json()
            let figures = body["answer"]?["figures"]?.arrayValue ?? []
            #expect(figures.compactMap { $0["group"]?["sex"]?.stringValue } == ["F", "M"])
            let total = figures.compactMap { $0["value"]?.doubleValue }.reduce(0, +)
            #expect(abs(total - 2_000) < 60, "about the 2,000 demo records: \(total)")
            #expect(body["answer"]?["mechanism"]?.stringValue == "discrete-laplace")
            #expect(body["answer"]?["rho"]?.doubleValue == 0.08)
            #expect(body["budget"]?["spent"]?.doubleValue == 0.08 && body["budget"]?["remaining"]?.doubleValue == 0.92)
            #expect(counted.headers[ExchangeHeaders.agreement] == "agr-demo-census-statistics")

            // The same through /api/v1, naming the dataset; a mean with its interval.
            let mean = try await Self.ask(node, #"""
                {"dataset":"census-2021-microdata-sample","statistic":"mean","column":"household_size","bounds":{"lower":1,"upper":8},
                 "where":[{"field":"region_code","value":"R01"}],"loss":{"rho":0.01}}
                """#, token: token, path: "/api/v1/privacy/queries")
            #expect(mean.status == .ok, "\(mean.text)")
            let figure = try #require(try mean.json()["answer"]?["figures"]?.arrayValue?.first)
            let value = try #require(figure["value"]?.doubleValue)
            #expect(value > 1 && value < 5 && (figure["interval"]?["lower"]?.doubleValue ?? 9) <= value)

            // Refusals spend nothing: a free-text column, a column outside the agreement, a bad loss.
            try await Self.ask(node, #"{"statistic":"count","groupBy":["occupation"],"loss":{"epsilon":0.5}}"#, token: token)
                .expectProblem(.unprocessableContent, "request.invalid")
            try await Self.ask(node, #"{"statistic":"count","loss":{"epsilon":-1}}"#, token: token).expectProblem(.unprocessableContent, "request.invalid")
            try await Self.ask(node, #"{"statistic":"count","loss":{"epsilon":1},"extra":1}"#, token: token).expectProblem(.unprocessableContent, "request.invalid")
            let budgets = try await node.client.execute(uri: "/api/v1/privacy/budgets", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(budgets.status == .ok, "\(budgets.text)")
            let budget = try #require(try budgets.json()["results"]?.arrayValue?.first)
            #expect(budget["status"]?["spent"]?.doubleValue == 0.09)
            #expect(budget["history"]?.arrayValue?.count == 2)

            // Today's allowance is 0.1 and 0.09 of it is gone: a large ask is refused with what is left.
            let refused = try await Self.ask(node, #"{"statistic":"count","loss":{"epsilon":1}}"#, token: token)
            try refused.expectProblem(.forbidden, "privacy.budget-exhausted")
            #expect(try refused.json()["budget"]?["remaining"]?.doubleValue == 0.91)
            #expect(try refused.json()["budget"]?["remainingToday"]?.doubleValue == 0.01)
            #expect(refused.headers[.retryAfter] != nil)

            // Records are not what the agreement grants.
            try await ExchangeTests.call(node, "/exchange/statistics-office/datasets/census-2021-microdata-sample/records", token: token,
                                         purpose: "research-statistics").expectProblem(.forbidden, "agreement.none")

            // The steward sees both spends, each with its log entry.
            let steward = try await node.request(.get, "/api/v1/privacy/spends", token: try await node.token("so.steward"))
            #expect(steward.status == .ok, "\(steward.text)")
            let spends = try steward.json()["spends"]?.arrayValue ?? []
            #expect(spends.count == 2 && spends.allSatisfy { $0["logIndex"]?.intValue != nil })
            try await node.request(.get, "/api/v1/privacy/spends", token: try await node.token("hm.engineer")).expectProblem(.forbidden, "auth.forbidden")
        }
    }
}
