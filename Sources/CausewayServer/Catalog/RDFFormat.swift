import CausewayCore
import NIOCore

/// The serialisations of DCAT the node answers in: JSON-LD (as built), Turtle and RDF/XML,
/// chosen by a path's extension or by `Accept`. One graph, three spellings.
enum RDFFormat: CaseIterable {
    case jsonLD, turtle, rdfXML

    var mediaType: String {
        switch self {
        case .jsonLD: return "application/ld+json"
        case .turtle: return "text/turtle"
        case .rdfXML: return "application/rdf+xml"
        }
    }

    var fileExtension: String {
        switch self {
        case .jsonLD: return "jsonld"
        case .turtle: return "ttl"
        case .rdfXML: return "rdf"
        }
    }

    /// The format `accept` prefers among the three (ties go to JSON-LD, then Turtle), or nil
    /// when it accepts none of them.
    static func preferred(by accept: AcceptHeader) -> RDFFormat? {
        let weighted = allCases.map { ($0, accept.weight(of: $0.mediaType)) }
        guard let best = weighted.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
        return best.0
    }

    func bytes(_ document: JSONValue) -> ByteBuffer {
        switch self {
        case .jsonLD: return JSONWriter.bytes(document)
        case .turtle: return ByteBuffer(string: TurtleWriter.write(RDFGraph(jsonLD: document)))
        case .rdfXML: return ByteBuffer(string: RDFXMLWriter.write(RDFGraph(jsonLD: document)))
        }
    }
}
