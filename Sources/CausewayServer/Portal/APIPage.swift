import Foundation

/// `/api`: `/openapi.json` as a page — every operation with its summary and parameters, grouped
/// by tag — so a newcomer can read the API without a tool, and links to the machine-readable
/// documents.
struct APIPage {
    struct Operation {
        var method: String
        var path: String
        var summary: String
        var anchor: String
        var parameters: [Parameter]
        var hasParameters: Bool
    }

    struct Parameter {
        var name: String
        var location: String
        var required: Bool
        var description: String
    }

    struct Section {
        var tag: String
        var anchor: String
        var description: String
        var operations: [Operation]
    }

    var chrome: PageChrome
    var title: String
    var version: String
    var description: String
    var sections: [Section]

    init(chrome: PageChrome, document: [String: Any]) {
        self.chrome = chrome
        let info = document["info"] as? [String: Any] ?? [:]
        title = info["title"] as? String ?? "API"
        version = info["version"] as? String ?? ""
        description = info["description"] as? String ?? ""
        let tagDescriptions = Dictionary((document["tags"] as? [[String: Any]] ?? []).compactMap { tag in
            (tag["name"] as? String).map { ($0, tag["description"] as? String ?? "") }
        }, uniquingKeysWith: { first, _ in first })
        var byTag: [String: [Operation]] = [:]
        var tagOrder = (document["tags"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        let paths = document["paths"] as? [String: Any] ?? [:]
        for path in paths.keys.sorted() {
            guard let item = paths[path] as? [String: Any] else { continue }
            let shared = item["parameters"] as? [[String: Any]] ?? []
            for method in ["get", "post", "put", "patch", "delete", "head"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                let parameters = (shared + (operation["parameters"] as? [[String: Any]] ?? [])).compactMap { parameter -> Parameter? in
                    guard let name = parameter["name"] as? String else { return nil }
                    return Parameter(name: name, location: parameter["in"] as? String ?? "", required: parameter["required"] as? Bool ?? false,
                                     description: parameter["description"] as? String ?? "")
                }
                let tag = (operation["tags"] as? [String])?.first ?? "Other"
                if !tagOrder.contains(tag) { tagOrder.append(tag) }
                byTag[tag, default: []].append(Operation(
                    method: method.uppercased(), path: path, summary: operation["summary"] as? String ?? "",
                    anchor: "op-" + Self.slug((operation["operationId"] as? String) ?? method + path),
                    parameters: parameters, hasParameters: !parameters.isEmpty))
            }
        }
        sections = tagOrder.compactMap { tag in
            byTag[tag].map { Section(tag: tag, anchor: "tag-" + Self.slug(tag), description: tagDescriptions[tag] ?? "", operations: $0) }
        }
    }

    /// Letters and digits, lowercased, with a hyphen for every run of anything else.
    static func slug(_ text: String) -> String {
        var out = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber { out.append(character) } else if !out.hasSuffix("-") { out.append("-") }
        }
        return out
    }
}
