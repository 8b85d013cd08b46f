import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import Testing

/// The tracer's console pages: open a case and see the code once, follow the upload, be asked
/// for a purpose in words, then read the close contacts with their numbers; other people see
/// no tracing at all.
@Suite("Contact tracing in the console")
struct TracingConsoleTests {
    @Test(arguments: Database.Engine.allCases) func aTracerReadsTheContactListForAPurpose(engine: Database.Engine) async throws {
        let offset = NodeClockTests.Offset()
        var configuration = try await TestNode.configuration(demo: true, engine: engine)
        configuration.clock = { offset.now }
        try await TestNode.with(configuration: configuration) { node in
            let caseHolder = try await TracingAPITests.register(node, "+447700900201")
            let contact = try await TracingAPITests.register(node, "+447700900202")
            let ids = try await TracingAPITests.tempIDs(node, contact)
            let start = try #require(ids.first).start + 60
            offset.move(to: 86_400)

            var steward = ConsoleVisitor(test: node)
            _ = try await steward.signIn("hm.steward")
            #expect(!(try await steward.get("/console")).text.contains("Contact tracing"))
            #expect(try await steward.get("/console/tracing").status == .forbidden)

            var tracer = ConsoleVisitor(test: node)
            _ = try await tracer.signIn("hm.tracer")
            let overview = try await tracer.get("/console/tracing")
            #expect(overview.status == .ok && overview.text.contains("Contact tracing"))
            let refused = try await tracer.post("/console/tracing", [("csrf", try ConsoleVisitor.csrf(overview)), ("reference", "Jane Doe")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("never a name"))
            let opened = try await tracer.post("/console/tracing", [("csrf", try ConsoleVisitor.csrf(overview)), ("reference", "CASE-77")])
            #expect(opened.status == .ok)
            let label = try #require(opened.text.range(of: "aria-label=\"Upload code ")).upperBound
            let code = String(opened.text[label...].prefix(6))
            let caseID = try #require(try await node.node.tracing.cases(agency: "health-ministry").first?.id)

            let token = try await node.request(.post, "/api/v1/tracing/upload-token", json: #"{"code":"\#(code)"}"#, token: caseHolder.token)
            #expect(token.status == .created, "\(token.text)")
            let records = TracingAPITests.encounters(hearing: ids, from: start, minutes: 18, rssi: -58)
            let uploaded = try await TracingAPITests.upload(node, token: try #require(try token.json()["token"]?.stringValue), records: records)
            #expect(uploaded.status == .created)

            let casePage = try await tracer.get("/console/tracing/cases/\(caseID)")
            #expect(casePage.text.contains("18 encounters, 18 used") && !casePage.text.contains(contact.number))
            let unexplained = try await tracer.get("/console/tracing/cases/\(caseID)/contacts?purpose=")
            #expect(unexplained.status == .unprocessableContent && unexplained.text.contains("Say why you look"))
            let listed = try await tracer.get("/console/tracing/cases/\(caseID)/contacts?purpose=Calling%20close%20contacts")
            #expect(listed.status == .ok && listed.text.contains(contact.number) && listed.text.contains("within about 2 m"))
            let export = try await tracer.get("/console/tracing/cases/\(caseID)/contacts.csv?purpose=Call%20list")
            #expect(export.headers[.contentType] == "text/csv; charset=utf-8" && export.text.contains(contact.number))
            let looks = try await node.logEvents().filter { $0.kind.hasPrefix("tracing.contacts-") }
            #expect(looks.map(\.reason) == ["Calling close contacts", "Call list"])
        }
    }
}
