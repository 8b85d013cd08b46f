import CausewayCore
import CausewayServer
import CausewayStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Public portal")
struct PortalTests {
    @Test(arguments: Database.Engine.allCases)
    func everyPublicPageAnswersHTMLWithTheDemosData(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { test in
            let home = try await test.request(.get, "/")
            #expect(home.status == .ok)
            #expect(home.headers[.contentType] == "text/html; charset=utf-8")
            #expect(home.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            #expect(home.text.contains("Population and society") && home.text.contains("Ministry of Health"))
            #expect(home.text.contains("calls and decisions logged"))

            let search = try await test.request(.get, "/datasets?q=price&theme=ECON")
            #expect(search.status == .ok)
            #expect(search.text.contains("Consumer price index"))
            #expect(search.text.contains("href=\"/datasets?q=price\""), "the theme filter can be removed, keeping the text")

            let dataset = try await test.request(.get, "/datasets/consumer-price-index?sort=-index_value&where%5Bdivision%5D=food")
            #expect(dataset.status == .ok)
            #expect(dataset.headers[.vary] == "Accept")
            #expect(dataset.text.contains("aria-sort=\"descending\""))
            #expect(dataset.text.contains("match the filters"))
            let rows = dataset.text.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tbody>")[0]
            #expect(rows.components(separatedBy: "<td>food</td>").count == 21, "twenty rows, all food")

            let personal = try await test.request(.get, "/datasets/vulnerable-persons-register")
            #expect(personal.text.contains("Request access"))
            #expect(personal.text.contains("Contact shielding residents"), "the active agreement's purpose is public")
            #expect(!personal.text.contains("id=\"preview\""), "personal data has no public preview")

            for path in ["/agencies", "/agencies/health-ministry", "/transparency", "/api"] {
                #expect(try await test.request(.get, path).status == .ok, "\(path)")
            }
            let agency = try await test.request(.get, "/agencies/health-ministry")
            #expect(agency.text.contains("Data it shares under agreements") && agency.text.contains("Ministry of Social and Family Services"))
            let api = try await test.request(.get, "/api")
            #expect(api.text.contains("/exchange/{provider}/{service}/{path}") || api.text.contains("/exchange/"))
        }
    }

    /// The preview's downloads are the whole table (past the records API's 10,000-row page),
    /// with the preview's filters and order, as files to save.
    @Test(arguments: Database.Engine.allCases)
    func downloadsAreTheWholeTable(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { test in
            let token = try await test.token("so.engineer")
            let dataset = try #require(test.node.catalog.snapshot.dataset(idOrName: "consumer-price-index"))
            let distribution = try #require(dataset.distributions.first { $0.schema != nil })
            var csv = "month,division,index_value,annual_rate\n"
            for row in 0..<12_500 { csv += "m\(row),d\(row % 3),\(row),\n" }
            let upload = try await test.request(.put, "/api/v1/datasets/consumer-price-index/distributions/\(distribution.id)/data?wait=true",
                                                json: csv, token: token, headers: [.contentType: "text/csv"])
            #expect(upload.status == .created)
            let page = try await test.request(.get, "/datasets/consumer-price-index?where%5Bdivision%5D=d1&sort=-index_value").text
            #expect(page.contains("href=\"/datasets/consumer-price-index/data.csv?where%5Bdivision%5D=d1&amp;sort=-index_value\""))
            let all = try await test.request(.get, "/datasets/consumer-price-index/data.csv")
            #expect(all.headers[.contentDisposition] == "attachment; filename=\"consumer-price-index.csv\"")
            #expect(all.text.split(whereSeparator: \.isNewline).count == 12_501)
            let some = try await test.request(.get, "/datasets/consumer-price-index/data.jsonl?where%5Bdivision%5D=d1&sort=-index_value")
            let lines = some.text.split(separator: "\n")
            #expect(lines.count == 12_500 / 3 + (12_500 % 3 > 1 ? 1 : 0))
            #expect(lines.first?.contains("\"index_value\":12499") == true || lines.first?.contains("\"index_value\":12498") == true)
            #expect(try await test.request(.get, "/datasets/vulnerable-persons-register/data.csv").status == .forbidden)
        }
    }

    /// The IRIs `/catalog.jsonld` gives datasets answer JSON-LD to a client that asks for it.
    @Test func datasetIRIsResolveToJSONLD() async throws {
        try await TestNode.with { test in
            let catalog = try await test.request(.get, "/catalog.jsonld").json()
            let iri = try #require(catalog["@graph"]?.arrayValue?.first { $0["@type"]?.stringValue == "dcat:Catalog" }?["dcat:dataset"]?
                .arrayValue?.first?["@id"]?.stringValue)
            let path = try #require(URL(string: iri)?.path)
            let answer = try await test.request(.get, path, headers: [.accept: "application/ld+json"])
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "application/ld+json")
            let graph = try answer.json()["@graph"]?.arrayValue ?? []
            #expect(graph.contains { $0["@id"]?.stringValue == iri && $0["@type"]?.stringValue == "dcat:Dataset" })
            #expect(graph.contains { $0["@type"]?.stringValue == "dcat:Distribution" })
            let browser = try await test.request(.get, path, headers: [.accept: "text/html,application/xhtml+xml,*/*;q=0.8"])
            #expect(browser.headers[.contentType] == "text/html; charset=utf-8")
        }
    }

    /// A preview asked for a field the table lacks, or a value of the wrong type, is a 400 page.
    @Test func badPreviewParametersArePages() async throws {
        try await TestNode.with { test in
            for query in ["where%5Bnope%5D=1", "where%5Bindex_value%5D=abc", "sort=-nope", "where%5Bindex_value%5D%5Bgt%5D=x"] {
                let answer = try await test.request(.get, "/datasets/consumer-price-index?\(query)")
                #expect(answer.status == .badRequest, "\(query)")
                #expect(answer.headers[.contentType] == "text/html; charset=utf-8")
            }
            for page in ["0", "-1", "abc", "10001"] {
                #expect(try await test.request(.get, "/datasets?page=\(page)").status == .badRequest, "\(page)")
            }
        }
    }

    /// A bad address or a bad parameter is a page in words with the right status, not JSON.
    @Test func refusalsArePages() async throws {
        try await TestNode.with(demo: false) { test in
            let missing = try await test.request(.get, "/datasets/no-such-thing")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "text/html; charset=utf-8")
            #expect(missing.text.contains("<h1>"))
            let bad = try await test.request(.get, "/datasets?page=0")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("page"))
            let past = try await test.request(.get, "/datasets?q=nothing+matches+this&page=40")
            #expect(past.status == .ok, "a page past the last is an empty page, not a crash")
            #expect(past.text.contains("No dataset matches"))
            let sort = try await test.request(.get, "/datasets?sort=sideways")
            #expect(sort.status == .badRequest)
            #expect(try await test.request(.get, "/agencies/nobody").status == .notFound)
            #expect(try await test.request(.get, "/static/causeway.css").headers[.cacheControl]?.contains("immutable") == true)
        }
    }

    /// The demo's weeks of calls give the report real numbers; cells under five are suppressed.
    @Test func theTransparencyReportShowsWeeksOfCallsWithSmallCellsSuppressed() async throws {
        try await TestNode.with(configuration: try await TestNode.configuration(demo: true, history: true)) { test in
            let page = try await test.request(.get, "/transparency").text
            #expect(page.components(separatedBy: "<rect class=\"bar").count > 40)
            #expect(page.contains("fewer than 5"))
            #expect(page.contains("causeway audit monitor http://causeway.test"))
            let counts = try await test.node.log.reader.counts(per: .week)
            #expect(Set(counts.map(\.cell.period)).count >= 12)
            #expect(counts.contains { $0.cell.code == "purpose.mismatch" && $0.cell.purpose == "unknown" })
            // Every generated call lies within its agreement's active period.
            let events = try await test.logEvents().filter { $0.details["origin"] == "demo-history" && $0.kind == "exchange.call" }
            #expect(events.count > 1_000)
            for event in events.prefix(500) {
                let agreement = try #require(try await test.node.agreements.find(event.details["agreement"] ?? "")?.agreement)
                #expect(agreement.activatedAt(asOf: event.at) != nil, "\(event.at)")
            }
        }
    }
}
