import CausewayCore
import CausewayServer
import CausewayStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A person at a browser: keeps the node's cookies and reads the forms' CSRF tokens.
struct ConsoleVisitor {
    let test: TestNode
    var cookies: [String: String] = [:]

    var cookieHeader: String { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    mutating func keep(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            cookies[pair[0]] = pair[1].isEmpty ? nil : pair[1]
        }
    }

    mutating func get(_ uri: String) async throws -> TestResponse {
        let response = try await test.request(.get, uri, headers: cookies.isEmpty ? [:] : [.cookie: cookieHeader])
        keep(response)
        return response
    }

    mutating func post(_ uri: String, _ form: [(String, String)]) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        let response = try await test.client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        keep(response)
        return response
    }

    /// The CSRF token of the first form on a page.
    static func csrf(_ page: TestResponse) throws -> String {
        let marker = "name=\"csrf\" value=\""
        let after = try #require(page.text.range(of: marker)).upperBound
        return String(page.text[after...].prefix { $0 != "\"" })
    }

    mutating func signIn(_ username: String, password: String? = nil) async throws -> TestResponse {
        let form = try await get("/console/sign-in")
        return try await post("/console/sign-in", [("csrf", try Self.csrf(form)), ("next", "/console"), ("username", username),
                                                   ("password", try password ?? #require(try test.demoPassword(username)))])
    }
}

@Suite("Console")
struct ConsoleTests {
    @Test(arguments: Database.Engine.allCases)
    func signInSetsASafeCookieAndSignOutEndsIt(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { test in
            var visitor = ConsoleVisitor(test: test)
            let away = try await visitor.get("/console/agreements?side=mine")
            #expect(away.status == .seeOther)
            #expect(away.headers[.location] == "/console/sign-in?next=%2Fconsole%2Fagreements%3Fside%3Dmine")

            let form = try await visitor.get("/console/sign-in")
            #expect(form.headers[.setCookie]?.contains("HttpOnly; SameSite=Lax") == true)
            // The sign-in form's token must match its cookie.
            let forged = try await test.client.execute(uri: "/console/sign-in", method: .post,
                                                       headers: [.contentType: "application/x-www-form-urlencoded"],
                                                       body: ByteBuffer(string: "csrf=x&username=hm.steward&password=y"))
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("expired"))

            let wrong = try await visitor.signIn("hm.steward", password: "not the password")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("The username or the password is not right."))
            #expect(wrong.text.contains("aria-invalid=\"true\""))

            let signedIn = try await visitor.signIn("hm.steward")
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/console")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("causeway_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/") && !cookie.contains("Secure"))
            let inbox = try await visitor.get("/console")
            #expect(inbox.status == .ok)
            #expect(inbox.headers[.cacheControl] == "no-store")
            #expect(inbox.text.contains("Signed in as Amara Okafor"))

            let csrf = try ConsoleVisitor.csrf(inbox)
            #expect(try await visitor.post("/console/sign-out", [("csrf", "wrong")]).status == .forbidden)
            let out = try await visitor.post("/console/sign-out", [("csrf", csrf)])
            #expect(out.status == .seeOther)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            // The old cookie no longer opens the console, even if a browser kept it.
            let replay = try await test.request(.get, "/console", headers: [.cookie: "causeway_session=\(try #require(cookie.split(separator: ";")[0].split(separator: "=").last))"])
            #expect(replay.status == .seeOther)
        }
    }

    @Test func cookiesAreSecureBehindHTTPS() async throws {
        var configuration = try await TestNode.configuration(demo: true)
        configuration.publicURL = "https://causeway.example.gov"
        try await TestNode.with(configuration: configuration) { test in
            var visitor = ConsoleVisitor(test: test)
            let signedIn = try await visitor.signIn("hm.steward")
            #expect(signedIn.headers[values: .setCookie].contains { $0.hasPrefix("causeway_session=") && $0.hasSuffix("; Secure") })
        }
    }

    @Test func theConsoleSignInIsThrottledLikeTheAPIs() async throws {
        try await TestNode.with { test in
            var visitor = ConsoleVisitor(test: test)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 { statuses.append(try await visitor.signIn("hm.dpo", password: "guess").status) }
            #expect(statuses.prefix(5).allSatisfy { $0 == .unauthorized })
            let locked = try await visitor.signIn("hm.dpo")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains("Too many wrong passwords"))
        }
    }

    /// Steward and DPO approve in the console; the agreement is enforceable at once; every form
    /// needs the session's token.
    @Test(arguments: Database.Engine.allCases)
    func approvingInTheConsoleActivatesTheAgreement(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { test in
            var dpo = ConsoleVisitor(test: test)
            _ = try await dpo.signIn("hm.dpo")
            let inbox = try await dpo.get("/console")
            #expect(inbox.text.contains("/console/agreements/agr-demo-outbreak"))
            #expect(inbox.text.contains("Waiting for you as data protection officer"))
            let review = try await dpo.get("/console/agreements/agr-demo-outbreak")
            #expect(review.text.contains("Waiting for the provider&#39;s data protection officer"))
            let refused = try await dpo.post("/console/agreements/agr-demo-outbreak/transition", [("action", "approve")])
            #expect(refused.status == .forbidden)
            let noReason = try await dpo.post("/console/agreements/agr-demo-outbreak/transition",
                                              [("csrf", try ConsoleVisitor.csrf(review)), ("action", "reject")])
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.text.contains("Write the reason to reject"))
            let approved = try await dpo.post("/console/agreements/agr-demo-outbreak/transition",
                                              [("csrf", try ConsoleVisitor.csrf(review)), ("action", "approve")])
            #expect(approved.status == .seeOther)
            let after = try await dpo.get(try #require(approved.headers[.location]))
            #expect(after.text.contains("it is now active"))
            #expect(test.node.policy.snapshot.approvedAgreements.contains { $0.id == "agr-demo-outbreak" })
            let events = try await test.logEvents().filter { $0.subject == "agreement/agr-demo-outbreak" }.map(\.kind)
            #expect(events.last == "agreement.approved")
        }
    }

    /// An engineer drafts from the dataset's "request access": errors come back next to their
    /// fields in words, and a complete form is submitted.
    @Test func draftingFromAFormSaysWhatIsMissingInWords() async throws {
        try await TestNode.with { test in
            var engineer = ConsoleVisitor(test: test)
            _ = try await engineer.signIn("cc.engineer")
            let form = try await engineer.get("/console/agreements/new?dataset=vulnerable-persons-register&template=public-health-emergency")
            #expect(form.status == .ok)
            #expect(form.text.contains("value=\"person_id\""), "the dataset's fields are offered")
            let csrf = try ConsoleVisitor.csrf(form)
            let base = [("csrf", csrf), ("template", "public-health-emergency"), ("target", "dataset:vulnerable-persons-register"),
                        ("consumer", "capital-city"), ("purposeCode", "shielding-checks"), ("purposeDescription", "Check on shielding residents."),
                        ("ground", "public-task"), ("citation", "Public Health Act s.2"), ("validFrom", "2026-12-01"),
                        ("validUntil", "2027-03-01"), ("perMinute", "60"), ("perDay", "1000"), ("retentionDays", "30"), ("submit", "yes")]
            let missing = try await engineer.post("/console/agreements", base + [("validUntil", "next spring")])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("Choose at least one system"))
            #expect(missing.text.contains("Choose at least one field"))
            #expect(missing.text.contains("The end date must be a date"))
            #expect(missing.text.contains("id=\"systems-error\""))
            let badCode = try await engineer.post("/console/agreements", base + [("systems", "resident-services"), ("fields", "person_id"),
                                                                                ("purposeCode", "Not A Code")])
            #expect(badCode.status == .unprocessableContent)
            #expect(badCode.text.contains("The purpose code must be"))
            let done = try await engineer.post("/console/agreements", base + [("systems", "resident-services"), ("fields", "person_id"),
                                                                             ("fields", "address_id")])
            #expect(done.status == .seeOther)
            let page = try await engineer.get(try #require(done.headers[.location]))
            #expect(page.text.contains("Submitted for approval"))
            #expect(page.text.contains("person_id, address_id"))
        }
    }

    /// The engineer's upload without a script: a multipart form, answered with the report.
    @Test func plainFormUploadsAreCheckedAndReported() async throws {
        try await TestNode.with { test in
            var engineer = ConsoleVisitor(test: test)
            _ = try await engineer.signIn("so.engineer")
            let page = try await engineer.get("/console/datasets/consumer-price-index")
            #expect(page.status == .ok)
            let csrf = try ConsoleVisitor.csrf(page)
            let dataset = try #require(test.node.catalog.snapshot.dataset(idOrName: "consumer-price-index"))
            let distribution = try #require(dataset.distributions.first { $0.schema != nil })
            let boundary = "XyZ"
            let body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n--XyZ\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\nappend\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"more.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                + "month,division,index_value,annual_rate\n2026-11,food,abc,1.0\n\r\n--XyZ--\r\n"
            let answer = try await test.client.execute(
                uri: "/console/datasets/\(dataset.id)/distributions/\(distribution.id)/upload", method: .post,
                headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: engineer.cookieHeader],
                body: ByteBuffer(string: body))
            #expect(answer.status == .seeOther)
            let report = try await engineer.get(try #require(answer.headers[.location]))
            #expect(report.text.contains("Nothing was loaded: 1 error"))
            #expect(report.text.contains("index_value") && report.text.contains("<code>abc</code>"))
            // Without the token the upload is refused and nothing is queued.
            let forged = try await test.client.execute(
                uri: "/console/datasets/\(dataset.id)/distributions/\(distribution.id)/upload", method: .post,
                headers: [.contentType: "text/csv", .cookie: engineer.cookieHeader], body: ByteBuffer(string: "month\n"))
            #expect(forged.status == .forbidden)
            // The upload script asks for JSON, and is told why in a problem it can show.
            let scripted = try await test.client.execute(
                uri: "/console/datasets/\(dataset.id)/distributions/\(distribution.id)/upload", method: .post,
                headers: [.contentType: "text/csv", .accept: "application/json", .cookie: engineer.cookieHeader], body: ByteBuffer(string: "month\n"))
            #expect(scripted.status == .forbidden)
            #expect(scripted.headers[.contentType] == "application/problem+json")
            #expect(try scripted.json()["code"]?.stringValue == "console.form-expired")
        }
    }

    @Test func theOperatorRotatesTheSigningKeyOnTheRecord() async throws {
        try await TestNode.with { test in
            var engineer = ConsoleVisitor(test: test)
            _ = try await engineer.signIn("hm.engineer")
            #expect(try await engineer.get("/console/operator").status == .forbidden)
            var operatorVisitor = ConsoleVisitor(test: test)
            _ = try await operatorVisitor.signIn("operator")
            let page = try await operatorVisitor.get("/console/operator")
            #expect(page.status == .ok)
            let rotated = try await operatorVisitor.post("/console/operator/rotate-signing-key", [("csrf", try ConsoleVisitor.csrf(page))])
            #expect(rotated.status == .seeOther)
            let events = try await test.logEvents().filter { $0.kind == "keys.token-signing-rotated" }
            #expect(events.map(\.actor) == ["operator"])
            let kid = try #require(events.first?.details["kid"])
            let jwks = try await test.request(.get, "/.well-known/jwks.json").json()
            #expect(jwks["keys"]?.arrayValue?.contains { $0["kid"]?.stringValue == kid } == true)
        }
    }

    /// A provider's engineer offers an upstream API from the console: mistakes come back in
    /// words next to their fields; a good description is in the gateway's policy at once.
    @Test func offeringAServiceFromTheConsole() async throws {
        try await TestNode.with { test in
            var engineer = ConsoleVisitor(test: test)
            _ = try await engineer.signIn("la.engineer")
            let page = try await engineer.get("/console/systems")
            #expect(page.text.contains("Offer a service through the gateway"))
            let csrf = try ConsoleVisitor.csrf(page)
            let bad = try await engineer.post("/console/services", [("csrf", csrf), ("provider", "land-authority"), ("code", "Parcels!"),
                                                                     ("title", "Parcels"), ("baseURL", "ftp://x"), ("paths", "parcels"),
                                                                     ("responseFields", ""), ("methods", "GET")])
            #expect(bad.status == .unprocessableContent)
            for message in ["The code must be", "The base URL must be", "The paths", "The fields must name"] {
                #expect(bad.text.contains(message), "\(message)")
            }
            #expect(bad.text.contains("id=\"service-errors-title\""))
            let good = try await engineer.post("/console/services", [("csrf", csrf), ("provider", "land-authority"), ("code", "parcels"),
                                                                      ("title", "Parcel lookup"), ("baseURL", "https://land.example/v1"),
                                                                      ("paths", "/parcels/*"), ("responseFields", "parcel_id, area_m2"),
                                                                      ("methods", "GET")])
            #expect(good.status == .seeOther)
            let service = try #require(test.node.policy.snapshot.service(provider: "land-authority", code: "parcels"))
            #expect(service.responseFields == ["parcel_id", "area_m2"] && service.paths == ["/parcels/*"] && !service.personalData)
            // Another agency's people may not offer services in its name.
            var stranger = ConsoleVisitor(test: test)
            let strangerPage = try await { () async throws -> TestResponse in _ = try await stranger.signIn("hm.engineer"); return try await stranger.get("/console/systems") }()
            let refused = try await stranger.post("/console/services", [("csrf", try ConsoleVisitor.csrf(strangerPage)), ("provider", "land-authority"),
                                                                        ("code", "other"), ("title", "T"), ("baseURL", "https://x.example"),
                                                                        ("paths", "/a"), ("responseFields", "a"), ("methods", "GET")])
            #expect(refused.status == .forbidden)
        }
    }

    /// A renewal from the review page is a new draft with the same terms for the next period,
    /// and says what changed from the agreement it renews.
    @Test func renewingFromTheReviewPage() async throws {
        try await TestNode.with { test in
            var engineer = ConsoleVisitor(test: test)
            _ = try await engineer.signIn("ss.engineer")
            let page = try await engineer.get("/console/agreements/agr-demo-shielding")
            #expect(page.text.contains("Draft the renewal"))
            let renewed = try await engineer.post("/console/agreements/agr-demo-shielding/renew", [("csrf", try ConsoleVisitor.csrf(page))])
            #expect(renewed.status == .seeOther)
            let draft = try await engineer.get(try #require(renewed.headers[.location]))
            #expect(draft.text.contains("The renewal is drafted"))
            #expect(draft.text.contains("Changed from the agreement it renews (agr-demo-shielding)"))
            #expect(draft.text.contains("Valid from") && draft.text.contains("<span class=\"badge draft\">draft</span>"))
            #expect(try await engineer.post("/console/agreements/agr-demo-shielding/renew", [("csrf", "x")]).status == .forbidden)
        }
    }
}
