/// Writes an ``RDFGraph`` as RDF/XML: one `rdf:Description` per subject (`rdf:about` for an
/// IRI, `rdf:nodeID` for a blank node) with a property element per triple. The striped form
/// with no abbreviations, which every RDF/XML reader accepts (older DCAT-AP harvesters read
/// nothing else).
enum RDFXMLWriter {
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

    static func write(_ graph: RDFGraph) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF xmlns:rdf=\"\(rdf)\""
        for (prefix, namespace) in graph.prefixes where prefix != "rdf" {
            text += "\n    xmlns:\(prefix)=\"\(escape(namespace))\""
        }
        text += ">\n"
        for (subject, triples) in graph.bySubject {
            text += "  <rdf:Description \(reference(subject, about: true))>\n"
            for triple in triples {
                let name = triple.predicate == RDFGraph.rdfType ? "rdf:type" : graph.compact(triple.predicate).map { "\($0.prefix):\($0.name)" }
                // Every predicate the DCAT document uses has a prefix in its context.
                guard let name else { continue }
                switch triple.object {
                case .iri, .blank:
                    text += "    <\(name) \(reference(triple.object, about: false))/>\n"
                case .literal(let value, let datatype):
                    let type = datatype.map { " rdf:datatype=\"\(escape($0))\"" } ?? ""
                    text += "    <\(name)\(type)>\(escape(value))</\(name)>\n"
                }
            }
            text += "  </rdf:Description>\n"
        }
        return text + "</rdf:RDF>\n"
    }

    private static func reference(_ term: RDFGraph.Term, about: Bool) -> String {
        switch term {
        case .iri(let iri): return "rdf:\(about ? "about" : "resource")=\"\(escape(iri))\""
        case .blank(let label): return "rdf:nodeID=\"\(label)\""
        case .literal: return ""
        }
    }

    /// XML's five escapes, and character references for the control characters XML 1.0 allows.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\n", "\r", "\t": escaped += "&#\(scalar.value);"
            default:
                // Other control characters cannot appear in XML 1.0 at all.
                if scalar.value >= 0x20 { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }
}
