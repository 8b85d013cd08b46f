import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// `/log/…`: the transparency log as anyone may read and check it — the latest signed
/// checkpoint, the entries' canonical bytes, and proofs. All public: the log holds no personal
/// data in the clear (subjects are keyed hashes), and its worth is that outsiders verify it.
struct TransparencyRoutes {
    let log: LogReader
    let checkpoints: CheckpointPublisher
    /// Most entries one `/log/entries` answer carries.
    static let maxEntries: Int64 = 1_000

    func register(on router: Router<CausewayContext>) {
        router.get("log/checkpoint", use: checkpoint)
        router.get("log/key", use: key)
        router.get("log/entries", use: entries)
        router.get("log/proof/inclusion", use: inclusion)
        router.get("log/proof/consistency", use: consistency)
    }

    @Sendable func checkpoint(_ request: Request, context: CausewayContext) async throws -> Response {
        try QueryParameters(request).only([])
        if let latest = try await checkpoints.latest() { return Self.text(latest.note) }
        return Self.text(try await checkpoints.publish().note)
    }

    @Sendable func key(_ request: Request, context: CausewayContext) async throws -> Response {
        try QueryParameters(request).only([])
        return Self.text(checkpoints.signer.verifier.encoded + "\n")
    }

    struct EntryList: Encodable {
        struct Item: Encodable {
            var index: Int64
            /// The entry's canonical bytes, base64: what the leaf hash is computed over.
            var entry: String
        }
        var entries: [Item]
    }

    @Sendable func entries(_ request: Request, context: CausewayContext) async throws -> Response {
        let query = QueryParameters(request)
        try query.only(["start", "end"])
        let start = try query.wholeNumber("start")
        let end = query.string("end") == nil ? start + UInt64(Self.maxEntries) : try query.wholeNumber("end")
        guard end > start else { throw Problem.badParameter("end", "must be greater than start") }
        let last = min(end, start + UInt64(Self.maxEntries), UInt64(Int64.max))
        let stored = try await log.entries(from: Int64(start), to: Int64(last))
        return try JSONResponse.make(EntryList(entries: stored.map { .init(index: $0.index, entry: Data($0.bytes).base64EncodedString()) }))
    }

    struct Proof: Encodable {
        var index: UInt64?
        var size: UInt64?
        var from: UInt64?
        var to: UInt64?
        var leafHash: String?
        /// The proof's hashes, base64, bottom to top (RFC 9162 §2.1.3 / §2.1.4).
        var hashes: [String]
    }

    @Sendable func inclusion(_ request: Request, context: CausewayContext) async throws -> Response {
        let query = QueryParameters(request)
        try query.only(["index", "size"])
        let index = try query.wholeNumber("index")
        var size: UInt64 = 0
        if query.string("size") != nil {
            size = try query.wholeNumber("size")
        } else if let latest = try await checkpoints.latest() {
            size = latest.size
        }
        guard index < size else {
            throw Problem(.badRequest, code: "log.index-out-of-range", title: "The entry is not in a tree of that size",
                          detail: "index \(index) is not below size \(size).")
        }
        let hashes = try await proof { try await log.inclusionProof(index: index, size: size) }
        let leaf = try await log.entries(from: Int64(index), to: Int64(index) + 1).first.map { MerkleHash.leaf($0.bytes) }
        return try JSONResponse.make(Proof(index: index, size: size, leafHash: leaf.map { Data($0).base64EncodedString() },
                                           hashes: hashes.map { Data($0).base64EncodedString() }))
    }

    @Sendable func consistency(_ request: Request, context: CausewayContext) async throws -> Response {
        let query = QueryParameters(request)
        try query.only(["from", "to"])
        let from = try query.wholeNumber("from")
        let to = try query.wholeNumber("to")
        guard from <= to else { throw Problem.badParameter("from", "must not be greater than to") }
        let hashes = try await proof { try await log.consistencyProof(from: from, to: to) }
        return try JSONResponse.make(Proof(from: from, to: to, hashes: hashes.map { Data($0).base64EncodedString() }))
    }

    /// Maps the store's refusals to problems: a size the tree has not reached is the caller's
    /// mistake (404, it may exist later); a missing hash is damage, reported as such.
    private func proof(_ make: () async throws -> [MerkleHash.Value]) async throws -> [MerkleHash.Value] {
        do {
            return try await make()
        } catch let error as LogReader.ProofError {
            switch error {
            case .beyondTree(let requested, let size):
                throw Problem(.notFound, code: "log.beyond-tree", title: "The log is not that big",
                              detail: "Size \(requested) is beyond the tree's \(size) entries.")
            case .invalid(let failure):
                throw Problem.badParameter("size", "\(failure)")
            case .missingHash(let node):
                throw Problem(.internalServerError, code: "log.damaged", title: "The log's stored tree is damaged",
                              detail: "The hash of subtree \(node) is missing; run `causeway audit verify`.")
            }
        }
    }

    static func text(_ body: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
