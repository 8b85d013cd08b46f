import CausewayCore
import Crypto
import Hummingbird

/// The stylesheet and the two small scripts the pages load, served from memory under a name
/// that carries their hash, so a browser may keep them for a year and still never use a stale
/// copy after an upgrade.
///
/// Invariant: `version` is the hash of all assets together; every page links with it.
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        var bytes: ByteBuffer
        var contentType: String
    }

    let assets: [String: Asset]
    /// A short hash of every asset's bytes, appended to their addresses as `?v=`.
    let version: String

    init() {
        let files: [(String, [UInt8], String)] = [
            ("causeway.css", PackageResources.causeway_css, "text/css; charset=utf-8"),
            ("console.js", PackageResources.console_js, "text/javascript; charset=utf-8"),
        ]
        var hasher = SHA256()
        var assets: [String: Asset] = [:]
        for (name, bytes, type) in files {
            hasher.update(data: bytes)
            assets[name] = Asset(bytes: ByteBuffer(bytes: bytes), contentType: type)
        }
        self.assets = assets
        self.version = String(Hex.string(hasher.finalize()).prefix(12))
    }

    func register(on router: Router<CausewayContext>) {
        router.get("static/:name") { _, context in
            let name = try context.parameters.require("name")
            guard let asset = assets[name] else { throw Problem.notFound("file", name) }
            return Response(status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=31536000, immutable"],
                            body: .init(byteBuffer: asset.bytes))
        }
    }
}
