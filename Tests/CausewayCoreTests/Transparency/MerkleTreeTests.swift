import CausewayCore
import Foundation
import Testing

/// The tree code against published vectors (RFC 6962's eight leaves, as transparency-dev/merkle
/// lists their hashes) and against the recursive definition for every small tree.
@Suite struct MerkleTreeTests {
    static let leaves: [[UInt8]] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                    "606162636465666768696a6b6c6d6e6f"].map(hex)
    static let roots: [String] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test func rootsMatchThePublishedVectors() {
        var frontier = TreeFrontier()
        #expect(Self.hexString(frontier.root) == Self.roots[0])
        for (count, leaf) in Self.leaves.enumerated() {
            frontier.append(leafHash: MerkleHash.leaf(leaf)) { _, _ in }
            #expect(Self.hexString(frontier.root) == Self.roots[count + 1], "size \(count + 1)")
            #expect(Self.hexString(MerkleHash.root(ofLeafHashes: Self.leaves[...count].map(MerkleHash.leaf)[...]))
                    == Self.roots[count + 1])
        }
    }

    @Test func frontierMatchesTheDefinitionAndRoundTrips() throws {
        var frontier = TreeFrontier()
        var hashes: [MerkleHash.Value] = []
        for index in 0..<600 {
            let leaf = MerkleHash.leaf(Array("entry \(index)".utf8))
            hashes.append(leaf)
            frontier.append(leafHash: leaf) { _, _ in }
            if index % 37 == 0 || index < 70 {
                #expect(frontier.root == MerkleHash.root(ofLeafHashes: hashes[...]))
                #expect(try TreeFrontier(size: frontier.size, bytes: frontier.bytes) == frontier)
            }
        }
        #expect(throws: TreeFrontier.Failure.self) { try TreeFrontier(size: 3, bytes: [UInt8](repeating: 0, count: 32)) }
    }

    /// Proofs planned for every index and size pair up to 70 leaves verify against the
    /// recursive root, and fail for a wrong leaf.
    @Test func plannedProofsVerify() throws {
        let hashes = (0..<70).map { MerkleHash.leaf(Array("leaf \($0)".utf8)) }
        let levels = Self.levels(hashes)
        let lookup = { (node: TreeNode) in levels[node.level][Int(node.index)] }
        for size in 1...UInt64(hashes.count) {
            let root = MerkleHash.root(ofLeafHashes: hashes[..<Int(size)])
            for index in 0..<size {
                let proof = ProofPlan.hashes(of: try ProofPlan.inclusion(index: index, size: size), lookup: lookup)
                try ProofVerifier.verifyInclusion(leafHash: hashes[Int(index)], index: index, size: size, proof: proof, root: root)
                #expect(throws: ProofVerifier.Failure.rootMismatch) {
                    try ProofVerifier.verifyInclusion(leafHash: MerkleHash.leaf([1]), index: index, size: size, proof: proof, root: root)
                }
            }
            for from in 1...size {
                let old = MerkleHash.root(ofLeafHashes: hashes[..<Int(from)])
                let proof = ProofPlan.hashes(of: try ProofPlan.consistency(from: from, to: size), lookup: lookup)
                try ProofVerifier.verifyConsistency(size1: from, size2: size, root1: old, root2: root, proof: proof)
                if from < size {
                    #expect(throws: ProofVerifier.Failure.self) {
                        try ProofVerifier.verifyConsistency(size1: from, size2: size, root1: MerkleHash.leaf([9]), root2: root, proof: proof)
                    }
                }
            }
        }
        #expect(throws: ProofPlan.Failure.indexOutOfRange(index: 3, size: 3)) { try ProofPlan.inclusion(index: 3, size: 3) }
        #expect(throws: ProofPlan.Failure.sizesOutOfOrder(from: 4, to: 3)) { try ProofPlan.consistency(from: 4, to: 3) }
        #expect(throws: ProofVerifier.Failure.fromEmptyTree) {
            try ProofVerifier.verifyConsistency(size1: 0, size2: 3, root1: MerkleHash.empty, root2: MerkleHash.empty, proof: [])
        }
    }

    /// transparency-dev/merkle's inclusion and consistency probes (testdata/, copied as data):
    /// every good proof verifies, every bad one (flipped bits, wrong sizes, …) is refused.
    @Test(arguments: ["inclusion", "consistency"])
    func publishedProbes(kind: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/\(kind).json")
        let probes = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        #expect(probes.count == 98)
        func bytes(_ value: Any?) -> [UInt8] { (value as? String).flatMap { Data(base64Encoded: $0) }.map(Array.init) ?? [] }
        func number(_ value: Any?) -> UInt64 { (value as? NSNumber)?.uint64Value ?? 0 }
        for probe in probes {
            let proof = (probe["proof"] as? [String] ?? []).map { bytes($0) }
            let wantError = probe["wantErr"] as? Bool ?? false
            let outcome: Result<Void, ProofVerifier.Failure>
            if kind == "inclusion" {
                outcome = Result { () throws(ProofVerifier.Failure) in
                    try ProofVerifier.verifyInclusion(leafHash: bytes(probe["leafHash"]), index: number(probe["leafIdx"]),
                                                      size: number(probe["treeSize"]), proof: proof, root: bytes(probe["root"]))
                }
            } else {
                outcome = Result { () throws(ProofVerifier.Failure) in
                    try ProofVerifier.verifyConsistency(size1: number(probe["size1"]), size2: number(probe["size2"]),
                                                        root1: bytes(probe["root1"]), root2: bytes(probe["root2"]), proof: proof)
                }
            }
            let failed = if case .failure = outcome { true } else { false }
            #expect(failed == wantError, "\(kind): \(probe["desc"] ?? "") \(probe["size1"] ?? probe["leafIdx"] ?? "") \(probe["size2"] ?? probe["treeSize"] ?? "")")
        }
    }

    /// Tiles grown batch by batch (as the sequencer grows them, reading back only the right
    /// edge) give every perfect subtree's hash, across three tile levels.
    @Test func tilesHoldEverySubtree() throws {
        let count = 66_000
        let hashes = (0..<count).map { MerkleHash.leaf(Array("t\($0)".utf8)) }
        var stored: [LogTiles.ID: [UInt8]] = [:]
        var frontier = TreeFrontier()
        var generator = SplitMix(seed: 7)
        var position = 0
        while position < count {
            let batch = min(count - position, Int(generator.next() % 900) + 1)
            let edge = LogTiles.rightEdge(size: frontier.size)
            var tiles = TileSet(rightEdge: stored.filter { edge[$0.key] != nil })
            for (id, width) in edge { #expect(stored[id]?.count == width * 32, "\(id)") }
            try tiles.append(leafHashes: Array(hashes[position..<position + batch]), to: &frontier)
            for id in tiles.changed { stored[id] = tiles.tiles[id] }
            position += batch
        }
        #expect(frontier.root == MerkleHash.root(ofLeafHashes: hashes[...]))
        #expect(stored[LogTiles.ID(level: 2, index: 0)]?.count == 32)
        let levels = Self.levels(hashes)
        for level in 0..<levels.count {
            for index in stride(from: 0, to: levels[level].count, by: max(1, levels[level].count / 50)) {
                let location = LogTiles.locate(TreeNode(level: level, index: UInt64(index)))
                let tile = try #require(stored[location.tile])
                #expect(LogTiles.hash(at: location, in: tile) == levels[level][index], "level \(level) index \(index)")
            }
        }
        var broken = TileSet(rightEdge: [:])
        #expect(throws: TileSet.Failure.self) { try broken.record(TreeNode(level: 0, index: 5), hashes[5]) }
    }

    /// Every perfect subtree's hash, level by level: the reference the tiles are checked against.
    static func levels(_ leaves: [MerkleHash.Value]) -> [[MerkleHash.Value]] {
        var levels = [leaves]
        while let last = levels.last, last.count > 1 {
            levels.append(stride(from: 0, to: last.count - 1, by: 2).map { MerkleHash.node(last[$0], last[$0 + 1]) })
        }
        return levels
    }

    static func hex(_ text: String) -> [UInt8] {
        stride(from: 0, to: text.count, by: 2).map { offset in
            let start = text.index(text.startIndex, offsetBy: offset)
            return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
    }

    static func hexString(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
