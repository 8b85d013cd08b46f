import CausewayCore
@testable import CausewayStore
import CausewayTestSupport
import Foundation
import Testing

@Suite("Transparency log in the store")
struct TransparencyLogTests {
    static func event(_ number: Int) -> AuditEvent {
        AuditEvent(kind: number % 3 == 0 ? "exchange.refused" : "exchange.call", at: Date(timeIntervalSince1970: 1_790_000_000 + Double(number)),
                   actor: "c/s", subject: "exchange/p/d", agencies: ["c", "p"],
                   details: ["provider": "p", "consumer": "c/s", "purpose": "x", "subject": "h\(number % 4)", "n": String(number)])
    }

    /// Appends from many writers at once (on PostgreSQL, several connections racing for the
    /// head) get dense, distinct indexes; the stored tree matches the entries; every proof
    /// the store makes verifies; the report's counts add up.
    @Test(arguments: TestDatabase.engines)
    func concurrentAppendsBuildOneVerifiableTree(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let log = TransparencyLog(database: database)
            let indexes = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        var mine: [Int64] = []
                        for batch in 0..<5 {
                            let size = (writer * 7 + batch * 13) % 90 + 1
                            mine += try await log.appender.append((0..<size).map { Self.event(writer * 1_000 + batch * 100 + $0) })
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let head = try await log.reader.head()
            #expect(indexes.sorted() == Array(0..<Int64(head.size)), "dense and distinct")
            let entries = try await log.reader.entries(from: 0, to: Int64(head.size))
            let leaves = entries.map { MerkleHash.leaf($0.bytes) }
            #expect(head.root == MerkleHash.root(ofLeafHashes: leaves[...]))
            for index in stride(from: UInt64(0), to: head.size, by: 17) {
                for size in [index + 1, head.size] {
                    let proof = try await log.reader.inclusionProof(index: index, size: size)
                    try ProofVerifier.verifyInclusion(leafHash: leaves[Int(index)], index: index, size: size, proof: proof,
                                                      root: MerkleHash.root(ofLeafHashes: leaves[..<Int(size)]))
                }
            }
            for from in stride(from: UInt64(1), to: head.size, by: 23) {
                let proof = try await log.reader.consistencyProof(from: from, to: head.size)
                try ProofVerifier.verifyConsistency(size1: from, size2: head.size, root1: MerkleHash.root(ofLeafHashes: leaves[..<Int(from)]),
                                                    root2: head.root, proof: proof)
            }
            await #expect(throws: LogReader.ProofError.self) { try await log.reader.inclusionProof(index: 0, size: head.size + 1) }
            let counts = try await log.reader.counts()
            #expect(counts.map(\.calls).reduce(0, +) == Int64(head.size))
            #expect(Set(counts.map(\.cell.outcome)) == ["call", "refused"])
            let subject = try await log.reader.entries(subjectHashes: ["h1"], limit: 10_000)
            #expect(subject.count == entries.filter { String(decoding: $0.bytes, as: UTF8.self).contains(#""subject":"h1""#) }.count)
            #expect(subject.map(\.index) == subject.map(\.index).sorted(by: >), "newest first")
        }
    }

    /// Weeks are counted beside months, with each refusal's code, and read from a given week on;
    /// the newest entries of a kind come newest first.
    @Test(arguments: TestDatabase.engines)
    func weeklyCountsKeepRefusalCodes(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let log = TransparencyLog(database: database)
            let monday = Date(timeIntervalSince1970: 1_795_996_800) // 2026-11-30, a Monday
            func call(_ at: Date, code: String? = nil) -> AuditEvent {
                var details = ["provider": "p", "consumer": "c/s", "purpose": "x"]
                details["code"] = code
                return AuditEvent(kind: code == nil ? "exchange.call" : "exchange.refused", at: at, actor: "c/s", subject: "exchange/p/d",
                                  agencies: ["c", "p"], details: details)
            }
            _ = try await log.appender.append([call(monday.addingTimeInterval(-1)), call(monday), call(monday.addingTimeInterval(86_400)),
                                               call(monday, code: "purpose.mismatch"), call(monday, code: "quota.exceeded"),
                                               call(monday, code: "quota.exceeded")])
            let weeks = try await log.reader.counts(per: .week)
            let cells = Dictionary(uniqueKeysWithValues: weeks.map { ("\($0.cell.period) \($0.cell.outcome) \($0.cell.code)", $0.calls) })
            #expect(cells == ["2026-11-23 call ": 1, "2026-11-30 call ": 2, "2026-11-30 refused purpose.mismatch": 1,
                              "2026-11-30 refused quota.exceeded": 2])
            #expect(try await log.reader.counts(per: .week, since: "2026-11-30").map(\.calls).reduce(0, +) == 5)
            let months = try await log.reader.counts(per: .month)
            #expect(months.allSatisfy { $0.cell.code.isEmpty })
            #expect(months.first { $0.cell.outcome == "refused" }?.calls == 3)
            #expect(TransparencyCount.mergingCodes(weeks).first { $0.cell.period == "2026-11-30" && $0.cell.outcome == "refused" }?.calls == 3)
            let latest = try await log.reader.latest(kinds: ["exchange.refused"], limit: 2)
            #expect(latest.map(\.index) == [5, 4])
            #expect(try await log.reader.contains(kind: "exchange.call"))
            #expect(try await !log.reader.contains(kind: "demo.history"))
        }
    }

    /// Checkpoints are kept once per size, in size order.
    @Test(arguments: TestDatabase.engines)
    func checkpointsAreKeptOncePerSize(engine: Database.Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let log = TransparencyLog(database: database)
            try await log.checkpoints.save("a\n", size: 3, at: Date())
            try await log.checkpoints.save("b\n", size: 3, at: Date())
            try await log.checkpoints.save("c\n", size: 9, at: Date())
            #expect(try await log.checkpoints.page(from: 0, limit: 10).map(\.note) == ["a\n", "c\n"])
            #expect(try await log.checkpoints.latest()?.size == 9)
        }
    }
}
