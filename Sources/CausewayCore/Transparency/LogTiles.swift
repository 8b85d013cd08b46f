/// How the log stores its tree: in tiles, as the tlog-tiles layout does. A tile at tile level
/// `t` holds up to 256 consecutive hashes of tree level `8t`; every other perfect subtree is
/// hashed up from inside one tile. Storage is about one hash per entry, an append rewrites
/// only the right-edge tile of each level, and any proof reads one tile per tile level:
/// O(log n) reads whatever the size.
public enum LogTiles {
    public static let height = 8
    public static let width = 1 << height

    /// A tile's address.
    public struct ID: Hashable, Sendable, Comparable, CustomStringConvertible {
        public var level: Int
        public var index: UInt64

        public init(level: Int, index: UInt64) {
            self.level = level
            self.index = index
        }

        public static func < (lhs: ID, rhs: ID) -> Bool {
            (lhs.level, lhs.index) < (rhs.level, rhs.index)
        }

        public var description: String { "tile \(level)/\(index)" }
    }

    /// Where a perfect subtree's hash comes from: the tile, and the run of hashes in it whose
    /// perfect tree has that hash at its root.
    public struct Location: Hashable, Sendable {
        public var tile: ID
        public var offset: Int
        public var count: Int
    }

    public static func locate(_ node: TreeNode) -> Location {
        let tileLevel = node.level / height
        let rise = node.level % height
        let base = node.index << UInt64(rise)
        return Location(tile: ID(level: tileLevel, index: base >> UInt64(height)),
                        offset: Int(base & UInt64(width - 1)), count: 1 << rise)
    }

    /// The partial tiles on the right edge of a tree of `size` leaves, with their widths: the
    /// only tiles the next append changes that already hold something.
    public static func rightEdge(size: UInt64) -> [ID: Int] {
        var edge: [ID: Int] = [:]
        var level = 0
        while size >> UInt64(level * height) > 0 {
            let position = size >> UInt64(level * height)
            let filled = Int(position & UInt64(width - 1))
            if filled > 0 { edge[ID(level: level, index: position >> UInt64(height))] = filled }
            level += 1
        }
        return edge
    }

    /// The hash of the subtree at `location`, given its tile's hashes (32 bytes each).
    public static func hash(at location: Location, in tile: [UInt8]) -> MerkleHash.Value? {
        let end = (location.offset + location.count) * 32
        guard end <= tile.count else { return nil }
        var level = stride(from: location.offset * 32, to: end, by: 32).map { Array(tile[$0..<$0 + 32]) }
        while level.count > 1 {
            level = stride(from: 0, to: level.count, by: 2).map { MerkleHash.node(level[$0], level[$0 + 1]) }
        }
        return level.first
    }
}

/// Tiles being extended by one batch of appends: the right-edge tiles as stored, grown by the
/// subtrees the frontier completes. Pure, so the sequencer's batch is the only I/O.
public struct TileSet: Sendable {
    public private(set) var tiles: [LogTiles.ID: [UInt8]]
    public private(set) var changed: Set<LogTiles.ID> = []

    public enum Failure: Error, Equatable, Sendable {
        /// The stored tile does not end where the tree says it should: the store is damaged.
        case gap(tile: LogTiles.ID, has: Int, expected: Int)
    }

    public init(rightEdge: [LogTiles.ID: [UInt8]]) {
        tiles = rightEdge
    }

    /// Keeps the hash if its level is a tile level; other levels are recomputed on demand.
    public mutating func record(_ node: TreeNode, _ hash: MerkleHash.Value) throws(Failure) {
        guard node.level % LogTiles.height == 0 else { return }
        let location = LogTiles.locate(node)
        let existing = tiles[location.tile]?.count ?? 0
        guard existing == location.offset * 32 else {
            throw .gap(tile: location.tile, has: existing / 32, expected: location.offset)
        }
        tiles[location.tile, default: []].append(contentsOf: hash)
        changed.insert(location.tile)
    }

    /// Appends leaves to `frontier`, recording the tiles they complete or extend.
    public mutating func append(leafHashes: [MerkleHash.Value], to frontier: inout TreeFrontier) throws(Failure) {
        var failure: Failure?
        for leaf in leafHashes {
            frontier.append(leafHash: leaf) { node, hash in
                guard failure == nil else { return }
                do throws(Failure) { try record(node, hash) } catch { failure = error }
            }
            if let failure { throw failure }
        }
    }
}
