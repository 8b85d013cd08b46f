import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The owner's side of a registry in the console: open error reports in the inbox with their
/// age, answered from a form; a paused webhook shown to its agency and resumed from a button.
@Suite("Registries in the console")
struct RegistryConsoleTests {
    @Test(arguments: Database.Engine.allCases) func theOwnerAnswersAReportFromTheInbox(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { test in
            var clerk = ConsoleVisitor(test: test)
            _ = try await clerk.signIn("la.engineer")
            let inbox = try await clerk.get("/console")
            #expect(inbox.text.contains("Error reports to answer"))
            #expect(inbox.text.contains("/console/registries/addresses/reports/demo-report-1"))
            #expect(inbox.text.contains("5 days"), "the report's age")

            let overview = try await clerk.get("/console/registries")
            #expect(overview.status == .ok)
            #expect(overview.text.contains("National address register") && overview.text.contains("house_number"))

            let review = try await clerk.get("/console/registries/addresses/reports/demo-report-1")
            #expect(review.status == .ok, "\(review.text)")
            let record = try #require(review.text.components(separatedBy: "<h1>Error report on ").dropFirst().first?.prefix { $0 != "<" })
            let csrf = try ConsoleVisitor.csrf(review)
            // Accepting without a reason, or with a value of the wrong type, comes back with the mistake beside its field.
            let noReason = try await clerk.post("/console/registries/addresses/reports/demo-report-1",
                                                [("csrf", csrf), ("outcome", "accept"), ("correction-house_number", "12"), ("resolution", "")])
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.text.contains("id=\"resolution-error\""), "\(noReason.text)")
            let notANumber = try await clerk.post("/console/registries/addresses/reports/demo-report-1",
                                                  [("csrf", csrf), ("outcome", "accept"), ("correction-house_number", "twelve"), ("resolution", "Checked on site")])
            #expect(notANumber.status == .unprocessableContent)
            #expect(notANumber.text.contains("id=\"correction-house_number-error\""), "\(notANumber.text)")
            #expect(try await clerk.post("/console/registries/addresses/reports/demo-report-1",
                                         [("csrf", "forged"), ("outcome", "reject"), ("resolution", "No")]).status == .forbidden)

            // The reporter's agency may not answer it.
            var reporter = ConsoleVisitor(test: test)
            _ = try await reporter.signIn("hm.engineer")
            #expect(try await reporter.get("/console/registries/addresses/reports/demo-report-1").status == .forbidden)

            let accepted = try await clerk.post("/console/registries/addresses/reports/demo-report-1",
                                                [("csrf", csrf), ("outcome", "accept"), ("correction-house_number", "12"), ("resolution", "Checked on site")])
            #expect(accepted.status == .seeOther)
            let now = try await test.request(.get, "/api/v1/registries/addresses/records/\(record)").json()
            #expect(now["record"]?["house_number"]?.intValue == 12, "\(now)")
            #expect(now["underInvestigation"]?.boolValue == false)
            #expect(try await clerk.get("/console").text.contains("demo-report-1") == false)
            // Answered, the page shows the outcome and no form.
            let answered = try await clerk.get("/console/registries/addresses/reports/demo-report-1")
            #expect(answered.status == .ok && !answered.text.contains("name=\"outcome\""))
        }
    }

    @Test(arguments: Database.Engine.allCases) func aPausedWebhookIsShownAndResumed(engine: Database.Engine) async throws {
        try await WebhookTests.withReceiver(engine: engine) { node, receiver, token, url in
            receiver.answer.withLock { $0 = .gone }
            let created = try await node.request(.post, "/api/v1/registries/addresses/subscriptions", json: #"{"url":"\#(url)"}"#, token: token).json()
            let id = try #require(created["id"]?.stringValue)
            try await WebhookTests.correct(node, "LA-0000003", postcode: "MR3 1AA", token: token)
            #expect(try await eventually(within: .seconds(15)) {
                try await node.request(.get, "/api/v1/registries/addresses/subscriptions/\(id)", token: token).json()["state"]?.stringValue == "paused"
            })

            var clerk = ConsoleVisitor(test: node)
            _ = try await clerk.signIn("la.engineer")
            let inbox = try await clerk.get("/console")
            #expect(inbox.text.contains("Webhooks paused") && inbox.text.contains(url), "\(inbox.text)")
            let page = try await clerk.get("/console/registries")
            #expect(page.text.contains("/console/subscriptions/\(id)/resume"))
            // Another agency cannot resume it.
            var stranger = ConsoleVisitor(test: node)
            _ = try await stranger.signIn("hm.engineer")
            let strangerPage = try await stranger.get("/console/registries")
            #expect(!strangerPage.text.contains(id))
            #expect(try await stranger.post("/console/subscriptions/\(id)/resume", [("csrf", try ConsoleVisitor.csrf(strangerPage))]).status == .notFound)

            receiver.answer.withLock { $0 = .noContent }
            let resumed = try await clerk.post("/console/subscriptions/\(id)/resume", [("csrf", try ConsoleVisitor.csrf(page))])
            #expect(resumed.status == .seeOther)
            #expect(try await eventually(within: .seconds(15)) { receiver.received.contains { $0.json?["subject"]?.stringValue == "LA-0000003" } })
            #expect(try await clerk.get("/console").text.contains("Webhooks paused") == false)
        }
    }
}
