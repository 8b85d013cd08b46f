import CausewayCore
import Crypto
import Foundation
import Testing

/// A project's comparison without a store: blocking against comparing every pair, the
/// multi-party greedy solver, what each party learns, and the project's drafting rules.
@Suite("Record linkage runs")
struct LinkageRunTests {
    /// `count` encodings of 1024 bits with about `fill` of them set, and for the first `shared`
    /// a corrupted copy (each set bit moved with probability `noise`), as the second list.
    static func lists(count: Int, shared: Int, fill: Double, noise: Double, seed: UInt64) -> ([CLK], [CLK]) {
        var random = SeededRandom(seed: seed)
        func bits() -> [Bool] { (0..<1024).map { _ in Double.random(in: 0..<1, using: &random) < fill } }
        func clk(_ bits: [Bool]) -> CLK {
            CLK(bytes: stride(from: 0, to: 1024, by: 8).map { start in (0..<8).reduce(UInt8(0)) { $0 | (bits[start + $1] ? 0x80 >> UInt8($1) : 0) } })
        }
        var first: [CLK] = [], second: [CLK] = []
        for index in 0..<count {
            let original = bits()
            first.append(clk(original))
            if index < shared {
                var copy = original
                for position in copy.indices where copy[position] && Double.random(in: 0..<1, using: &random) < noise {
                    copy[position] = false
                    copy[Int.random(in: 0..<1024, using: &random)] = true
                }
                second.append(clk(copy))
            } else {
                second.append(clk(bits()))
            }
        }
        return (first, second)
    }

    @Test func bitSamplingKeepsTheSimilarPairsAndSkipsTheRest() {
        let (first, second) = Self.lists(count: 3_000, shared: 1_000, fill: 0.3, noise: 0.12, seed: 7)
        let exhaustive = LinkageBlocking.exhaustive.candidates(first, second, threshold: 0.8)
        // Sized as for a million records a side, the project the blocking is for.
        let blocking = LinkageBlocking.automatic(firstCount: 1_000_000, secondCount: 1_000_000, fill: LinkageRun.fill(first, second), threshold: 0.8)
        guard case .bitSampling(let bands, let bits, _) = blocking else {
            Issue.record("a million a side is blocked: \(blocking)")
            return
        }
        #expect(bits >= 16 && bands <= LinkageBlocking.maxBands, "\(blocking.summary)")
        #expect(blocking.keeps(similarity: 0.8, fill: 0.3) >= 0.98)
        let blocked = blocking.candidates(first, second, threshold: 0.8)
        #expect(exhaustive.pairs.count >= 990, "the corrupted copies are found: \(exhaustive.pairs.count)")
        let found = Set(blocked.pairs), all = Set(exhaustive.pairs)
        #expect(found.isSubset(of: all), "blocking only skips pairs; what it keeps is compared exactly")
        #expect(Double(found.count) >= 0.99 * Double(all.count), "\(found.count) of \(all.count)")
        #expect(blocked.comparisons * 20 < first.count * second.count, "\(blocked.comparisons) comparisons")
        #expect(blocked.pairs == blocked.pairs.sorted { ($0.similarity, -$0.first, -$0.second) > ($1.similarity, -$1.first, -$1.second) })
        // Small projects are compared exhaustively, as anonlink would.
        #expect(LinkageBlocking.automatic(firstCount: 3_000, secondCount: 3_000, fill: 0.3, threshold: 0.8) == .exhaustive)
    }

    @Test func twoPartiesGetAnonlinksGreedyMatchesAsSharedLinks() throws {
        let (first, second) = Self.lists(count: 300, shared: 200, fill: 0.3, noise: 0.1, seed: 3)
        let run = LinkageRun(threshold: 0.8, solver: .greedy)
        let key = SymmetricKey(size: .bits256)
        let result = try run.run([first, second], linkKey: key, scores: false)
        let matches = LinkageMatcher.greedy(LinkageMatcher(threshold: 0.8).candidates(first, second).pairs)
        #expect(result.links == matches.count && result.blocking == "exhaustive")
        let firstLinks = Dictionary(uniqueKeysWithValues: result.parties[0].rows.map { ($0.row, $0.link) })
        let secondLinks = Dictionary(uniqueKeysWithValues: result.parties[1].rows.map { ($0.row, $0.link) })
        for match in matches {
            #expect(firstLinks[match.first] != nil && firstLinks[match.first] == secondLinks[match.second])
        }
        #expect(result.parties.allSatisfy { $0.rows.allSatisfy { $0.similarity == nil && $0.link.hasPrefix("lnk_") } })
        #expect(result.parties[0].rows.map(\.row) == result.parties[0].rows.map(\.row).sorted())
        // With scores granted, each row carries its pair's similarity; `all` keeps every pair.
        let scored = try LinkageRun(threshold: 0.8, solver: .all).run([first, second], linkKey: key, scores: true)
        #expect(scored.links == scored.candidates && scored.parties[0].rows.allSatisfy { ($0.similarity ?? 0) >= 0.8 })
    }

    @Test func threePartiesAreGroupedWithOneRecordOfEachPartyAtMost() throws {
        func clk(_ set: [Int]) -> CLK {
            var bytes = [UInt8](repeating: 0, count: 8)
            for bit in set { bytes[bit / 8] |= 0x80 >> UInt8(bit % 8) }
            return CLK(bytes: bytes)
        }
        let person = Array(0..<20), other = Array(30..<50)
        // Party 0 holds the person twice (rows 0 and 1, the second less alike); 1 and 2 once.
        let parties = [[clk(person), clk(Array(0..<17) + [60, 61, 62])], [clk(Array(0..<19) + [63]), clk(other)], [clk(other), clk(Array(1..<20) + [55])]]
        let result = try LinkageRun(threshold: 0.75, solver: .greedy).run(parties, linkKey: SymmetricKey(size: .bits256), scores: true)
        let link = result.parties[0].rows.first { $0.row == 0 }?.link
        #expect(link != nil)
        #expect(result.parties[1].rows.first { $0.row == 0 }?.link == link)
        #expect(result.parties[2].rows.first { $0.row == 1 }?.link == link)
        #expect(!result.parties[0].rows.contains { $0.row == 1 && $0.link == link }, "one record of a party per link")
        #expect(result.parties[1].rows.first { $0.row == 1 }?.link == result.parties[2].rows.first { $0.row == 0 }?.link)
    }

    @Test func listsFarMoreAlikeThanPeopleAreStopBeforeMemoryRunsOut() {
        let (first, _) = Self.lists(count: 200, shared: 0, fill: 0.3, noise: 0, seed: 11)
        let same = Array(repeating: first[0], count: 200)
        #expect(throws: LinkageRun.TooManyCandidates.self) {
            try LinkageRun(threshold: 0.8, solver: .greedy).run([same, same], linkKey: SymmetricKey(size: .bits256), scores: false, candidateLimit: 1_000)
        }
    }

    static let schema: LinkageSchema = {
        let text = #"""
            {"version": 3, "clkConfig": {"l": 1024, "kdf": {"type": "HKDF", "hash": "SHA256", "keySize": 64}},
             "features": [{"identifier": "row", "ignored": true},
                          {"identifier": "name", "format": {"type": "string"}, "hashing": {"comparison": {"type": "ngram", "n": 2}, "strategy": {"bitsPerFeature": 200}}},
                          {"identifier": "dob", "format": {"type": "string"}, "hashing": {"comparison": {"type": "exact"}, "strategy": {"bitsPerFeature": 100}}}]}
            """#
        // swiftlint:disable:next force_try
        return try! JSONDecoder().decode(LinkageSchema.self, from: Data(text.utf8))
    }()

    static func agreement(_ id: String, consumer: String, target: AgreementTarget = .linkage("deliveries"), fields: [String] = ["name", "dob"]) -> Agreement {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let terms = AgreementTerms(purpose: Purpose(code: "record-linkage", description: "Find the same people."),
                                   legalBasis: LegalBasis(ground: .publicTask, citation: "Act"), fields: fields, methods: ["GET", "PUT"],
                                   validFrom: now.addingTimeInterval(-86_400), validUntil: now.addingTimeInterval(86_400),
                                   quota: Quota(perMinute: 10, perDay: 100), retentionDays: 30, onwardSharing: false)
        let signed = now.addingTimeInterval(-3_600)
        let approvals = Approvals([Approval(username: "steward", capacity: .steward, at: signed), Approval(username: "dpo", capacity: .dpo, at: signed)],
                                  personalData: true, drafter: "engineer")
        return Agreement(id: id, title: id, provider: "health", consumer: consumer, systems: ["portal"], target: target, terms: terms,
                         personalData: true, drafter: "engineer", createdAt: now.addingTimeInterval(-86_400),
                         status: approvals.map { .approved(submittedAt: signed, approvals: $0) } ?? .draft)
    }

    @Test func aProjectNeedsActiveLinkageAgreementsThatAllowItsFields() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let draft = LinkageProjectDraft(name: "deliveries", schema: Self.schema, threshold: 0.8, agreements: ["a1", "a2"])
        let project = try draft.project(id: "p", by: "steward", agreements: ["a1": Self.agreement("a1", consumer: "social"),
                                                                             "a2": Self.agreement("a2", consumer: "council")], at: now)
        #expect(project.owner == "health" && project.parties == ["health", "social", "council"] && project.state == .collecting)
        #expect(project.encodingBytes == 128 && project.waitingFor == ["health", "social", "council"])

        func pointers(_ draft: LinkageProjectDraft, _ agreements: [String: Agreement]) -> [String] {
            do {
                _ = try draft.project(id: "p", by: "steward", agreements: agreements, at: now)
                return []
            } catch {
                return error.errors.map(\.pointer)
            }
        }
        #expect(pointers(draft, ["a1": Self.agreement("a1", consumer: "social")]) == ["/agreements/1"], "an unknown agreement")
        #expect(pointers(draft, ["a1": Self.agreement("a1", consumer: "social", target: .dataset("people")),
                                 "a2": Self.agreement("a2", consumer: "council")]) == ["/agreements/0"], "another target")
        #expect(pointers(draft, ["a1": Self.agreement("a1", consumer: "social", fields: ["name"]),
                                 "a2": Self.agreement("a2", consumer: "council")]) == ["/schema/features"], "a field not agreed")
        var tooLoose = draft
        tooLoose.threshold = 1.5
        tooLoose.name = "Not A Slug"
        #expect(Set(pointers(tooLoose, [:])).isSuperset(of: ["/threshold", "/name", "/agreements/0"]))
    }

    @Test func schemaDifferencesAreNamed() {
        var other = Self.schema
        #expect(LinkageSchemaDifference.first(other, Self.schema) == nil)
        other.clkConfig.l = 512
        #expect(LinkageSchemaDifference.first(other, Self.schema) == "clkConfig.l is 512, the project's 1024")
        other = Self.schema
        other.features[2].hashing?.strategy.bitsPerFeature = 50
        #expect(LinkageSchemaDifference.first(other, Self.schema) == "feature 2 (dob): hashing differs")
    }
}
