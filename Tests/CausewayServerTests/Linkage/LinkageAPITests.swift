import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Two agencies link their lists through a project, on both engines: the health ministry
/// coordinates under the demo's linkage agreement, each side uploads encodings made with
/// clkhash's schema, Causeway compares them, and each side downloads only its own rows
/// against shared link identifiers. Bad uploads are refused with nothing stored, every step is
/// in the log, and closing deletes the encodings.
@Suite("Record linkage projects")
struct LinkageAPITests {
    static let schemaText: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../docs/examples/linkage-schema.json")
        return (try? String(contentsOf: url.standardizedFileURL, encoding: .utf8)) ?? "{}"
    }()

    /// The health ministry's 60 people and the delivery list: 40 of them (a letter changed in
    /// every other name) and 20 others. Row r of the second list is row r of the first for r < 40.
    static func lists() throws -> (first: [[UInt8]], second: [[UInt8]]) {
        let schema = try JSONDecoder().decode(LinkageSchema.self, from: Data(schemaText.utf8))
        let encoder = try CLKEncoder(schema: schema, secret: Array(secret.utf8))
        let given = ["Ana", "João", "Mei", "Oluwaseun", "Grace", "Tomasz", "Priya", "Kwame", "Ines", "Hamid", "Sofia", "Liam"]
        let family = ["Silva", "Pereira", "Lin", "Adeyemi", "Okafor", "Nowak", "Sharma", "Mensah", "Costa"]
        let otherGiven = ["Yusuf", "Birgit", "Quentin", "Wiremu", "Zofia", "Declan", "Xiomara", "Rhys"]
        let otherFamily = ["Vanterpool", "Ulrichsen", "Quispe", "Bjorklund", "Zhukova", "Thorvaldsen", "Ekwueme"]
        func person(_ n: Int, typo: Bool, other: Bool = false) -> [String] {
            var name = other ? otherGiven[n % otherGiven.count] : given[n % given.count]
            if typo { name = String(name.dropLast()) + "x" }
            let surname = other ? otherFamily[n % otherFamily.count] : family[(n / 3 + n) % family.count]
            return [String(n), name, surname, String(format: "19%02d-%02d-%02d", 30 + n % 60, 1 + n % 12, 1 + n % 28), String(4000 + n * 7)]
        }
        let first = try (0..<60).map { try encoder.encode(person($0, typo: false)) }
        let second = try (0..<60).map { try encoder.encode($0 < 40 ? person($0, typo: $0 % 2 == 1) : person($0, typo: false, other: true)) }
        return (first, second)
    }

    static let secret = "a secret both agencies hold"

    static func upload(_ encodings: [[UInt8]], schema: String = schemaText) -> String {
        #"{"schema": \#(schema), "clks": [\#(encodings.map { "\"\(Data($0).base64EncodedString())\"" }.joined(separator: ","))]}"#
    }

    static func createBody(agreements: String = #"["agr-demo-shielding-linkage"]"#, grant: String = "links", balanced: Bool = false) -> String {
        #"{"name": "shielding-deliveries", "title": "Shielding list against deliveries", "schema": \#(schemaText), "threshold": 0.8, "#
            + #""agreements": \#(agreements), "grant": "\#(grant)", "balanced": \#(balanced)}"#
    }

    @Test(arguments: Database.Engine.allCases) func twoAgenciesLinkTheirListsAndEachLearnsOnlyItsRows(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let (first, second) = try Self.lists()
            let steward = try await node.token("hm.steward"), engineer = try await node.token("hm.engineer")
            let partner = try await node.token("ss.engineer"), outsider = try await node.token("la.steward")

            // Only the coordinator's stewards create, and only under a linkage agreement.
            try await node.request(.post, "/api/v1/linkage/projects", json: Self.createBody(), token: try await node.token("ss.steward"))
                .expectProblem(.forbidden, "auth.forbidden")
            let wrong = try await node.request(.post, "/api/v1/linkage/projects", json: Self.createBody(agreements: #"["agr-demo-shielding"]"#),
                                               token: steward)
            try wrong.expectProblem(.unprocessableContent, "request.invalid")
            #expect(wrong.text.contains("/agreements/0") && wrong.text.contains("not the linkage"), "\(wrong.text)")
            let created = try await node.request(.post, "/api/v1/linkage/projects", json: Self.createBody(grant: "scores"), token: steward)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(try created.json()["id"]?.stringValue)
            #expect(try created.json()["parties"]?.arrayValue?.compactMap(\.stringValue) == ["health-ministry", "social-services"])
            #expect(try created.json()["encodingBits"]?.intValue == 1024)
            try await node.request(.post, "/api/v1/linkage/projects", json: Self.createBody(), token: steward)
                .expectProblem(.conflict, "linkage.name-taken")
            try await node.request(.get, "/api/v1/linkage/projects/\(id)", token: outsider).expectProblem(.notFound, "linkage.not-found")

            // The coordinator's side uploads once.
            let path = "/api/v1/linkage/projects/\(id)/encodings"
            let mine = try await node.request(.put, path, json: Self.upload(first), token: engineer)
            #expect(mine.status == .created, "\(mine.text)")
            #expect(try mine.json()["waitingFor"]?.arrayValue?.compactMap(\.stringValue) == ["social-services"])
            try await node.request(.put, path, json: Self.upload(first), token: engineer).expectProblem(.conflict, "linkage.already-uploaded")

            // The partner's bad uploads are refused and leave nothing behind.
            try await node.request(.put, path, json: Self.upload(second.map { Array($0.prefix(64)) }), token: partner)
                .expectProblem(.unprocessableContent, "linkage.encoding-length")
            let otherSchema = Self.schemaText.replacingOccurrences(of: "\"bitsPerFeature\": 200", with: "\"bitsPerFeature\": 150")
            #expect(otherSchema != Self.schemaText)
            try await node.request(.put, path, json: Self.upload(second, schema: otherSchema), token: partner)
                .expectProblem(.conflict, "linkage.schema-mismatch")
            try await node.request(.put, path, json: #"{"clks": 3}"#, token: partner).expectProblem(.badRequest, "request.malformed")
            let repository = LinkageRepository(database: node.node.database)
            #expect(try await repository.storedChunks(project: id) == 1, "only the ministry's encodings")
            try await node.request(.get, "/api/v1/linkage/projects/\(id)/results", token: engineer).expectProblem(.conflict, "linkage.not-ready")

            // The last upload starts the comparison; each side then reads its own rows.
            let theirs = try await node.request(.put, path, json: Self.upload(second), token: partner)
            #expect(theirs.status == .created, "\(theirs.text)")
            #expect(try await eventually(within: .seconds(30)) {
                try await repository.project(id)?.state == .matched
            })
            let ministry = try await node.request(.get, "/api/v1/linkage/projects/\(id)/results", token: engineer)
            #expect(ministry.status == .ok, "\(ministry.text)")
            let deliveries = try await node.request(.get, "/api/v1/linkage/projects/\(id)/results", token: partner).json()
            let ours = try ministry.json()
            #expect(ours["party"]?.stringValue == "health-ministry" && ours["records"]?.intValue == 60)
            #expect(ours["linkedRows"]?.intValue == ours["rows"]?.arrayValue?.count)
            func links(_ body: JSONValue) -> [Int: String] {
                Dictionary(uniqueKeysWithValues: (body["rows"]?.arrayValue ?? []).compactMap { row in
                    row["row"]?.intValue.flatMap { number in row["link"]?.stringValue.map { (number, $0) } } })
            }
            let left = links(ours), right = links(deliveries)
            let truePairs = (0..<40).filter { left[$0] != nil && left[$0] == right[$0] }.count
            let falsePairs = left.filter { row, link in right.contains { $0.value == link && $0.key != row } }.count
            #expect(truePairs >= 36 && falsePairs == 0, "\(truePairs) of 40 found, \(falsePairs) wrong")
            #expect(ours["rows"]?.arrayValue?.allSatisfy { ($0["similarity"]?.doubleValue ?? 0) >= 0.8 } == true, "scores are granted")
            #expect(!ministry.text.contains(Data(first[0]).base64EncodedString()), "no encoding is ever returned")
            try await node.request(.get, "/api/v1/linkage/projects/\(id)/results?party=health-ministry", token: partner)
                .expectProblem(.forbidden, "auth.forbidden")

            // Every step is in the log, with counts and never a row.
            let events = try await node.logEvents().filter { $0.subject == "linkage/\(id)" }
            #expect(events.map(\.kind) == ["linkage.created", "linkage.uploaded", "linkage.uploaded", "linkage.matching", "linkage.matched",
                                           "linkage.downloaded", "linkage.downloaded"])
            #expect(events.first?.agencies == ["health-ministry", "social-services"] && events[1].details["records"] == "60")
            #expect(events[5].details["rows"] == ours["linkedRows"]?.intValue.map(String.init))

            // Closing deletes the encodings; the results stay with their parties.
            try await node.request(.post, "/api/v1/linkage/projects/\(id)/close", token: partner).expectProblem(.forbidden, "auth.forbidden")
            let closed = try await node.request(.post, "/api/v1/linkage/projects/\(id)/close", token: steward)
            #expect(try closed.json()["state"]?.stringValue == "closed", "\(closed.text)")
            #expect(try await repository.storedChunks(project: id) == 0)
            try await node.request(.put, path, json: Self.upload(second), token: partner).expectProblem(.conflict, "linkage.not-collecting")
            #expect(try await node.request(.get, "/api/v1/linkage/projects/\(id)/results", token: partner).status == .ok)
            let listed = try await node.request(.get, "/api/v1/linkage/projects", token: partner).json()["results"]?.arrayValue ?? []
            #expect(listed.contains { $0["id"]?.stringValue == id })
            #expect(try await node.logEvents().contains { $0.kind == "linkage.closed" && $0.details["encodings"] == "120" })
        }
    }

    @Test(arguments: Database.Engine.allCases) func balancedEncodingsLinkAndPlainOnesAreRefused(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let (first, second) = try Self.lists()
            let balancing = CLKBalancing(secret: Array(Self.secret.utf8), bits: 1024)
            let steward = try await node.token("hm.steward"), partner = try await node.token("ss.engineer")
            let created = try await node.request(.post, "/api/v1/linkage/projects", json: Self.createBody(balanced: true), token: steward)
            let id = try #require(try created.json()["id"]?.stringValue, "\(created.text)")
            #expect(try created.json()["encodingBits"]?.intValue == 2048 && created.json()["balanced"]?.boolValue == true)
            let path = "/api/v1/linkage/projects/\(id)/encodings"
            try await node.request(.put, path, json: Self.upload(second), token: partner).expectProblem(.unprocessableContent, "linkage.encoding-length")
            #expect(try await node.request(.put, path, json: Self.upload(first.map(balancing.balance)), token: steward).status == .created)
            #expect(try await node.request(.put, path, json: Self.upload(second.map(balancing.balance)), token: partner).status == .created)
            let repository = LinkageRepository(database: node.node.database)
            #expect(try await eventually(within: .seconds(30)) { try await repository.project(id)?.state == .matched })
            let rows = try await node.request(.get, "/api/v1/linkage/projects/\(id)/results", token: partner).json()["rows"]?.arrayValue ?? []
            #expect(rows.count >= 30 && rows.allSatisfy { ($0["row"]?.intValue ?? 99) < 40 }, "\(rows.count) linked")
        }
    }

    @Test(arguments: Database.Engine.allCases) func aSuspendedAgreementStopsTheParty(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let (first, _) = try Self.lists()
            let steward = try await node.token("hm.steward")
            let created = try await node.request(.post, "/api/v1/linkage/projects", json: Self.createBody(), token: steward)
            let id = try #require(try created.json()["id"]?.stringValue, "\(created.text)")
            let suspended = try await node.request(.post, "/api/v1/agreements/agr-demo-shielding-linkage/suspend",
                                                   json: #"{"reason": "checking the delivery lists' lawful basis"}"#, token: try await node.token("hm.dpo"))
            #expect(suspended.status == .ok, "\(suspended.text)")
            try await node.request(.put, "/api/v1/linkage/projects/\(id)/encodings", json: Self.upload(first), token: try await node.token("ss.engineer"))
                .expectProblem(.conflict, "linkage.agreement-inactive")
            #expect(try await LinkageRepository(database: node.node.database).storedChunks(project: id) == 0)
        }
    }
}
