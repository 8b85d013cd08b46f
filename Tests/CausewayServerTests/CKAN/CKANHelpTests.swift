@testable import CausewayServer
import CausewayStore
import Foundation
import Testing

@Suite("CKAN help")
struct CKANHelpTests {
    /// The `help` address in every answer leads to the action's description, every described
    /// action exists, and an unknown name is CKAN's 404.
    @Test func everyHelpLinkLeadsToADescription() async throws {
        try await TestNode.with { node in
            let status = try await node.request(.get, "/api/3/action/status_show").json()
            let link = try #require(status["help"]?.stringValue)
            let help = try await node.request(.get, link).json()
            #expect(help["success"]?.boolValue == true)
            #expect(help["result"]?.stringValue == CKANHelp.texts["status_show"])
            for action in CKANHelp.texts.keys.sorted() {
                let answer = try await node.request(.get, "/api/3/action/help_show?name=\(action)").json()
                #expect(answer["result"]?.stringValue?.isEmpty == false, "\(action)")
                let called = try await node.request(.get, "/api/3/action/\(action)")
                #expect(!called.text.contains("Action name not known"), "\(action) is described but not answered")
            }
            #expect(CKANRoutes.writeActions.subtracting(CKANHelp.texts.keys).isEmpty, "every write action is described")
            let unknown = try await node.request(.get, "/api/3/action/help_show?name=frobnicate")
            #expect(unknown.status == .notFound)
            #expect(try unknown.json()["error"]?["__type"]?.stringValue == "Not Found Error")
        }
    }
}
