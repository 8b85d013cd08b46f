import Foundation

/// A boolean condition on datasets that the ``CatalogIndex`` evaluates: what a CKAN harvester's
/// `fq=(organization:a OR organization:b) metadata_modified:[2026-01-01T00:00:00Z TO *]` means
/// once parsed.
///
/// Why a tree and not more ``FacetFilter``s: harvesters and portals send OR across fields,
/// ranges and nested groups, and a flat list of filters can express none of them. Why the
/// index evaluates it rather than SQL: the same reason the index exists at all (see
/// ``CatalogIndex``); every leaf is a lookup or a binary search, and the tree combines bitsets.
///
/// ``boolean(must:should:mustNot:)`` has Lucene's meaning, so a query parsed the way Solr
/// parses it selects what Solr would: with any `must`, a dataset matches every `must` and the
/// `should` clauses only rank; without one, it matches at least one `should`; either way it
/// matches no `mustNot`. A group of `mustNot` alone excludes from everything (Solr's rule for
/// a whole query, applied to groups too, which is what people mean by `-tags:draft`).
public indirect enum CatalogCondition: Sendable, Hashable {
    case all
    case none
    /// Datasets with this facet value (exactly, as the index holds it).
    case facet(Facet, String)
    /// Datasets with any value of the facet (`tags:*`).
    case hasValue(Facet)
    /// Datasets whose text (or one field of it) holds every term, or the terms in order when
    /// `phrase` is set.
    case words([String], in: TextField?, phrase: Bool)
    case name(String)
    case id(String)
    /// Datasets whose name falls in a range, in code-point order.
    case nameRange(lower: String?, upper: String?, includesLower: Bool, includesUpper: Bool)
    case dates(DateField, DateRange)
    case boolean(must: [CatalogCondition], should: [CatalogCondition], mustNot: [CatalogCondition])

    /// The text fields a condition can name; without one, words match title, keywords or
    /// description, as free text does.
    public enum TextField: String, Sendable, Hashable {
        case title, description
    }

    /// The dataset dates a harvester can ask about: `modified` is CKAN's `metadata_modified`,
    /// `issued` its `metadata_created`.
    public enum DateField: String, Sendable, Hashable {
        case modified, issued
    }

    /// An interval of instants; a nil end is open (Solr's `*`).
    public struct DateRange: Sendable, Hashable {
        public var lower: Date?
        public var upper: Date?
        public var includesLower: Bool
        public var includesUpper: Bool

        public init(lower: Date?, upper: Date?, includesLower: Bool = true, includesUpper: Bool = true) {
            self.lower = lower
            self.upper = upper
            self.includesLower = includesLower
            self.includesUpper = includesUpper
        }

        /// Exactly one instant.
        public static func at(_ instant: Date) -> DateRange { DateRange(lower: instant, upper: instant) }

        public func contains(_ date: Date) -> Bool {
            if let lower, includesLower ? date < lower : date <= lower { return false }
            if let upper, includesUpper ? date > upper : date >= upper { return false }
            return true
        }
    }

    /// `self AND other`, without nesting what needs none.
    public func and(_ other: CatalogCondition) -> CatalogCondition {
        switch (self, other) {
        case (.all, _): return other
        case (_, .all): return self
        case (.none, _), (_, .none): return .none
        default: return .boolean(must: [self, other], should: [], mustNot: [])
        }
    }
}
