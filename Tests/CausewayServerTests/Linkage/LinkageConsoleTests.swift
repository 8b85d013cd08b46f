import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import Testing

/// Record linkage in the console, on both engines: a steward starts a project by choosing the
/// agreement that invites the partner and pasting the schema (mistakes are named), each side
/// uploads its file (the form without a script, and the script's body with its token), the
/// comparison runs, each side downloads its own rows, and the steward closes the project.
@Suite("Record linkage in the console")
struct LinkageConsoleTests {
    static func multipart(_ file: String, csrf: String, boundary: String = "linkage-boundary-7") -> (HTTPFields, String) {
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upload.json\"\r\nContent-Type: application/json\r\n\r\n"
            + file + "\r\n--\(boundary)--\r\n"
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], body)
    }

    @Test(arguments: Database.Engine.allCases) func aStewardStartsAProjectAndBothSidesUploadAndDownload(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let (first, second) = try LinkageAPITests.lists()
            var steward = ConsoleVisitor(test: node)
            _ = try await steward.signIn("hm.steward")
            let overview = try await steward.get("/console/linkage")
            #expect(overview.status == .ok && overview.text.contains("Start a project") && overview.text.contains("shielding-deliveries: with social-services"))
            let csrf = try ConsoleVisitor.csrf(overview)

            let missing = try await steward.post("/console/linkage", [("csrf", csrf), ("threshold", "0.8"), ("schema", "not json")])
            #expect(missing.status == .unprocessableContent && missing.text.contains("Choose at least one agreement")
                    && missing.text.contains("Paste the linkage schema"), "\(missing.text)")
            let created = try await steward.post("/console/linkage", [("csrf", csrf), ("agreement", "agr-demo-shielding-linkage"), ("title", "Shielding and deliveries"),
                                                                     ("threshold", "0.8"), ("solver", "greedy"), ("grant", "links"), ("schema", LinkageAPITests.schemaText)])
            #expect(created.status == .seeOther, "\(created.text)")
            let location = try #require(created.headers[.location])
            let projectPath = String(location.prefix { $0 != "?" })
            let page = try await steward.get(location)
            #expect(page.text.contains("Shielding and deliveries") && page.text.contains("waiting for uploads") && page.text.contains("Project started"))

            // The schema to encode with is a download away, and is the project's.
            let schemaFile = try await steward.get(projectPath + "/schema.json")
            let expected = try JSONDecoder().decode(LinkageSchema.self, from: Data(LinkageAPITests.schemaText.utf8))
            #expect(try JSONDecoder().decode(LinkageSchema.self, from: Data(buffer: schemaFile.body)) == expected)

            // The ministry's engineer uploads with the plain form.
            var engineer = ConsoleVisitor(test: node)
            _ = try await engineer.signIn("hm.engineer")
            let engineerPage = try await engineer.get(projectPath)
            #expect(engineerPage.text.contains("Upload health-ministry&#39;s encodings") || engineerPage.text.contains("Upload health-ministry's encodings"),
                    "\(engineerPage.text)")
            let (headers, body) = Self.multipart(LinkageAPITests.upload(first), csrf: try ConsoleVisitor.csrf(engineerPage))
            var withCookie = headers
            withCookie[.cookie] = engineer.cookieHeader
            let uploaded = try await node.request(.post, projectPath + "/encodings", json: body, headers: withCookie)
            #expect(uploaded.status == .seeOther, "\(uploaded.text)")
            let afterUpload = try await engineer.get(uploaded.headers[.location] ?? "")
            #expect(afterUpload.text.contains("Uploaded 60 encodings") && afterUpload.text.contains("Waiting for social-services to upload."))

            // The partner's script sends the file as the body with its token; a wrong file is named.
            var partner = ConsoleVisitor(test: node)
            _ = try await partner.signIn("ss.engineer")
            let partnerPage = try await partner.get(projectPath)
            let token = try ConsoleVisitor.csrf(partnerPage)
            let scripted: HTTPFields = [.cookie: partner.cookieHeader, .xCSRFToken: token, .accept: "application/json", .contentType: "application/json"]
            try await node.request(.post, projectPath + "/encodings", json: #"{"clks": []}"#, headers: scripted).expectProblem(.badRequest, "request.malformed")
            let sent = try await node.request(.post, projectPath + "/encodings", json: LinkageAPITests.upload(second), headers: scripted)
            let next = try sent.json()["location"]?.stringValue ?? ""
            #expect(sent.status == .created && next.hasPrefix(projectPath), "\(sent.text)")

            let id = String(projectPath.split(separator: "/").last ?? "")
            #expect(try await eventually(within: .seconds(30)) {
                try await LinkageRepository(database: node.node.database).project(id)?.state == .matched
            })
            let ready = try await partner.get(projectPath)
            #expect(ready.text.contains("results ready") && ready.text.contains("Download the results"))
            let download = try await partner.get(projectPath + "/results.json")
            #expect(download.status == .ok && download.headers[.contentDisposition]?.contains("attachment") == true)
            #expect(try download.json()["party"]?.stringValue == "social-services")

            // Only the coordinator's steward sees the close button; closing deletes the encodings.
            #expect(!ready.text.contains("Close and delete"))
            let before = try await steward.get(projectPath)
            #expect(before.text.contains("Close and delete"))
            let closed = try await steward.post(projectPath + "/close", [("csrf", try ConsoleVisitor.csrf(before))])
            #expect(closed.status == .seeOther)
            #expect(try await steward.get(closed.headers[.location] ?? "").text.contains("every encoding is deleted"))
            #expect(try await LinkageRepository(database: node.node.database).storedChunks(project: id) == 0)

            // Someone of another agency sees no project.
            var outsider = ConsoleVisitor(test: node)
            _ = try await outsider.signIn("la.steward")
            #expect(try await outsider.get(projectPath).status == .notFound)
            #expect(!(try await outsider.get("/console/linkage")).text.contains("Shielding and deliveries"))
        }
    }
}
