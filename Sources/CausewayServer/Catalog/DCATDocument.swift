import CausewayCore
import CausewayStore
import Foundation

/// The catalogue as DCAT-AP 2 JSON-LD, a page at a time (``DCATCatalogPage``), for harvesters
/// such as data.europa.eu and for any RDF tool; ``RDFFormat`` spells the same graph as Turtle
/// or RDF/XML. Every dataset, distribution, publisher and contact is a node with a stable IRI
/// under the node's public URL.
enum DCATDocument {
    static let context: JSONValue = .object([
        "dcat": .string("http://www.w3.org/ns/dcat#"),
        "dct": .string("http://purl.org/dc/terms/"),
        "foaf": .string("http://xmlns.com/foaf/0.1/"),
        "vcard": .string("http://www.w3.org/2006/vcard/ns#"),
        "xsd": .string("http://www.w3.org/2001/XMLSchema#"),
        "skos": .string("http://www.w3.org/2004/02/skos/core#"),
        "locn": .string("http://www.w3.org/ns/locn#"),
        "hydra": .string("http://www.w3.org/ns/hydra/core#"),
    ])

    /// One page of the catalogue; `address` is where the page was asked for (the catalogue in
    /// one format), which the Hydra links repeat.
    static func render(_ snapshot: CatalogSnapshot, page: DCATCatalogPage = DCATCatalogPage(size: DCATCatalogPage.maxSize),
                       address: String? = nil, services: [UpstreamAPI] = [], baseURL: String, title: String) -> JSONValue {
        let result = snapshot.index.search(page.query)
        let datasets = result.positions.map { snapshot.index.dataset(at: $0) }
        var graph: [JSONValue] = []
        let catalogID = baseURL + "/catalog"
        graph.append(.object([
            "@id": .string(catalogID), "@type": .string("dcat:Catalog"),
            "dct:title": .string(title),
            "dct:description": .string("Datasets published by the agencies of this Causeway deployment."),
            "dct:publisher": .object(["@id": .string(baseURL + "/agencies")]),
            "foaf:homepage": .object(["@id": .string(baseURL + "/")]),
            "dcat:dataset": .array(datasets.map { .object(["@id": .string(datasetIRI($0, baseURL))]) }),
            "dcat:service": .array(services.map { .object(["@id": .string(serviceIRI($0, baseURL))]) }),
        ]))
        graph.append(.object([
            "@id": .string(baseURL + "/agencies"), "@type": .string("foaf:Agent"), "foaf:name": .string(title),
        ]))
        for agency in snapshot.agencies {
            graph.append(agencyNode(agency, baseURL: baseURL))
        }
        graph.append(page.hydra(total: result.total, address: address ?? baseURL + "/catalog.jsonld"))
        for dataset in datasets {
            graph.append(datasetNode(dataset, baseURL: baseURL))
            for distribution in dataset.distributions {
                graph.append(distributionNode(distribution, dataset: dataset, baseURL: baseURL))
            }
        }
        for service in services {
            graph.append(.object([
                "@id": .string(serviceIRI(service, baseURL)), "@type": .string("dcat:DataService"),
                "dct:identifier": .string("\(service.provider)/\(service.code)"),
                "dct:title": .string(service.title), "dct:description": .string(service.description),
                "dct:publisher": iri(agencyIRI(service.provider, baseURL)),
                "dct:accessRights": iri((service.personalData ? AccessRights.personal : .restricted).vocabularyURI),
                "dcat:endpointURL": iri("\(baseURL)/exchange/\(service.provider)/\(service.code)"),
                "dcat:endpointDescription": iri("\(baseURL)/api/v1/services/\(service.provider)/\(service.code)"),
            ]))
        }
        return .object(["@context": context, "@graph": .array(graph)])
    }

    /// One dataset, its distributions and its publisher: what the dataset's own IRI answers
    /// to `Accept: application/ld+json`, so the IRIs in `/catalog.jsonld` resolve.
    static func render(_ dataset: Dataset, publisher: Agency?, baseURL: String) -> JSONValue {
        var graph = [datasetNode(dataset, baseURL: baseURL)]
        graph += dataset.distributions.map { distributionNode($0, dataset: dataset, baseURL: baseURL) }
        if let publisher { graph.append(agencyNode(publisher, baseURL: baseURL)) }
        return .object(["@context": context, "@graph": .array(graph)])
    }

    static func agencyNode(_ agency: Agency, baseURL: String) -> JSONValue {
        var node: [String: JSONValue] = [
            "@id": .string(agencyIRI(agency.code, baseURL)), "@type": .string("foaf:Agent"),
            "foaf:name": .string(agency.name),
        ]
        if let homepage = agency.homepage { node["foaf:homepage"] = .object(["@id": .string(homepage)]) }
        return .object(node)
    }

    static func serviceIRI(_ service: UpstreamAPI, _ baseURL: String) -> String { "\(baseURL)/services/\(service.provider)/\(service.code)" }

    static func datasetIRI(_ dataset: Dataset, _ baseURL: String) -> String { "\(baseURL)/datasets/\(dataset.id)" }
    static func agencyIRI(_ code: String, _ baseURL: String) -> String { "\(baseURL)/agencies/\(code)" }

    static func dateTime(_ date: Date) -> JSONValue {
        .object(["@value": .string(Timestamp.string(date)), "@type": .string("xsd:dateTime")])
    }

    static func date(_ text: String) -> JSONValue {
        .object(["@value": .string(text), "@type": .string("xsd:date")])
    }

    static func iri(_ value: String) -> JSONValue { .object(["@id": .string(value)]) }

    static func datasetNode(_ dataset: Dataset, baseURL: String) -> JSONValue {
        var node: [String: JSONValue] = [
            "@id": .string(datasetIRI(dataset, baseURL)), "@type": .string("dcat:Dataset"),
            "dct:identifier": .string(dataset.id),
            "dct:title": .string(dataset.title),
            "dct:description": .string(dataset.description),
            "dct:publisher": iri(agencyIRI(dataset.publisher, baseURL)),
            "dct:accessRights": iri(dataset.accessRights.vocabularyURI),
            "dct:accrualPeriodicity": iri(dataset.accrualPeriodicity.vocabularyURI),
            "dct:issued": dateTime(dataset.issued),
            "dct:modified": dateTime(dataset.modified),
            "dcat:keyword": .array(dataset.keywords.map(JSONValue.string)),
            "dcat:theme": .array(dataset.themes.map { iri($0.vocabularyURI) }),
            "dcat:distribution": .array(dataset.distributions.map { iri(distributionIRI($0, dataset, baseURL)) }),
        ]
        if let contact = dataset.contactPoint {
            node["dcat:contactPoint"] = .object([
                "@type": .string("vcard:Kind"), "vcard:fn": .string(contact.name),
                "vcard:hasEmail": iri("mailto:" + contact.email),
            ])
        }
        if let temporal = dataset.temporal {
            var period: [String: JSONValue] = ["@type": .string("dct:PeriodOfTime"), "dcat:startDate": date(temporal.start)]
            if let end = temporal.end { period["dcat:endDate"] = date(end) }
            node["dct:temporal"] = .object(period)
        }
        if let spatial = dataset.spatial {
            node["dct:spatial"] = .object(["@type": .string("dct:Location"), "skos:prefLabel": .string(spatial)])
        }
        if let landingPage = dataset.landingPage { node["dcat:landingPage"] = iri(landingPage) }
        if let version = dataset.version { node["dcat:version"] = .string(version) }
        return .object(node)
    }

    static func distributionIRI(_ distribution: Distribution, _ dataset: Dataset, _ baseURL: String) -> String {
        "\(datasetIRI(dataset, baseURL))/distributions/\(distribution.id)"
    }

    static func distributionNode(_ distribution: Distribution, dataset: Dataset, baseURL: String) -> JSONValue {
        // DCAT-AP requires an access URL; fall back to the entry in this catalogue.
        let accessURL = distribution.accessURL ?? distribution.downloadURL ?? dataset.landingPage
            ?? "\(baseURL)/api/v1/datasets/\(dataset.id)/distributions/\(distribution.id)"
        var node: [String: JSONValue] = [
            "@id": .string(distributionIRI(distribution, dataset, baseURL)), "@type": .string("dcat:Distribution"),
            "dct:identifier": .string(distribution.id),
            "dct:title": .string(distribution.title),
            "dcat:accessURL": iri(accessURL),
            "dct:format": .string(distribution.format),
            "dct:license": iri(License.named(dataset.license)?.url.isEmpty == false
                ? License.named(dataset.license)?.url ?? "" : "\(baseURL)/licenses/\(dataset.license)"),
            "dct:accessRights": iri(dataset.accessRights.vocabularyURI),
        ]
        if let description = distribution.description { node["dct:description"] = .string(description) }
        if let download = distribution.downloadURL { node["dcat:downloadURL"] = iri(download) }
        if let mediaType = distribution.mediaType {
            node["dcat:mediaType"] = iri("https://www.iana.org/assignments/media-types/" + mediaType)
        }
        if let size = distribution.byteSize {
            node["dcat:byteSize"] = .object(["@value": .string(String(size)), "@type": .string("xsd:nonNegativeInteger")])
        }
        if distribution.schema != nil {
            node["dct:conformsTo"] = iri("\(baseURL)/api/v1/datasets/\(dataset.id)/distributions/\(distribution.id)#schema")
        }
        return .object(node)
    }
}
