import CausewayCore
import Foundation
import Hummingbird

/// The DCAT catalogue for harvesters: `/catalog.jsonld`, `/catalog.ttl`, `/catalog.rdf`, and
/// the catalogue's own IRI `/catalog` in whichever of the three `Accept` prefers (JSON-LD when
/// it names none). Each is paged as ``DCATCatalogPage`` describes.
struct DCATRoutes {
    let catalog: CatalogService
    /// The data services the catalogue lists beside its datasets (the exchange's, as it
    /// knows them now); a closure so the catalogue does not depend on the exchange.
    let services: @Sendable () -> [UpstreamAPI]
    let baseURL: String
    let title: String
    let clock: @Sendable () -> Date

    func register(on router: Router<CausewayContext>) {
        for format in RDFFormat.allCases {
            router.get("catalog.\(format.fileExtension)") { request, _ in try render(request, format: format) }
        }
        router.get("catalog") { request, _ in
            var response = try render(request, format: RDFFormat.preferred(by: AcceptHeader(request.headers[.accept])) ?? .jsonLD)
            response.headers[.vary] = "Accept"
            return response
        }
    }

    private func render(_ request: Request, format: RDFFormat) throws -> Response {
        let page = try DCATCatalogPage(QueryParameters(request), now: clock())
        let document = DCATDocument.render(catalog.snapshot, page: page, address: "\(baseURL)/catalog.\(format.fileExtension)",
                                           services: services(), baseURL: baseURL, title: title)
        return JSONResponse.bytes(format.bytes(document), contentType: format.mediaType)
    }
}
