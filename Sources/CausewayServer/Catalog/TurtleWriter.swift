import Foundation

/// Writes an ``RDFGraph`` as Turtle: the context's prefixes, then each subject once with its
/// predicates (`;`) and objects (`,`) grouped, in the order the graph holds them. What DCAT-AP
/// harvesters that read Turtle (ckanext-dcat's RDF harvester among them) parse.
enum TurtleWriter {
    static func write(_ graph: RDFGraph) -> String {
        var text = ""
        for (prefix, namespace) in graph.prefixes {
            text += "@prefix \(prefix): <\(escapeIRI(namespace))> .\n"
        }
        for (subject, triples) in graph.bySubject {
            text += "\n" + term(subject, graph)
            var predicates: [String] = []
            var objects: [String: [String]] = [:]
            for triple in triples {
                if objects[triple.predicate] == nil { predicates.append(triple.predicate) }
                objects[triple.predicate, default: []].append(term(triple.object, graph))
            }
            let lines = predicates.map { predicate in
                let name = predicate == RDFGraph.rdfType ? "a" : graph.compact(predicate).map { "\($0.prefix):\($0.name)" } ?? "<\(escapeIRI(predicate))>"
                return "    \(name) " + (objects[predicate] ?? []).joined(separator: ", ")
            }
            text += "\n" + lines.joined(separator: " ;\n") + " .\n"
        }
        return text
    }

    private static func term(_ term: RDFGraph.Term, _ graph: RDFGraph) -> String {
        switch term {
        case .iri(let iri): return graph.compact(iri).map { "\($0.prefix):\($0.name)" } ?? "<\(escapeIRI(iri))>"
        case .blank(let label): return "_:\(label)"
        case .literal(let text, let datatype):
            let quoted = "\"" + escapeString(text) + "\""
            return datatype.map { quoted + "^^" + self.term(.iri($0), graph) } ?? quoted
        }
    }

    /// Turtle's string escapes (ECHAR), and `\u` for other control characters.
    static func escapeString(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    escaped += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }

    /// IRIREF may not hold spaces, angle brackets, quotes and a few others: they are
    /// percent-encoded, which names the same resource for a web address.
    static func escapeIRI(_ iri: String) -> String {
        var escaped = ""
        for scalar in iri.unicodeScalars {
            if scalar.value <= 0x20 || "<>\"{}|^`\\".unicodeScalars.contains(scalar) {
                escaped += String(format: "%%%02X", scalar.value)
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
