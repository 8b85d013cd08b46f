import CausewayCore

/// Translates `package_search`'s Solr-flavoured parameters into a ``DatasetQuery``.
///
/// Supported: free text; `field:value` and `field:"quoted value"` terms in `q` and `fq`, with
/// `+` (required, the default) and `-` or `NOT` (excluded); `AND` between terms (the default);
/// `OR` between terms of one field (`organization:a OR organization:b`); `*:*`; CKAN's sort
/// expressions. Field names are CKAN's index fields (`organization`, `tags`, `groups`,
/// `res_format`, `license_id`) plus `access_rights`. Anything else Solr would read (ranges,
/// parentheses, `OR` across fields or with words) is a Search Query Error that names it, never
/// a count that is silently wrong.
enum CKANSearchTranslator {
    static let facetByField: [String: Facet] = [
        "organization": .publisher, "owner_org": .publisher, "tags": .keyword, "groups": .theme,
        "res_format": .format, "license_id": .license, "access_rights": .accessRights,
    ]

    static func field(for facet: Facet) -> String {
        switch facet {
        case .publisher: return "organization"
        case .keyword: return "tags"
        case .theme: return "groups"
        case .format: return "res_format"
        case .license: return "license_id"
        case .accessRights: return "access_rights"
        }
    }

    /// Splits `q` or `fq` into free text and facet filters.
    static func parse(_ expression: String, parameter: String) throws -> (text: [String], filters: [FacetFilter]) {
        var text: [String] = []
        var filters: [FacetFilter] = []
        var pendingNot = false, pendingOr = false
        for term in tokens(expression) {
            switch term {
            case "AND", "&&": continue
            case "NOT", "!":
                pendingNot = true
                continue
            case "OR", "||":
                guard let last = filters.last, !last.negated, !pendingOr else {
                    throw CKANError.searchQuery("\(parameter): OR is supported between terms of one field, such as organization:a OR organization:b")
                }
                pendingOr = true
                continue
            default:
                break
            }
            if let unsupported = term.first(where: { "()[]{}".contains($0) }) {
                throw CKANError.searchQuery("\(parameter): '\(unsupported)' (grouping or ranges) is not supported in '\(term)'")
            }
            var body = Substring(term)
            var negated = pendingNot
            pendingNot = false
            if body.hasPrefix("-") {
                negated = true
                body = body.dropFirst()
            } else if body.hasPrefix("+") {
                body = body.dropFirst()
            }
            if body == "*:*" || body == "*" { continue }
            if let colon = body.firstIndex(of: ":"), !body[..<colon].isEmpty, !body[..<colon].contains("\"") {
                let name = String(body[..<colon])
                var value = String(body[body.index(after: colon)...])
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                guard let facet = facetByField[name] else {
                    throw CKANError.validation(parameter, "Cannot search on field '\(name)'; use one of \(facetByField.keys.sorted().joined(separator: ", "))")
                }
                if pendingOr {
                    pendingOr = false
                    guard let last = filters.indices.last, filters[last].facet == facet, !negated else {
                        throw CKANError.searchQuery("\(parameter): OR is supported between terms of one field, such as organization:a OR organization:b")
                    }
                    filters[last].alternatives.append(internalValue(value, for: facet))
                    continue
                }
                filters.append(FacetFilter(facet, internalValue(value, for: facet), negated: negated))
            } else {
                if pendingOr {
                    throw CKANError.searchQuery("\(parameter): OR is supported between terms of one field, such as organization:a OR organization:b")
                }
                if negated {
                    throw CKANError.searchQuery("\(parameter): excluding words ('-\(body)') is not supported; exclude field values, such as -tags:draft")
                }
                text.append(String(body).replacingOccurrences(of: "\"", with: ""))
            }
        }
        if pendingOr || pendingNot {
            throw CKANError.searchQuery("\(parameter): the query ends with an operator")
        }
        return (text, filters)
    }

    /// CKAN group names are lowercase theme codes; the index holds the codes themselves.
    static func internalValue(_ value: String, for facet: Facet) -> String {
        if facet == .theme, let theme = Theme(groupName: value) { return theme.rawValue }
        if facet == .format { return value.uppercased() }
        return value
    }

    static func publicValue(_ value: String, for facet: Facet) -> String {
        facet == .theme ? value.lowercased() : value
    }

    static func sort(_ expression: String?) throws -> DatasetSort {
        guard let expression, !expression.trimmed.isEmpty else { return .relevance }
        let first = expression.split(separator: ",").first.map { String($0).trimmed } ?? ""
        let parts = first.split(separator: " ").map(String.init)
        let field = parts.first ?? ""
        let descending = parts.count > 1 && parts[1].lowercased() == "desc"
        switch field {
        case "score", "rank": return .relevance
        case "metadata_modified": return descending ? .modifiedDescending : .modifiedAscending
        case "metadata_created": return descending ? .issuedDescending : .issuedAscending
        case "name": return descending ? .nameDescending : .nameAscending
        case "title_string", "title": return descending ? .titleDescending : .titleAscending
        default: throw CKANError.validation("sort", "Cannot sort by '\(field)'")
        }
    }

    /// Whitespace-separated terms, keeping `"quoted phrases"` together.
    static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character.isWhitespace, !quoted {
                if !current.isEmpty { result.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
