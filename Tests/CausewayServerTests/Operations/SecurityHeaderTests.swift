import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import Testing

/// The headers a browser relies on, on every kind of answer: data, problems, unknown routes,
/// HTML, credentials; and an agreement summary in Markdown that carries no live HTML.
@Suite("Browser-facing headers")
struct SecurityHeaderTests {
    @Test func everyAnswerCarriesThem() async throws {
        try await TestNode.with { node in
            let steward = try await node.token("hm.steward")
            let answers = [
                try await node.request(.get, "/healthz"),
                try await node.request(.get, "/api/v1/datasets"),
                try await node.request(.get, "/no/such/route"),
                try await node.request(.post, "/api/v1/datasets", json: "{"),
                try await node.request(.get, "/api/v1/agreements/agr-demo-shielding/summary", token: steward, headers: [.accept: "text/html"]),
            ]
            for answer in answers {
                #expect(answer.headers[.xContentTypeOptions] == "nosniff", "\(answer.status)")
                #expect(answer.headers[.referrerPolicy] == "no-referrer", "\(answer.status)")
                #expect(answer.headers[.strictTransportSecurity] == nil, "http deployments send no HSTS")
            }
            let html = try #require(answers.last)
            let policy = try #require(html.headers[.contentSecurityPolicy])
            #expect(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"))
            #expect(answers[1].headers[.contentSecurityPolicy] == nil, "JSON needs no policy")
            #expect(answers[1].headers[.cacheControl] == nil, "public data may be cached")
            #expect(html.headers[.cacheControl] == "no-store", "an authenticated answer is not kept")

            let session = try await node.request(.post, "/api/v1/session",
                                                 json: #"{"username":"hm.steward","password":"\#(try #require(try node.demoPassword("hm.steward")))"}"#)
            #expect(session.headers[.cacheControl] == "no-store", "a token is not kept")
            let secret = try ExchangeTests.clientSecret(node, "social-services/shielding-portal")
            let token = try await ExchangeTests.form(node, "grant_type=client_credentials&client_id=social-services%2Fshielding-portal&client_secret=\(secret)")
            #expect(token.headers[.cacheControl] == "no-store")
        }
    }

    @Test func httpsDeploymentsSendHSTS() async throws {
        var configuration = try await TestNode.configuration(demo: false)
        configuration.publicURL = "https://causeway.example.gov"
        try await TestNode.with(configuration: configuration) { node in
            let health = try await node.request(.get, "/healthz")
            #expect(health.headers[.strictTransportSecurity] == "max-age=31536000")
        }
    }

    /// A purpose description or a reason with HTML in it reaches the Markdown summary as text.
    @Test func theMarkdownSummaryEscapesHTML() async throws {
        try await TestNode.with { node in
            let engineer = try await node.token("cc.engineer")
            let hostile = AgreementAPITests.draft.replacingOccurrences(
                of: "Deliver food to shielding residents.", with: #"<script>alert(1)</script> & <img src=x onerror=alert(2)>"#)
            let id = try #require(try await node.request(.post, "/api/v1/agreements", json: hostile, token: engineer).json()["id"]?.stringValue)
            let markdown = try await node.request(.get, "/api/v1/agreements/\(id)/summary", token: engineer).text
            #expect(!markdown.contains("<script>") && !markdown.contains("<img"))
            #expect(markdown.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;"))
        }
    }
}
