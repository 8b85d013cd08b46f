@testable import CausewayServer
import CausewayCore
import CausewayStore
import Foundation
import Testing

/// CKAN's `q` and `fq` as Solr reads them: the parser's clauses (Lucene's rules, quirks
/// included), Solr's date math, and the queries harvesters send, answered by a real node and
/// checked against the datasets that node lists.
@Suite("CKAN query syntax")
struct CKANQuerySyntaxTests {
    typealias Clause = CKANQueryParser.Clause

    static func term(_ field: String?, _ value: String, _ occur: CKANQueryParser.Occur = .must, quoted: Bool = false) -> Clause {
        Clause(occur: occur, node: .term(field: field, value: value, quoted: quoted))
    }

    @Test func clausesFollowLucenesRulesWithANDByDefault() throws {
        #expect(try CKANQueryParser.parse("covid tags:flu") == [Self.term(nil, "covid"), Self.term("tags", "flu")])
        #expect(try CKANQueryParser.parse("a OR b") == [Self.term(nil, "a", .should), Self.term(nil, "b", .should)])
        // Solr's well-known reading: the OR'ed terms become optional beside a required one.
        #expect(try CKANQueryParser.parse("organization:a OR organization:b tags:c")
                == [Self.term("organization", "a", .should), Self.term("organization", "b", .should), Self.term("tags", "c")])
        #expect(try CKANQueryParser.parse("a AND b OR c") == [Self.term(nil, "a"), Self.term(nil, "b", .should), Self.term(nil, "c", .should)])
        #expect(try CKANQueryParser.parse("-tags:a NOT b !c +d")
                == [Self.term("tags", "a", .mustNot), Self.term(nil, "b", .mustNot), Self.term(nil, "c", .mustNot), Self.term(nil, "d")])
        #expect(try CKANQueryParser.parse(#"title:"bed occupancy"^2 id:x\:y"#)
                == [Self.term("title", "bed occupancy", quoted: true), Self.term("id", "x:y")])
        #expect(try CKANQueryParser.parse("organization:(a OR b) (tags:c -tags:d)") == [
            Clause(occur: .must, node: .group([Self.term("organization", "a", .should), Self.term("organization", "b", .should)])),
            Clause(occur: .must, node: .group([Self.term("tags", "c"), Self.term("tags", "d", .mustNot)])),
        ])
        #expect(try CKANQueryParser.parse("metadata_modified:[2020-01-01T00:00:00.5Z TO *} name:{a TO m]") == [
            Clause(occur: .must, node: .range(field: "metadata_modified", lower: "2020-01-01T00:00:00.5Z", upper: "*", includesLower: true, includesUpper: false)),
            Clause(occur: .must, node: .range(field: "name", lower: "a", upper: "m", includesLower: false, includesUpper: true)),
        ])
        #expect(try CKANQueryParser.parse("  ").isEmpty)
        for broken in ["(a OR b", "a)", "OR a", "a AND", "a AND OR b", "[a TO", "[a b]", "title:", "- a", "\"open", "a~2", "a^"] {
            #expect(throws: CKANQueryParser.Failure.self, "\(broken)") { try CKANQueryParser.parse(broken) }
        }
    }

    @Test func solrDateMath() throws {
        func date(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }
        let now = try #require(date("2026-12-02T17:45:30Z")).addingTimeInterval(0.25)
        #expect(try SolrDateMath.date("2020-01-01T00:00:00Z", now: now) == date("2020-01-01T00:00:00Z"))
        let fraction = try SolrDateMath.date("2020-01-01T00:00:00.123456Z", now: now).timeIntervalSince(try #require(date("2020-01-01T00:00:00Z")))
        #expect(abs(fraction - 0.123456) < 1e-6)
        #expect(try SolrDateMath.date("NOW", now: now) == now)
        #expect(try SolrDateMath.date("NOW/DAY", now: now) == date("2026-12-02T00:00:00Z"))
        #expect(try SolrDateMath.date("NOW-1DAY/DAY", now: now) == date("2026-12-01T00:00:00Z"))
        #expect(try SolrDateMath.date("NOW/DAY+1DAY", now: now) == date("2026-12-03T00:00:00Z"))
        #expect(try SolrDateMath.date("NOW/YEAR-2YEARS", now: now) == date("2024-01-01T00:00:00Z"))
        #expect(try SolrDateMath.date("NOW-90MINUTES/HOUR", now: now) == date("2026-12-02T16:00:00Z"))
        #expect(try SolrDateMath.date("2020-01-31T00:00:00Z+1MONTH", now: now) == date("2020-02-29T00:00:00Z"))
        for broken in ["yesterday", "2020-13-01T00:00:00Z", "2020-01-01", "NOW-DAY", "NOW-1FORTNIGHT", "NOW*2", "2020-02-30T00:00:00Z"] {
            #expect(throws: SolrDateMath.Failure.self, "\(broken)") { try SolrDateMath.date(broken, now: now) }
        }
    }

    /// The requests of ckanext-harvest's CKAN harvester and of portals, against a node: each
    /// count is compared with the node's own datasets filtered here.
    /// Whether a query means something else a moment later, which decides whether its answer
    /// is worth keeping (a harvester's `NOW-90DAYS` is never asked twice; `NOW/DAY` is all day).
    @Test(arguments: [
        ("metadata_modified:[NOW-90DAYS TO *]", true),
        ("metadata_modified:[2020-01-01T00:00:00Z TO NOW]", true),
        ("organization:a AND metadata_created:NOW-1HOUR", true),
        ("metadata_modified:[NOW/DAY-90DAYS TO *]", false),
        ("metadata_modified:[NOW-1DAY/HOUR TO NOW/DAY+1DAY]", false),
        ("metadata_modified:[2020-01-01T00:00:00Z TO *] NOW", false),
        ("title:NOW", false),
    ])
    func queriesOnTheRunningClock(_ expression: String, _ follows: Bool) throws {
        var followsTheClock = false
        _ = try CKANSearchTranslator.parse(expression, parameter: "fq", now: Date(timeIntervalSince1970: 1_796_000_000.5), followsTheClock: &followsTheClock)
        #expect(followsTheClock == follows)
    }

    @Test(arguments: Database.Engine.allCases) func harvestersQueriesAnswerExactly(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            func search(_ parameters: String, version: Int = 3) async throws -> JSONValue {
                let response = try await node.request(.get, "/api/\(version)/action/package_search?\(parameters)")
                #expect(response.status == .ok, "\(parameters): \(response.text)")
                return try #require(try response.json()["result"])
            }
            func encoded(_ text: String) -> String {
                text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            }
            let everything = try await search("rows=1000&sort=id%20asc")
            let packages = try #require(everything["results"]?.arrayValue)
            #expect(packages.count == everything["count"]?.intValue)
            let ids = packages.compactMap { $0["id"]?.stringValue }
            #expect(ids == ids.sorted(), "sort=id asc pages in identifier order")
            func modified(_ package: JSONValue) -> String { package["metadata_modified"]?.stringValue ?? "" }
            func organisation(_ package: JSONValue) -> String { package["organization"]?["name"]?.stringValue ?? "" }

            // The incremental harvest, as ckanext-harvest writes it (isoformat() with microseconds).
            let times = packages.map(modified).sorted()
            let middle = times[times.count / 2]
            let since = String(middle.prefix(19)) + ".000001"
            let incremental = try await search("fq=\(encoded("metadata_modified:[\(since)Z TO *]"))&sort=id%20asc&rows=100&start=0", version: 2)
            let expected = packages.filter { modified($0) > since }
            #expect(incremental["count"]?.intValue == expected.count && !expected.isEmpty)
            // Inclusive and exclusive ends, and NOW.
            let exact = "metadata_modified:[\(middle)Z TO \(middle)Z]"
            #expect(try await search("rows=0&fq=\(encoded(exact))")["count"]?.intValue == packages.filter { modified($0) == middle }.count)
            #expect(try await search("rows=0&fq=\(encoded("metadata_modified:{\(middle)Z TO *]"))")["count"]?.intValue
                    == packages.filter { modified($0) > middle }.count)
            #expect(try await search("rows=0&fq=\(encoded("metadata_modified:[* TO NOW]"))")["count"]?.intValue == packages.count)
            #expect(try await search("rows=0&fq=\(encoded("metadata_created:[NOW/DAY+1DAY TO *]"))")["count"]?.intValue == 0)

            // Several organisations, with and without the date range, as a portal groups them.
            let three = ["health-ministry", "land-authority", "social-services"]
            let anyOfThree = three.map { "organization:\($0)" }.joined(separator: " OR ")
            #expect(try await search("rows=0&fq=\(encoded(anyOfThree))")["count"]?.intValue == packages.filter { three.contains(organisation($0)) }.count)
            let grouped = "(\(anyOfThree)) AND metadata_modified:[\(since)Z TO *]"
            #expect(try await search("rows=0&fq=\(encoded(grouped))")["count"]?.intValue
                    == expected.filter { three.contains(organisation($0)) }.count)
            // Without parentheses Solr makes the organisations optional; so does Causeway.
            #expect(try await search("rows=0&fq=\(encoded("\(anyOfThree) metadata_modified:[\(since)Z TO *]"))")["count"]?.intValue == expected.count)

            // OR across fields, NOT inside a group, text in one field, names and ids.
            let tagged = packages.filter { ($0["tags"]?.arrayValue ?? []).contains { $0["name"]?.stringValue == "covid-19" } }
            let acrossFields = "tags:covid-19 OR organization:land-authority"
            #expect(try await search("rows=0&fq=\(encoded(acrossFields))")["count"]?.intValue
                    == packages.filter { organisation($0) == "land-authority" || tagged.map(\.["id"]).contains($0["id"]) }.count)
            #expect(try await search("rows=0&q=\(encoded("tags:covid-19 AND NOT (organization:health-ministry)"))")["count"]?.intValue
                    == tagged.filter { organisation($0) != "health-ministry" }.count)
            let first = try #require(packages.first)
            let name = try #require(first["name"]?.stringValue), id = try #require(first["id"]?.stringValue)
            #expect(try await search("rows=0&fq=\(encoded("name:\(name) OR id:\(id)"))")["count"]?.intValue == 1)
            let titleWord = try #require(first["title"]?.stringValue?.split(separator: " ").map(String.init)
                .first { $0.count >= 5 && $0.allSatisfy(\.isLetter) && !$0.hasSuffix("s") })
            let inTitles = try #require(try await search("rows=1000&q=\(encoded("title:\(titleWord)"))")["results"]?.arrayValue)
            #expect(!inTitles.isEmpty && inTitles.allSatisfy { ($0["title"]?.stringValue ?? "").lowercased().contains(titleWord.lowercased()) })
            #expect(try await search("rows=0&fq=state:active")["count"]?.intValue == packages.count)
            #expect(try await search("rows=0&fq=state:deleted")["count"]?.intValue == 0)

            // Paging to the end, as the harvester does, gives every dataset once.
            var seen: [String] = []
            var start = 0
            while true {
                let page = try await search("sort=id%20asc&rows=7&start=\(start)", version: 2)["results"]?.arrayValue ?? []
                if page.isEmpty { break }
                seen += page.compactMap { $0["id"]?.stringValue }
                start += 7
            }
            #expect(seen == ids)
        }
    }
}
