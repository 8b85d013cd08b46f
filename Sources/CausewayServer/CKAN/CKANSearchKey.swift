import CausewayCore

/// Everything a `package_search` answer depends on, as the key of its cached bytes.
///
/// The query is the parsed one, with `NOW` already resolved to an instant: a query with
/// `NOW-90DAYS` gets a new key every millisecond and is never answered from the cache, while
/// `NOW/DAY` (rounded, as Solr advises for the same reason) keeps one key all day. The
/// catalogue revision moves on every dataset or agency write, so a kept answer is never stale.
/// The action is kept for the answer's `help` link, the facet fields and the sort as the
/// client spelled them, since the answer echoes them.
struct CKANSearchKey: Hashable, Sendable {
    let revision: Int64
    let action: String
    let query: DatasetQuery
    let facetFields: [String]
    let sort: String
}
