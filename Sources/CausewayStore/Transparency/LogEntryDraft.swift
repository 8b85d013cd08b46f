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
    let document: String
    let leafHash: MerkleHash.Value
    let cell: TransparencyCount.Cell?

    public init(_ event: AuditEvent) {
        kind = event.kind
        subject = event.subject
        at = Timestamp.string(event.at)
        subjectHash = event.kind.hasPrefix("exchange.") ? event.details["subject"] : nil
        let bytes = event.documentBytes
        document = String(decoding: bytes, as: UTF8.self)
        leafHash = MerkleHash.leaf(bytes)
        cell = TransparencyCount.Cell(event)
    }
}
