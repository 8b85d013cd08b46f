import CausewayCore

/// Everything a `package_search` answer depends on, as the key of its cached bytes.
///
/// The query is the parsed one, with `NOW` already resolved to an instant, so a kept answer is
/// always the one a fresh search gives. `NOW/DAY` (rounded, as Solr advises for the same
/// reason) keeps one key all day; `NOW-90DAYS` would get a new key every millisecond, so the
/// route neither looks it up nor keeps it. The catalogue revision moves on every dataset or
/// agency write, so a kept answer is never stale. The action is kept for the answer's `help`
/// link, the facet fields and the sort as the client spelled them, since the answer echoes
/// them.
struct CKANSearchKey: Hashable, Sendable {
    let revision: Int64
    let action: String
    let query: DatasetQuery
    let facetFields: [String]
    let sort: String
}
