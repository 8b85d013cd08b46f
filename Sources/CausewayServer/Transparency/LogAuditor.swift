import CausewayCore
import CausewayStore
import Foundation

/// `causeway audit verify`: recomputes the whole tree from the stored entries and checks it
/// against everything the node has committed to — every stored tile, the head, and every
/// signed checkpoint — plus, when given one, a checkpoint remembered from an earlier run
/// outside the database. An edited entry changes a leaf and so a tile and every later root;
/// a deleted entry leaves a hole in the numbering; a database restored from an older copy
/// no longer reaches, or no longer matches, the remembered checkpoint.
public struct LogAuditor: Sendable {
    let log: TransparencyLog
    let verifier: NoteVerifier

    public init(log: TransparencyLog, verifier: NoteVerifier) {
        self.log = log
        self.verifier = verifier
    }

    public struct Report: Sendable {
        public var size: UInt64 = 0
        public var root: MerkleHash.Value = MerkleHash.empty
        public var checkpointsChecked = 0
        public var tilesChecked = 0
        /// Everything found wrong; empty means the log verifies.
        public var problems: [String] = []
        /// The newest checkpoint that verified, to remember for the next run.
        public var latestCheckpoint: String?
    }

    /// Checks the log; `remembered` is a signed checkpoint from an earlier run, and `progress`
    /// is told the number of entries checked as it goes.
    public func verify(remembered: String? = nil, batch: Int64 = 10_000,
                       progress: @Sendable (UInt64) -> Void = { _ in }) async throws -> Report {
        var report = Report()
        var expectations: [UInt64: (root: MerkleHash.Value, what: String)] = [:]
        var latestNote: (size: UInt64, note: String)?
        var from: UInt64 = 0
        while true {
            let page = try await log.checkpoints.page(from: from, limit: 1_000)
            for stored in page {
                do {
                    let checkpoint = try Checkpoint.open(stored.note, verifier: verifier)
                    guard checkpoint.size == stored.size else {
                        report.problems.append("checkpoint stored as size \(stored.size) says size \(checkpoint.size)")
                        continue
                    }
                    expectations[checkpoint.size] = (checkpoint.root, "checkpoint \(checkpoint.size)")
                    latestNote = (checkpoint.size, stored.note)
                } catch {
                    report.problems.append("checkpoint at size \(stored.size) does not verify with the log key: \(error)")
                }
            }
            guard let last = page.last, page.count == 1_000 else { break }
            from = last.size + 1
        }
        var rememberedSize: UInt64?
        if let remembered {
            do {
                let checkpoint = try Checkpoint.open(remembered, verifier: verifier)
                rememberedSize = checkpoint.size
                if let other = expectations[checkpoint.size], other.root != checkpoint.root {
                    report.problems.append("the stored checkpoint at size \(checkpoint.size) differs from the one remembered: the log was rewritten")
                }
                expectations[checkpoint.size] = (checkpoint.root, "remembered checkpoint \(checkpoint.size)")
            } catch {
                report.problems.append("the remembered checkpoint does not verify with the log key: \(error)")
            }
        }

        let head = try await log.reader.head()
        let (count, maxIndex) = try await log.reader.entryCount()
        if UInt64(count) != head.size || (maxIndex.map { UInt64($0) + 1 } ?? 0) != head.size {
            report.problems.append("the head says \(head.size) entries but \(count) are stored, the last numbered \(maxIndex.map(String.init) ?? "none"): entries were deleted or added outside the log")
        }
        if let rememberedSize, rememberedSize > head.size {
            report.problems.append("the log has \(head.size) entries but a checkpoint of \(rememberedSize) was seen before: the database was rolled back")
        }
        for size in expectations.keys where size > head.size && size != rememberedSize {
            report.problems.append("a checkpoint covers \(size) entries but the log has \(head.size)")
        }

        var frontier = TreeFrontier()
        var recomputed: [LogTiles.ID: [UInt8]] = [:]
        if let expected = expectations[0], expected.root != MerkleHash.empty {
            report.problems.append("\(expected.what) does not match the empty tree")
        }
        var next: Int64 = 0
        while UInt64(next) < head.size {
            let entries = try await log.reader.entries(from: next, to: min(next + batch, Int64(head.size)))
            for entry in entries {
                guard entry.index == Int64(frontier.size) else {
                    report.problems.append("entry \(frontier.size) is missing")
                    report.size = frontier.size
                    return report
                }
                frontier.append(leafHash: MerkleHash.leaf(entry.bytes)) { node, hash in
                    guard node.level % LogTiles.height == 0 else { return }
                    recomputed[LogTiles.locate(node).tile, default: []].append(contentsOf: hash)
                }
                if let expected = expectations[frontier.size], expected.root != frontier.root {
                    report.problems.append("\(expected.what) does not match the entries: an entry before \(frontier.size) was changed")
                }
            }
            guard !entries.isEmpty else { break }
            next = Int64(frontier.size)
            try await compare(&recomputed, final: false, report: &report)
            progress(frontier.size)
        }
        try await compare(&recomputed, final: true, report: &report)
        if frontier.size == head.size, frontier.root != head.root {
            report.problems.append("the head's root does not match the entries")
        }
        report.checkpointsChecked = expectations.count
        report.size = frontier.size
        report.root = frontier.root
        report.latestCheckpoint = report.problems.isEmpty ? latestNote?.note : nil
        return report
    }

    /// Compares recomputed tiles with the stored ones: full tiles as soon as they are complete,
    /// the right edge at the end.
    private func compare(_ recomputed: inout [LogTiles.ID: [UInt8]], final: Bool, report: inout Report) async throws {
        let ready = recomputed.filter { final || $0.value.count == LogTiles.width * 32 }
        for (level, ids) in Dictionary(grouping: ready.keys, by: \.level) {
            let sorted = ids.sorted()
            guard let first = sorted.first, let last = sorted.last else { continue }
            let stored = try await log.reader.tiles(level: level, from: first.index, limit: Int(last.index - first.index) + 1)
            let byID = Dictionary(stored.map { ($0.id, $0.hashes) }, uniquingKeysWith: { first, _ in first })
            for id in sorted {
                if byID[id] != recomputed[id] {
                    report.problems.append("\(id) does not match the entries under it")
                }
                report.tilesChecked += 1
                recomputed[id] = nil
            }
        }
    }
}
