@testable import CausewayServer
import CausewayStore
import Foundation
import Testing

/// The catalogue in Turtle and RDF/XML beside JSON-LD, and its Hydra pages. rdflib checks the
/// three are one graph (interop/test_dcat.py); these check the writers' escaping and the
/// node's paging and negotiation.
@Suite("DCAT formats and paging")
struct DCATFormatsTests {
    static let document: JSONValue = .object([
        "@context": .object(["dct": "http://purl.org/dc/terms/", "xsd": "http://www.w3.org/2001/XMLSchema#", "dcat": "http://www.w3.org/ns/dcat#"]),
        "@graph": .array([.object([
            "@id": "http://example.org/datasets/a b", "@type": "dcat:Dataset",
            "dct:title": "Say \"hello\"\n<&> \\ done",
            "dct:modified": .object(["@value": "2026-01-01T00:00:00Z", "@type": "xsd:dateTime"]),
            "dcat:contactPoint": .object(["dct:title": "Desk"]),
            "dcat:keyword": .array(["one", "two"]),
        ])]),
    ])

    @Test func theGraphIsReadFromTheJSONLD() {
        let graph = RDFGraph(jsonLD: Self.document)
        #expect(graph.triples.count == 7)
        #expect(graph.triples.contains { $0.predicate == RDFGraph.rdfType && $0.object == .iri("http://www.w3.org/ns/dcat#Dataset") })
        #expect(graph.triples.contains { $0.object == .literal("2026-01-01T00:00:00Z", datatype: "http://www.w3.org/2001/XMLSchema#dateTime") })
        #expect(graph.triples.contains { $0.subject == .blank("b1") && $0.predicate == "http://purl.org/dc/terms/title" })
    }

    @Test func writersEscapeWhatTheirSyntaxReserves() {
        let turtle = TurtleWriter.write(RDFGraph(jsonLD: Self.document))
        #expect(turtle.contains(#"<http://example.org/datasets/a%20b>"#))
        #expect(turtle.contains(#"dct:title "Say \"hello\"\n<&> \\ done""#))
        #expect(turtle.contains(#""2026-01-01T00:00:00Z"^^xsd:dateTime"#))
        #expect(turtle.contains(#"dcat:keyword "one", "two""#) && turtle.contains("_:b1"))
        let xml = RDFXMLWriter.write(RDFGraph(jsonLD: Self.document))
        #expect(xml.contains("<dct:title>Say &quot;hello&quot;&#10;&lt;&amp;&gt; \\ done</dct:title>"))
        #expect(xml.contains(#"<dcat:contactPoint rdf:nodeID="b1"/>"#) && xml.contains(#"<rdf:Description rdf:nodeID="b1">"#))
        #expect(xml.contains(#"rdf:datatype="http://www.w3.org/2001/XMLSchema#dateTime""#))
    }

    @Test func pagesFormatsAndNegotiation() async throws {
        try await TestNode.with { node in
            let total = try await node.node.datasets.count()
            let first = try await node.request(.get, "/catalog.ttl?page_size=5")
            #expect(first.status == .ok && first.headers[.contentType] == "text/turtle")
            #expect(first.text.components(separatedBy: "a dcat:Dataset").count - 1 == 5)
            #expect(first.text.contains(#"hydra:nextPage "http://causeway.test/catalog.ttl?page=2&page_size=5""#))
            #expect(first.text.contains(#"hydra:totalItems "\#(total)"^^xsd:integer"#))
            let last = (total + 4) / 5
            let end = try await node.request(.get, "/catalog.rdf?page_size=5&page=\(last)")
            #expect(end.headers[.contentType] == "application/rdf+xml" && !end.text.contains("hydra:nextPage") && end.text.contains("hydra:previousPage"))
            let beyond = try await node.request(.get, "/catalog.jsonld?page_size=5&page=\(last + 1)")
            #expect(!beyond.text.contains(#""dcat:Dataset""#))
            for bad in ["page=0", "page_size=5000", "modified_since=soon", "colour=red"] {
                try await node.request(.get, "/catalog.ttl?\(bad)").expectProblem(.badRequest, "request.parameter")
            }
            let negotiated = try await node.request(.get, "/catalog", headers: [.accept: "application/rdf+xml;q=0.9, text/turtle"])
            #expect(negotiated.headers[.contentType] == "text/turtle" && negotiated.headers[.vary] == "Accept")
            #expect(try await node.request(.get, "/catalog").headers[.contentType] == "application/ld+json")
        }
    }
}
