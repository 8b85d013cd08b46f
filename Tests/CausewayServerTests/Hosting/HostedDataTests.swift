import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Uploads, versions and record queries against a live demo node, on its SQLite file.
@Suite("Hosted datasets")
struct HostedDataTests {
    static let dataset = "public-transport-stops"
    static let distribution = "public-transport-stops-csv"
    static let dataPath = "/api/v1/datasets/\(dataset)/distributions/\(distribution)/data"

    static let stops = """
        stop_id,name,mode,location,step_free
        S1,Central Station,rail,"4.9, 52.3",true
        S2,Harbour,bus,"4.8,52.4",false
        S3,Old Town,tram,"4.7,52.1",1

        """

    static func upload(_ node: TestNode, _ body: String, token: String, query: String = "wait=true",
                       contentType: String = "text/csv") async throws -> TestResponse {
        try await node.client.execute(uri: dataPath + "?" + query, method: .put,
                                      headers: [.authorization: "Bearer \(token)", .contentType: contentType],
                                      body: ByteBuffer(string: body))
    }

    @Test(arguments: Database.Engine.allCases) func uploadVersionsAndQuery(engine: Database.Engine) async throws {
        try await TestNode.with(demo: true, engine: engine) { node in
            let token = try await node.token("ta.engineer")
            let first = try await Self.upload(node, Self.stops, token: token)
            #expect(first.status == .created)
            #expect(try first.json()["version"]?.intValue == 1)
            #expect(try first.json()["rowsWritten"]?.intValue == 3)

            let upsert = try await Self.upload(node, "stop_id,name,mode,location,step_free\nS2,Harbour West,bus,\"4.8,52.4\",true\nS4,Airport,rail,\"4.76,52.31\",true\n",
                                               token: token, query: "wait=true&mode=upsert")
            #expect(upsert.status == .created)

            let latest = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/records?total=true&sort=stop_id").json()
            #expect(latest["version"]?.intValue == 2)
            #expect(latest["total"]?.intValue == 4)
            #expect(latest["records"]?[1]?["name"]?.stringValue == "Harbour West")
            #expect(latest["records"]?[0]?["location"]?.stringValue == "4.9,52.3")
            #expect(latest["records"]?[0]?["step_free"]?.boolValue == true)

            let old = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/records?version=1&fields=name").json()
            #expect(old["records"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Central Station", "Harbour", "Old Town"])

            let filtered = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/records?where%5Bmode%5D=rail&where%5Bstop_id%5D%5Bgt%5D=S1").json()
            #expect(filtered["records"]?.arrayValue?.compactMap { $0["stop_id"]?.stringValue } == ["S4"])
            let text = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/records?q=TOWN").json()
            #expect(text["records"]?.arrayValue?.count == 1)

            let csv = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/records?format=csv&fields=stop_id,name&where%5Bmode%5D=bus")
            #expect(csv.text == "stop_id,name\r\nS2,Harbour West\r\n")
            let lines = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/records?format=jsonl")
            #expect(lines.text.split(separator: "\n").count == 4)

            let versions = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/distributions/\(Self.distribution)/versions").json()
            let list = try #require(versions["results"]?.arrayValue)
            #expect(list.map { $0["version"]?.intValue } == [2, 1])
            #expect(list[1]["rowCount"]?.intValue == 3)
            #expect(list[0]["rowCount"]?.intValue == 4)
            #expect(list[1]["uploadedBy"]?.stringValue == "ta.engineer")
            #expect(list[1]["sha256"]?.stringValue?.count == 64)
        }
    }

    @Test(arguments: Database.Engine.allCases) func cursorPagingIsStableWhileRowsAreAppended(engine: Database.Engine) async throws {
        try await TestNode.with(demo: true, engine: engine) { node in
            let token = try await node.token("ta.engineer")
            let rows = (1...25).map { "S\(String(format: "%03d", $0)),Stop \($0),bus,\"4,52\",true" }
            #expect(try await Self.upload(node, "stop_id,name,mode,location,step_free\n" + rows.joined(separator: "\n"), token: token).status == .created)
            var seen: [String] = []
            var next: String? = "/api/v1/datasets/\(Self.dataset)/records?limit=10&fields=stop_id"
            var appended = false
            while let url = next {
                let page = try await node.request(.get, url).json()
                seen += page["records"]?.arrayValue?.compactMap { $0["stop_id"]?.stringValue } ?? []
                next = page["next"]?.stringValue
                if !appended {
                    appended = true
                    let more = (26...30).map { "S\(String(format: "%03d", $0)),Stop \($0),bus,\"4,52\",true" }
                    let response = try await Self.upload(node, "stop_id,name,mode,location,step_free\n" + more.joined(separator: "\n"),
                                                         token: token, query: "wait=true&mode=append")
                    #expect(response.status == .created)
                }
            }
            #expect(seen == (1...25).map { "S\(String(format: "%03d", $0))" })
            // JSON Lines and CSV carry the same cursor in a Link header.
            var lines: [String] = []
            var link: String? = "/api/v1/datasets/\(Self.dataset)/records?limit=12&fields=stop_id&format=jsonl"
            while let url = link {
                let page = try await node.request(.get, url)
                lines += page.text.split(separator: "\n").map(String.init)
                link = page.headers[HTTPField.Name("Link")!].flatMap { $0.split(separator: ";").first }
                    .map { String($0.dropFirst().dropLast()) }
            }
            #expect(lines.count == 30, "\(lines)")
            let csv = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/records?limit=29&format=csv&fields=stop_id")
            #expect(csv.headers[HTTPField.Name("Link")!]?.hasSuffix(#">; rel="next""#) == true)
            let last = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/records?limit=30&format=csv&fields=stop_id")
            #expect(last.headers[HTTPField.Name("Link")!] == nil)
            let now = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/records?total=true&limit=0").json()
            #expect(now["total"]?.intValue == 30)
        }
    }

    /// An answer longer than one page learns its next cursor only at the end: JSON Lines and
    /// CSV then carry the link as an HTTP trailer, and following it gives the rest.
    @Test(arguments: Database.Engine.allCases) func longAnswersLinkTheNextPageInATrailer(engine: Database.Engine) async throws {
        try await TestNode.with(demo: true, engine: engine) { node in
            let token = try await node.token("ta.engineer")
            let rows = (1...1_200).map { "S\(String(format: "%04d", $0)),Stop \($0),bus,\"4,52\",true" }
            #expect(try await Self.upload(node, "stop_id,name,mode,location,step_free\n" + rows.joined(separator: "\n"), token: token).status == .created)
            let first = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/records?limit=1100&format=csv&fields=stop_id")
            #expect(first.text.split(separator: "\r\n").count == 1_101, "a header and 1,100 rows")
            #expect(first.headers[HTTPField.Name("Link")!] == nil)
            let link = try #require(first.trailerHeaders?[HTTPField.Name("Link")!])
            let next = String(try #require(link.split(separator: ";").first).dropFirst().dropLast())
            let rest = try await node.request(.get, next)
            #expect(rest.text.split(separator: "\r\n").count == 101, "the last 100 rows")
            #expect(rest.trailerHeaders?[HTTPField.Name("Link")!] == nil && rest.headers[HTTPField.Name("Link")!] == nil)
            // The JSON form pages the same way: all 1,100 rows, then a next link to the rest.
            let json = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/records?limit=1100&fields=stop_id").json()
            #expect(json["records"]?.arrayValue?.count == 1_100)
            let more = try await node.request(.get, try #require(json["next"]?.stringValue)).json()
            #expect(more["records"]?.arrayValue?.count == 100 && more["next"]?.stringValue == nil)
        }
    }

    @Test(arguments: Database.Engine.allCases) func rejectedUploadsChangeNothingAndReportFrictionlessErrors(engine: Database.Engine) async throws {
        try await TestNode.with(demo: true, engine: engine) { node in
            let token = try await node.token("ta.engineer")
            #expect(try await Self.upload(node, Self.stops, token: token).status == .created)
            let bad = "stop_id,name,mode,location,step_free\nS9,,bus,\"999,1\",maybe\nS9,X,bus\n"
            let response = try await Self.upload(node, bad, token: token)
            #expect(response.status == .unprocessableContent)
            let job = try response.json()
            #expect(job["state"]?.stringValue == "failed")
            #expect(job["errors"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ==
                    ["constraint-error", "type-error", "type-error", "missing-cell", "missing-cell", "primary-key"])
            // Append of a key already in the table is a primary-key error too.
            let duplicate = try await Self.upload(node, "stop_id,name,mode,location,step_free\nS1,Again,bus,\"1,1\",true\n",
                                                  token: token, query: "wait=true&mode=append")
            #expect(try duplicate.json()["errors"]?[0]?["code"]?.stringValue == "primary-key")
            for body in ["stop_id,name\nS1,x\n", "\u{FF}\u{FE}", String(repeating: "x", count: 5 << 20)] {
                #expect(try await Self.upload(node, body, token: token).status == .unprocessableContent)
            }
            let latest = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/records?total=true").json()
            #expect(latest["version"]?.intValue == 1)
            #expect(latest["total"]?.intValue == 3)
        }
    }

    @Test(arguments: Database.Engine.allCases) func jobsJSONLinesAndBackgroundUploads(engine: Database.Engine) async throws {
        try await TestNode.with(demo: true, engine: engine) { node in
            let token = try await node.token("ta.engineer")
            let lines = #"{"stop_id":"J1","name":"Jay","mode":"bus","location":"1,2","step_free":true}"# + "\n"
                + #"{"stop_id":"J2","name":"Kay","mode":"bus","location":"1,2","step_free":null}"#
            let accepted = try await Self.upload(node, lines, token: token, query: "", contentType: "application/jsonl")
            #expect(accepted.status == .accepted)
            let location = try #require(accepted.headers[.location])
            var job = try accepted.json()
            for _ in 0..<100 where job["state"]?.stringValue != "succeeded" && job["state"]?.stringValue != "failed" {
                try await Task.sleep(for: .milliseconds(50))
                job = try await node.request(.get, location, token: token).json()
            }
            #expect(job["state"]?.stringValue == "succeeded")
            #expect(job["rowsRead"]?.intValue == 2)
            #expect(job["rowsWritten"]?.intValue == 2)
            #expect(job["rowsPerSecond"]?.intValue != nil)
            #expect(job["createdBy"]?.stringValue == "ta.engineer")
            let records = try await node.request(.get, "/api/v1/datasets/\(Self.dataset)/records").json()
            #expect(records["records"]?[1]?["step_free"] == .null)
        }
    }

    @Test(arguments: Database.Engine.allCases) func accessAndBadInput(engine: Database.Engine) async throws {
        try await TestNode.with(demo: true, engine: engine) { node in
            let token = try await node.token("ta.engineer")
            #expect(try await Self.upload(node, Self.stops, token: token).status == .created)
            let base = "/api/v1/datasets/\(Self.dataset)/records"
            try await node.request(.get, base + "?where%5Bnope%5D=1").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, base + "?where%5Bstep_free%5D=perhaps").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, base + "?where%5Bname%3B%20DROP%20TABLE%20x%5D=1").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, base + "?sort=name;DROP").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, base + "?limit=10001").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, base + "?cursor=bm9wZQ").expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, base + "?version=9").expectProblem(.notFound, "version.not-found")
            try await node.request(.get, base + "?colour=red").expectProblem(.badRequest, "request.parameter")
            // SQL-looking values are only ever bound.
            let injected = try await node.request(.get, base + "?where%5Bname%5D=x%27%20OR%20%271%27%3D%271").json()
            #expect(injected["records"]?.arrayValue?.isEmpty == true)

            try await Self.upload(node, Self.stops, token: token, query: "mode=sideways").expectProblem(.badRequest, "request.parameter")
            let anonymous = try await node.client.execute(uri: Self.dataPath, method: .put, headers: [:], body: ByteBuffer(string: Self.stops))
            try anonymous.expectProblem(.unauthorized, "auth.missing")
            try await Self.upload(node, Self.stops, token: try await node.token("hm.engineer")).expectProblem(.forbidden, "auth.forbidden")

            // Personal and restricted data is not served here.
            let name = "vulnerable-persons-register"
            try await node.request(.get, "/api/v1/datasets/\(name)/records?distribution=\(name)-csv").expectProblem(.forbidden, "dataset.not-open")
        }
    }
}
