import CausewayCore
import Foundation

/// An event made ready for the log: its canonical bytes, leaf hash, columns and report cell,
/// all computed where the event is made. The sequencer holds the write lock while it appends,
/// so everything that does not need the lock — serialising, hashing, formatting — is done
/// here, on the calling task, in parallel across the gateway's calls.
public struct LogEntryDraft: Sendable {
    let kind: String
    let subject: String
    let at: String
    let subjectHash: String?
    /// Every keyed hash the entry carries: the subject's and its path's (see ``LogRedaction``).
    let subjectHashes: [String]
    let document: String
    let leafHash: MerkleHash.Value
    /// The report cells an exchange call counts in, one per period; empty for other events.
    let cells: [(period: TransparencyCount.Period, cell: TransparencyCount.Cell)]

    public init(_ event: AuditEvent) {
        kind = event.kind
        subject = event.subject
        at = Timestamp.string(event.at)
        let exchange = event.kind.hasPrefix("exchange.")
        // Exchange calls and contact tracing's events carry the person they concern as a keyed
        // hash, so that the person (and nobody else) can find them.
        subjectHash = exchange || event.kind.hasPrefix("tracing.") ? event.details["subject"] : nil
        var hashes = exchange ? LogRedaction.hashes(inPath: event.details["path"] ?? "") : []
        if let subjectHash, !hashes.contains(subjectHash) { hashes.insert(subjectHash, at: 0) }
        var seen = Set<String>()
        subjectHashes = hashes.filter { seen.insert($0).inserted }
        let bytes = event.documentBytes
        document = String(decoding: bytes, as: UTF8.self)
        leafHash = MerkleHash.leaf(bytes)
        cells = TransparencyCount.Period.allCases.compactMap { period in TransparencyCount.Cell(event, period: period).map { (period, $0) } }
    }
}
