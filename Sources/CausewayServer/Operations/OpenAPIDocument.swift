/// The OpenAPI 3.1 description served at `GET /openapi.json`, from `Resources/openapi.json`.
///
/// It is written by hand, beside the routes, and held to them twice: a test checks that every
/// route the router registers is described and every described operation is routed
/// (`OpenAPICoverageTests`), and schemathesis in the test command checks that every answer the
/// live node gives is one the document allows.
enum OpenAPIDocument {
    /// The document as served, byte for byte.
    static let bytes: [UInt8] = PackageResources.openapi_json
    static let json = String(decoding: bytes, as: UTF8.self)

    /// Routes the document does not describe, with the reason: CKAN's Action API has its own
    /// published description, the DCAT catalogue and this document are fixed documents, and
    /// `/metrics` is for the operator's scraper.
    static let undescribed: [(path: String, methods: [String])] = [
        ("/api/3/action/{action}", ["GET", "POST"]), ("/api/2/action/{action}", ["GET", "POST"]),
        ("/api/1/action/{action}", ["GET", "POST"]), ("/api/action/{action}", ["GET", "POST"]),
        ("/catalog", ["GET"]), ("/catalog.jsonld", ["GET"]), ("/catalog.ttl", ["GET"]), ("/catalog.rdf", ["GET"]), ("/openapi.json", ["GET"]), ("/metrics", ["GET"]),
    ]
}
