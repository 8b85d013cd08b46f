import CausewayCore

import Foundation

/// Translates `package_search`'s Solr parameters into a ``DatasetQuery``.
///
/// `q` and `fq` are read by ``CKANQueryParser`` as Solr reads them (Lucene syntax, AND by
/// default) and mapped onto the catalogue: CKAN's index fields `name`, `id`, `title`,
/// `notes`, `text`, `tags`, `organization` (or `owner_org`), `groups`, `res_format`,
/// `license_id`, `state`, `metadata_modified` and `metadata_created`, plus `access_rights`;
/// ranges on the dates (with Solr's date math) and on `name`. Required free words at the top
/// of `q` become the ranked text; everything else is a ``CatalogCondition``. What Causeway
/// cannot answer exactly (wildcards, fuzzy terms, ranges on other fields) is a Search Query
/// Error that names it, never a count that is silently wrong.
enum CKANSearchTranslator {
    static let facetByField: [String: Facet] = [
        "organization": .publisher, "owner_org": .publisher, "tags": .keyword, "groups": .theme,
        "res_format": .format, "license_id": .license, "access_rights": .accessRights,
    ]

    /// Every field a query may name, for the error that lists them.
    static let searchableFields = (Array(facetByField.keys) + ["id", "name", "title", "notes", "text", "state", "metadata_modified", "metadata_created"]).sorted()

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

    /// `q` or `fq` as ranked free text and a condition; `now` anchors `NOW` in date math.
    /// `followsTheClock` is set when a date in it moves with every millisecond (`NOW-90DAYS`,
    /// not `NOW/DAY`): the same text is another query a moment later.
    static func parse(_ expression: String, parameter: String, now: Date, followsTheClock: inout Bool) throws -> (text: [String], condition: CatalogCondition) {
        let clauses: [CKANQueryParser.Clause]
        do {
            clauses = try CKANQueryParser.parse(expression)
        } catch {
            throw CKANError.searchQuery("\(parameter): \(error.message)")
        }
        // Required bare words at the top rank as well as select: the portal's free text.
        var text: [String] = []
        var rest: [CKANQueryParser.Clause] = []
        for clause in clauses {
            if clause.occur == .must, case .term(let field, let value, false) = clause.node, field == nil || field == "text", value != "*" {
                text.append(value)
            } else {
                rest.append(clause)
            }
        }
        if rest.isEmpty { return (text, .all) }
        if clauses.contains(where: { $0.occur == .must }) { rest.removeAll { $0.occur == .should } }
        return (text, try condition(rest, parameter: parameter, now: now, &followsTheClock))
    }

    private static func condition(_ clauses: [CKANQueryParser.Clause], parameter: String, now: Date, _ followsTheClock: inout Bool) throws -> CatalogCondition {
        var must: [CatalogCondition] = [], should: [CatalogCondition] = [], mustNot: [CatalogCondition] = []
        for clause in clauses {
            let condition = try condition(clause.node, parameter: parameter, now: now, &followsTheClock)
            switch clause.occur {
            case .must: must.append(condition)
            case .should: should.append(condition)
            case .mustNot: mustNot.append(condition)
            }
        }
        if mustNot.isEmpty, must.count + should.count == 1, let only = must.first ?? should.first { return only }
        return .boolean(must: must, should: should, mustNot: mustNot)
    }

    private static func condition(_ node: CKANQueryParser.Node, parameter: String, now: Date, _ followsTheClock: inout Bool) throws -> CatalogCondition {
        switch node {
        case .group(let clauses):
            return clauses.isEmpty ? .all : try condition(clauses, parameter: parameter, now: now, &followsTheClock)
        case .term(let field, let value, let quoted):
            return try term(field ?? "text", value, quoted: quoted, parameter: parameter, now: now, &followsTheClock)
        case .range(let field, let lower, let upper, let includesLower, let includesUpper):
            let name = field ?? "text"
            switch name {
            case "metadata_modified", "metadata_created":
                func instant(_ end: String) throws -> Date? {
                    guard end != "*" else { return nil }
                    return try date(end, parameter: parameter, now: now, &followsTheClock)
                }
                let range = CatalogCondition.DateRange(lower: try instant(lower), upper: try instant(upper),
                                                       includesLower: includesLower, includesUpper: includesUpper)
                return .dates(name == "metadata_modified" ? .modified : .issued, range)
            case "name":
                return .nameRange(lower: lower == "*" ? nil : lower, upper: upper == "*" ? nil : upper,
                                  includesLower: includesLower, includesUpper: includesUpper)
            default:
                try requireKnown(name, parameter: parameter)
                throw CKANError.searchQuery("\(parameter): ranges are supported on metadata_modified, metadata_created and name, not on '\(name)'")
            }
        }
    }

    private static func term(_ field: String, _ value: String, quoted: Bool, parameter: String, now: Date, _ followsTheClock: inout Bool) throws -> CatalogCondition {
        if field == "*" && value == "*" { return .all }
        try requireKnown(field, parameter: parameter)
        if value == "*" && !quoted {
            guard let facet = facetByField[field] else { return .all }
            return .hasValue(facet)
        }
        if !quoted, let wildcard = value.first(where: { $0 == "*" || $0 == "?" }) {
            throw CKANError.searchQuery("\(parameter): wildcards ('\(wildcard)' in '\(value)') are not supported; search for whole words or values")
        }
        if let facet = facetByField[field] { return .facet(facet, internalValue(value, for: facet)) }
        switch field {
        case "text", "title", "notes":
            let textField: CatalogCondition.TextField? = field == "title" ? .title : field == "notes" ? .description : nil
            let terms = Tokenizer.terms(value)
            return terms.isEmpty ? .all : .words(terms, in: textField, phrase: quoted && terms.count > 1)
        case "name": return .name(value)
        case "id": return .id(value)
        case "state": return value == "active" ? .all : .none
        default:
            return .dates(field == "metadata_modified" ? .modified : .issued, .at(try date(value, parameter: parameter, now: now, &followsTheClock)))
        }
    }

    /// A date in Solr's syntax; one that names `NOW` is read again a millisecond later to tell
    /// whether it follows the clock.
    private static func date(_ text: String, parameter: String, now: Date, _ followsTheClock: inout Bool) throws -> Date {
        do {
            let date = try SolrDateMath.date(text, now: now)
            if text.hasPrefix("NOW"), try SolrDateMath.date(text, now: now.addingTimeInterval(0.001)) != date { followsTheClock = true }
            return date
        } catch {
            throw CKANError.searchQuery("\(parameter): \(error.message)")
        }
    }

    private static func requireKnown(_ field: String, parameter: String) throws {
        guard searchableFields.contains(field) else {
            throw CKANError.validation(parameter, "Cannot search on field '\(field)'; use one of \(searchableFields.joined(separator: ", "))")
        }
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
        case "id": return descending ? .idDescending : .idAscending
        case "title_string", "title": return descending ? .titleDescending : .titleAscending
        default: throw CKANError.validation("sort", "Cannot sort by '\(field)'")
        }
    }

}
