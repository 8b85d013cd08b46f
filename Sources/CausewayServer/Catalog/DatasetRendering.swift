import CausewayCore
import NIOCore

/// A form of a dataset that a read API serves often, rendered once when the dataset or the
/// agency list changes and kept in the ``CatalogSnapshot``, so that serving it is a copy, not
/// an encoding.
///
/// The catalogue renders its own `/api/v1` form; other APIs bring theirs (CKAN's package) to
/// ``CatalogService`` when the node is built, so the catalogue never needs to know them.
public struct DatasetRendering: Sendable {
    /// Unique among a node's renderings: the key the snapshot keeps this form under.
    public let name: String
    let render: @Sendable (Dataset, Agency?) throws -> ByteBuffer

    public init(name: String, render: @escaping @Sendable (Dataset, Agency?) throws -> ByteBuffer) {
        self.name = name
        self.render = render
    }
}
