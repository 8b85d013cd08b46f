import CausewayCore
import Foundation
import Testing

@Suite struct CheckpointTests {
    /// The signed-note vector from Go's golang.org/x/mod/sumdb/note tests: same key, same
    /// text, byte-identical note, so any tool built on that package reads Causeway's notes.
    @Test func signsExactlyAsTheGoToolsDo() throws {
        let signer = try NoteSigner(encoded: "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
        #expect(signer.verifier.encoded == "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
        let note = try signer.sign(text)
        #expect(note == text + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")
        let verifier = try NoteVerifier(encoded: signer.verifier.encoded)
        #expect(try verifier.open(note) == text)
        #expect(try NoteSigner(encoded: signer.encoded).encoded == signer.encoded)
    }

    @Test func refusesTamperedAndForeignNotes() throws {
        let signer = try NoteSigner(name: "causeway.example/log")
        let note = try signer.sign(Checkpoint(origin: signer.name, size: 10, root: MerkleHash.empty).text)
        #expect(throws: NoteVerifier.Failure.badSignature) {
            try signer.verifier.open(note.replacingOccurrences(of: "\n10\n", with: "\n11\n"))
        }
        #expect(throws: NoteVerifier.Failure.noSignature) { try NoteSigner(name: "causeway.example/log").verifier.open(note) }
        #expect(throws: NoteVerifier.Failure.malformedNote) { try signer.verifier.open("no signature here\n") }
        #expect(throws: NoteVerifier.Failure.invalidKey) { try NoteVerifier(encoded: "PeterNeumann+00000000+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") }
        #expect(throws: NoteSigner.Failure.invalidName) { try NoteSigner(name: "has space") }
        #expect(throws: NoteSigner.Failure.invalidText) { try signer.sign("no newline") }
    }

    @Test func checkpointTextRoundTrips() throws {
        let signer = try NoteSigner(name: "causeway.example/log")
        let checkpoint = Checkpoint(origin: signer.name, size: 1_234, root: MerkleHash.leaf([1, 2, 3]))
        #expect(checkpoint.text.split(separator: "\n").count == 3)
        #expect(try Checkpoint.open(try signer.sign(checkpoint.text), verifier: signer.verifier) == checkpoint)
        #expect(try Checkpoint(text: checkpoint.text + "extension line\n") == checkpoint)
        #expect(throws: Checkpoint.Failure.self) { try Checkpoint(text: "origin\n012\nAAAA\n") }
        #expect(throws: Checkpoint.Failure.self) { try Checkpoint(text: "origin\n12\n") }
        let other = try NoteSigner(name: "other.example/log")
        #expect(throws: Checkpoint.Failure.wrongOrigin(signer.name)) {
            try Checkpoint.open(try other.sign(checkpoint.text), verifier: other.verifier)
        }
    }
}

@Suite struct LogWatchTests {
    static let leaves = (0..<20).map { MerkleHash.leaf(Array("w\($0)".utf8)) }

    static func checkpoint(_ size: Int, leaves: [MerkleHash.Value] = leaves) -> Checkpoint {
        Checkpoint(origin: "o/log", size: UInt64(size), root: MerkleHash.root(ofLeafHashes: leaves[..<size]))
    }

    static func proof(_ from: Int, _ to: Int, leaves: [MerkleHash.Value] = leaves) throws -> [MerkleHash.Value] {
        let levels = MerkleTreeTests.levels(leaves)
        return ProofPlan.hashes(of: try ProofPlan.consistency(from: UInt64(from), to: UInt64(to))) { levels[$0.level][Int($0.index)] }
    }

    @Test func everyVerdict() throws {
        #expect(LogWatch.judge(previous: nil, current: Self.checkpoint(5), proof: []) == .first(size: 5))
        #expect(LogWatch.judge(previous: Self.checkpoint(5), current: Self.checkpoint(5), proof: []) == .unchanged(size: 5))
        #expect(LogWatch.judge(previous: Self.checkpoint(0), current: Self.checkpoint(5), proof: []) == .grew(from: 0, to: 5))
        #expect(LogWatch.judge(previous: Self.checkpoint(5), current: Self.checkpoint(9), proof: try Self.proof(5, 9)) == .grew(from: 5, to: 9))
        #expect(LogWatch.judge(previous: Self.checkpoint(9), current: Self.checkpoint(5), proof: []) == .rolledBack(from: 9, to: 5))
        // Same size, other history; and a longer log whose first entries were rewritten.
        var rewritten = Self.leaves
        rewritten[2] = MerkleHash.leaf([0xff])
        #expect(LogWatch.judge(previous: Self.checkpoint(5), current: Self.checkpoint(5, leaves: rewritten), proof: []) == .forked(at: 5))
        let forged = try Self.proof(5, 9, leaves: rewritten)
        #expect(LogWatch.judge(previous: Self.checkpoint(5), current: Self.checkpoint(9, leaves: rewritten), proof: forged) == .forked(at: 5))
        #expect(LogWatch.judge(previous: Self.checkpoint(9), current: Self.checkpoint(5), proof: []).isAlarm)
        #expect(LogWatch.proofNeeded(previous: Self.checkpoint(5), current: Self.checkpoint(9))! == (5, 9))
        #expect(LogWatch.proofNeeded(previous: nil, current: Self.checkpoint(9)) == nil)
    }
}
