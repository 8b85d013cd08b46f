import CausewayCore
import Foundation
import NIOCore

/// What a node serves catalogue reads from: the search index plus every dataset already
/// rendered as Causeway JSON and in each injected ``DatasetRendering`` (the CKAN package), so
/// that `package_show` is a lookup and a copy, not a JSON encoding. Immutable; the next one is
/// made from it, sharing every chunk a change did not touch (see ``CatalogService``).
public struct CatalogSnapshot: Sendable {
    public let index: CatalogIndex
    public let agencies: [Agency]
    let agencyByCode: [String: Agency]
    /// Per index position: the dataset as the `/api/v1` JSON (empty at dead positions).
    let apiJSON: ChunkedArray<ByteBuffer>
    /// Per rendering name, per index position.
    let renderings: [String: ChunkedArray<ByteBuffer>]

    public static let empty = CatalogSnapshot(index: .empty, agencies: [], apiJSON: [], renderings: [:])

    init(index: CatalogIndex, agencies: [Agency], apiJSON: ChunkedArray<ByteBuffer>, renderings: [String: ChunkedArray<ByteBuffer>]) {
        self.index = index
        self.agencies = agencies
        self.agencyByCode = Dictionary(agencies.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.apiJSON = apiJSON
        self.renderings = renderings
    }

    /// The dataset at `position` in `rendering`'s form; nil if the node was built without it.
    func rendered(_ rendering: DatasetRendering, at position: Int) -> ByteBuffer? {
        renderings[rendering.name]?[position]
    }

    public func agency(_ code: String) -> Agency? { agencyByCode[code] }

    public func dataset(idOrName key: String) -> Dataset? {
        index.position(ofIDOrName: key).map { index.dataset(at: $0) }
    }

    /// How many datasets each agency publishes.
    func datasetCounts() -> [String: Int] {
        Dictionary(index.allValues(of: .publisher).map { ($0.value, $0.count) }, uniquingKeysWith: +)
    }
}
