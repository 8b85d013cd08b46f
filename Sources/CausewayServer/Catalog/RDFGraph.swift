import CausewayCore

/// The triples of a DCAT document, read from the compact JSON-LD that ``DCATDocument`` builds,
/// so Turtle and RDF/XML say exactly what the JSON-LD says (the rdflib interop test holds the
/// three to the same graph).
///
/// Only the JSON-LD this node writes is read: keys and `@type` values are `prefix:name` from
/// the document's `@context`; a value is a string (a plain literal), `{"@id"}` (an IRI),
/// `{"@value", "@type"}` (a typed literal), an object without `@id` (a blank node) or an array
/// of these. Value type.
struct RDFGraph {
    enum Term: Hashable {
        case iri(String)
        case blank(String)
        case literal(String, datatype: String?)
    }

    struct Triple: Hashable {
        var subject: Term
        var predicate: String
        var object: Term
    }

    static let rdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

    /// Prefix to namespace, in the document's order of first use for stable output.
    private(set) var prefixes: [(prefix: String, namespace: String)] = []
    private(set) var triples: [Triple] = []
    private var blankNodes = 0

    init(jsonLD document: JSONValue) {
        guard case .object(let members) = document else { return }
        if case .object(let context)? = members["@context"] {
            prefixes = context.keys.sorted().compactMap { key in Self.string(context[key]).map { (key, $0) } }
        }
        for node in members["@graph"].map(Self.values) ?? [] { _ = add(node) }
    }

    /// The triples grouped by subject, subjects in order of first appearance: how both
    /// Turtle and RDF/XML write a description once per resource.
    var bySubject: [(subject: Term, triples: [Triple])] {
        var order: [Term] = []
        var grouped: [Term: [Triple]] = [:]
        for triple in triples {
            if grouped[triple.subject] == nil { order.append(triple.subject) }
            grouped[triple.subject, default: []].append(triple)
        }
        return order.map { ($0, grouped[$0] ?? []) }
    }

    /// The full IRI of `prefix:name`; a name without a known prefix is kept as it is.
    func expand(_ name: String) -> String {
        guard let colon = name.firstIndex(of: ":") else { return name }
        let prefix = String(name[..<colon])
        guard let namespace = prefixes.first(where: { $0.prefix == prefix })?.namespace else { return name }
        return namespace + name[name.index(after: colon)...]
    }

    /// `iri` as `prefix:name` when a namespace of the context holds it and the name needs no escaping.
    func compact(_ iri: String) -> (prefix: String, name: String)? {
        for (prefix, namespace) in prefixes where iri.hasPrefix(namespace) {
            let name = iri.dropFirst(namespace.count)
            if let first = name.first, first.isLetter, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
                return (prefix, String(name))
            }
        }
        return nil
    }

    /// Adds a node's triples and returns the term that names it.
    private mutating func add(_ node: JSONValue) -> Term? {
        switch node {
        case .string(let text):
            return .literal(text, datatype: nil)
        case .object(let members):
            if let value = members["@value"] {
                return .literal(Self.string(value) ?? JSONWriter.text(value), datatype: Self.string(members["@type"]).map(expand))
            }
            let subject: Term
            if let id = Self.string(members["@id"]) {
                subject = .iri(id)
            } else {
                blankNodes += 1
                subject = .blank("b\(blankNodes)")
            }
            for type in members["@type"].map(Self.values) ?? [] {
                if let name = Self.string(type) { triples.append(Triple(subject: subject, predicate: Self.rdfType, object: .iri(expand(name)))) }
            }
            for key in members.keys.sorted() where !key.hasPrefix("@") {
                for value in members[key].map(Self.values) ?? [] {
                    if let object = add(value) { triples.append(Triple(subject: subject, predicate: expand(key), object: object)) }
                }
            }
            return subject
        default:
            return nil
        }
    }

    private static func values(_ value: JSONValue) -> [JSONValue] {
        if case .array(let values) = value { return values }
        return [value]
    }

    private static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }
}
