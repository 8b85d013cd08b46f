/// Every HTML address of the node, the portal's and the console's, with its methods: the pages'
/// counterpart of `/openapi.json`. The router answers other methods on these paths with 405,
/// and a test holds this list to the router both ways, as it holds the OpenAPI document.
enum SiteMap {
    static let portal: [(path: String, methods: [String])] = [
        ("/", ["GET"]), ("/datasets", ["GET"]), ("/datasets/{dataset}", ["GET"]), ("/datasets/{dataset}/data.csv", ["GET"]),
        ("/datasets/{dataset}/data.jsonl", ["GET"]), ("/agencies", ["GET"]), ("/registries", ["GET"]), ("/registries/{registry}", ["GET"]),
        ("/agencies/{agency}", ["GET"]), ("/transparency", ["GET"]), ("/api", ["GET"]), ("/static/{name}", ["GET"]),
    ]

    static let console: [(path: String, methods: [String])] = [
        ("/console/sign-in", ["GET", "POST"]), ("/console/sign-out", ["POST"]), ("/console", ["GET"]),
        ("/console/agreements", ["GET", "POST"]), ("/console/agreements/approve", ["POST"]), ("/console/agreements/new", ["GET"]),
        ("/console/agreements/{agreement}", ["GET"]), ("/console/agreements/{agreement}/edit", ["GET", "POST"]),
        ("/console/agreements/{agreement}/transition", ["POST"]), ("/console/agreements/{agreement}/renew", ["POST"]), ("/console/agreements/{agreement}/odrl.json", ["GET"]),
        ("/console/agreements/{agreement}/summary.md", ["GET"]),
        ("/console/datasets", ["GET", "POST"]), ("/console/datasets/new", ["GET"]), ("/console/datasets/{dataset}", ["GET", "POST"]),
        ("/console/datasets/{dataset}/distributions/{distribution}/upload", ["POST"]),
        ("/console/datasets/{dataset}/distributions/{distribution}/rollback", ["POST"]),
        ("/console/jobs/{job}", ["GET"]), ("/console/jobs/{job}/progress", ["GET"]),
        ("/console/systems", ["GET", "POST"]), ("/console/systems/{agency}/{system}/secrets", ["POST"]),
        ("/console/systems/{agency}/{system}/secrets/{secret}/revoke", ["POST"]), ("/console/services", ["POST"]),
        ("/console/registries", ["GET"]), ("/console/registries/{registry}/reports/{report}", ["GET", "POST"]),
        ("/console/subscriptions/{subscription}/resume", ["POST"]),
        ("/console/traffic", ["GET"]), ("/console/traffic/entries", ["GET"]),
        ("/console/tracing", ["GET", "POST"]), ("/console/tracing/cases/{case}", ["GET"]), ("/console/tracing/cases/{case}/codes", ["POST"]),
        ("/console/tracing/cases/{case}/contacts", ["GET"]), ("/console/tracing/cases/{case}/contacts.csv", ["GET"]),
        ("/console/privacy", ["GET"]),
        ("/console/linkage", ["GET", "POST"]), ("/console/linkage/{project}", ["GET"]), ("/console/linkage/{project}/encodings", ["POST"]),
        ("/console/linkage/{project}/schema.json", ["GET"]), ("/console/linkage/{project}/results.json", ["GET"]), ("/console/linkage/{project}/close", ["POST"]),
        ("/console/operator", ["GET"]), ("/console/operator/rotate-signing-key", ["POST"]), ("/console/operator/roles", ["POST"]),
        ("/console/operator/roles/remove", ["POST"]),
    ]

    static var all: [(path: String, methods: [String])] { portal + console }
}
