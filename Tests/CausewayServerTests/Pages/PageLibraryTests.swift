import CausewayCore
import Foundation
import Mustache
@testable import CausewayServer
import Testing

@Suite("Page templates and their parts")
struct PageLibraryTests {
    /// Every template file is compiled in and listed, so none can be forgotten (a page whose
    /// template is missing would render an error page at request time).
    @Test func everyTemplateFileIsListedAndParses() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/CausewayServer/Resources/Templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(Set(files.map { String($0.dropLast(".mustache".count)) }) == Set(PageLibrary.sources.keys))
        _ = try PageLibrary()
    }

    @Test func acceptHeaderWeighsMediaTypes() {
        let browser = AcceptHeader("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        #expect(browser.choose(["text/html", "application/ld+json"]) == "text/html")
        #expect(AcceptHeader("application/ld+json").choose(["text/html", "application/ld+json"]) == "application/ld+json")
        #expect(AcceptHeader("application/ld+json;q=0.5, text/html;q=0.4").choose(["text/html", "application/ld+json"]) == "application/ld+json")
        #expect(AcceptHeader(nil).choose(["text/html", "application/ld+json"]) == "text/html")
        #expect(AcceptHeader("*/*").choose(["text/html", "application/ld+json"]) == "text/html")
        #expect(AcceptHeader("text/*;q=0").choose(["text/html"]) == nil)
        #expect(AcceptHeader("application/*").weight(of: "application/ld+json") == 1)
    }

    @Test func queryStringsEscapeAndKeepOrder() {
        var query = QueryString([("q", "a b&c"), ("theme", "HEAL")])
        query.append("keyword", "covid-19 ü")
        #expect(query.text == "q=a%20b%26c&theme=HEAL&keyword=covid-19%20%C3%BC")
        #expect(query.removing("theme").url("/datasets") == "/datasets?q=a%20b%26c&keyword=covid-19%20%C3%BC")
        #expect(query.setting("q", nil).removing("keyword").url("/d") == "/d?theme=HEAL")
        #expect(QueryString().url("/d") == "/d")
    }

    @Test func barChartsScaleToNiceGridlinesAndMarkSuppressedCells() {
        #expect(BarChart.niceStep(6) == 1)
        #expect(BarChart.niceStep(7) == 2)
        #expect(BarChart.niceStep(480) == 100)
        #expect(BarChart.niceStep(1_001) == 200)
        let chart = BarChart(id: "c", title: "t", points: [.init(label: "a", value: 10, partial: false), .init(label: "b", value: 5, partial: true),
                                                           .init(label: "c", value: 0, partial: true)])
        #expect(chart.bars.map(\.value) == ["10", "5*", "0*"])
        #expect(chart.bars[0].height == 2 * chart.bars[1].height)
        #expect(chart.bars[2].height == 0)
        #expect(chart.gridlines.first?.label == "0" && chart.gridlines.last?.label == "10")
        #expect(chart.summary.contains("b: 5 (some cells suppressed)"))
    }

    @Test func pageTextIsTheSameEverywhere() {
        let date = Date(timeIntervalSince1970: 1_796_100_000)
        #expect(PageText.date(date) == "1 Dec 2026")
        #expect(PageText.dateTime(date) == "1 Dec 2026, 04:40 UTC")
        #expect(PageText.count(1_234_567) == "1,234,567" && PageText.count(-1_000) == "-1,000" && PageText.count(999) == "999")
        #expect(PageText.plural(1, "dataset") == "1 dataset" && PageText.plural(2, "dataset") == "2 datasets")
        #expect(PageText.duration(30) == "1 minute" && PageText.duration(7_300) == "2 hours" && PageText.duration(3 * 86_400) == "3 days")
        #expect(PageText.shortDay("2026-11-30") == "30 Nov")
        #expect(PageText.excerpt(String(repeating: "word ", count: 100), limit: 12) == "word word…")
    }

    /// The plain upload form's body: fields first, then the file; found without reading the file.
    @Test func multipartFormsGiveUpTheirFile() throws {
        let boundary = "----WebKitFormBoundaryAbC123"
        #expect(MultipartFile.boundary("multipart/form-data; boundary=\(boundary)") == boundary)
        #expect(MultipartFile.boundary("multipart/form-data; boundary=\"\(boundary)\"") == boundary)
        #expect(MultipartFile.boundary("text/csv") == nil)
        let file = "district,permits\r\nCentral,120\r\n"
        let body = Array("""
            --\(boundary)\r
            Content-Disposition: form-data; name="csrf"\r
            \r
            token-1\r
            --\(boundary)\r
            Content-Disposition: form-data; name="mode"\r
            \r
            append\r
            --\(boundary)\r
            Content-Disposition: form-data; name="file"; filename="permits.csv"\r
            Content-Type: text/csv\r
            \r
            \(file)\r
            --\(boundary)--\r

            """.utf8)
        for tailStart in [0, body.count / 2, body.count - 40] {
            let found = try MultipartFile.locate(head: body, tail: Array(body[tailStart...]), tailOffset: tailStart, boundary: boundary)
            #expect(found.fields == ["csrf": "token-1", "mode": "append"])
            #expect(found.filename == "permits.csv")
            #expect(String(decoding: body[found.start..<found.end], as: UTF8.self) == file)
        }
        #expect(throws: MultipartFile.Failure.self) {
            try MultipartFile.locate(head: Array("--x\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nt\r\n--x--\r\n".utf8),
                                     tail: [], tailOffset: 0, boundary: "x")
        }
    }

    /// Views that answer lookups themselves (instead of reflection) answer for every stored
    /// property, so a field added to one cannot silently render empty.
    @Test func directLookupsCoverEveryStoredProperty() throws {
        func check(_ value: some MustacheParent, _ file: String = #fileID, _ line: Int = #line) {
            for child in Mirror(reflecting: value).children {
                guard let label = child.label else { continue }
                let isNil = Mirror(reflecting: child.value).displayStyle == .optional && Mirror(reflecting: child.value).children.isEmpty
                #expect((value.child(named: label) == nil) == isNil, "\(type(of: value)).\(label)")
            }
        }
        let dataset = try DemoGovernment.datasets[0].validated(id: "d", issued: Date(), now: Date()) { "x" }
        let snapshot = CatalogSnapshot(index: CatalogIndex(revision: 1, datasets: [dataset]), agencies: DemoGovernment.agencies, apiJSON: [], renderings: [:])
        check(DatasetSummary(dataset, snapshot: snapshot))
        check(FacetLink(label: "l", href: "h", count: "1", selected: true))
        let chrome = PageChrome(title: "t", site: "s", assets: "a", nav: [.init(href: "h", label: "l", current: true)], consoleNav: [],
                                user: "u", csrf: "c", notice: "n")
        check(chrome)
        check(chrome.nav[0])
        check(DatasetPreview.Cell(text: "t", numeric: true))
        check(DatasetPreview.Row(cells: []))
        check(DatasetPreview.Column(name: "n", sortHref: "s", sorted: "none", filter: "f", inputID: "i"))
        check(DatasetPage.SchemaField(name: "n", type: "t", description: "d", required: true))
        check(DatasetPage.Fact(term: "t", value: "v", href: "h"))
    }
}
