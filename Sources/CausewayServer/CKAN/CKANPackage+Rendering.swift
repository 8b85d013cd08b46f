import CausewayCore
import NIOCore

extension CKANPackage {
    /// Every dataset as a CKAN package, kept in the catalogue snapshot: `package_show` and
    /// `package_search` copy these bytes instead of encoding.
    static let rendering = DatasetRendering(name: "ckan-package") { dataset, agency in
        ByteBuffer(data: try APIJSON.encoder.encode(CKANPackage(dataset: dataset, agency: agency)))
    }

    /// The package JSON of the dataset at `position` in `snapshot`.
    static func json(at position: Int, in snapshot: CatalogSnapshot) throws -> ByteBuffer {
        if let rendered = snapshot.rendered(rendering, at: position) { return rendered }
        let dataset = snapshot.index.dataset(at: position)
        return try rendering.render(dataset, snapshot.agency(dataset.publisher))
    }
}
