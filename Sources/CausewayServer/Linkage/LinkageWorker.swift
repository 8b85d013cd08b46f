import CausewayCore
import CausewayStore
import Crypto
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle

/// Compares the encodings of projects whose parties have all uploaded, on any node.
///
/// A project in `matching` is claimed with a lease (``LinkageRepository/claimStale(holder:now:until:)``),
/// so one node compares it; a node that stops mid-way lets its lease run out and another takes
/// the project over. The comparison runs on NIO's thread pool, off the event loops and the
/// cooperative pool (it can take minutes), and its result, the outcome and the
/// `linkage.matched` entry are stored in one transaction, only while the project is still
/// `matching`. The upload that completes a project rings ``doorbell``; otherwise the worker
/// looks every ``interval``.
struct LinkageWorker: Service {
    let repository: LinkageRepository
    let doorbell: Doorbell
    let logger: Logger
    let clock: @Sendable () -> Date
    var interval: Duration = .seconds(5)
    /// This process, as lease holder.
    let holder = "node-" + UUID().uuidString.lowercased()
    /// Longer than any comparison a node finishes: 1,000,000 × 1,000,000 takes minutes.
    static let lease: TimeInterval = 3_600

    func run() async throws {
        await Polling.every(interval, doorbell: doorbell, logger: logger, failure: "record linkage comparison failed") {
            try await runWaiting()
        }
    }

    /// Compares every project waiting for it that this node could claim; returns how many.
    @discardableResult
    func runWaiting() async throws -> Int {
        let now = clock()
        let claimed = try await repository.claimStale(holder: holder, now: now, until: now.addingTimeInterval(Self.lease))
        for id in claimed { try await compare(id) }
        return claimed.count
    }

    func compare(_ id: String) async throws {
        guard let project = try await repository.project(id), project.state == .matching else { return }
        let started = Date()
        do {
            var lists: [[CLK]] = []
            for party in project.parties {
                lists.append(try await repository.encodings(project: id, party: party, bytes: project.encodingBytes).map(CLK.init(bytes:)))
            }
            let run = LinkageRun(threshold: project.threshold, solver: project.solver)
            let scores = project.grant == .scores
            let result = try await NIOThreadPool.singleton.runIfActive { [lists] in
                try run.run(lists, linkKey: SymmetricKey(size: .bits256), scores: scores)
            }
            var stored: [String: LinkageRepository.StoredResult] = [:]
            for (party, rows) in zip(project.parties, result.parties) {
                stored[party] = LinkageRepository.StoredResult(rows: try JSONEncoder().encode(rows.rows), count: rows.rows.count)
            }
            let now = clock()
            let outcome = LinkageProject.Outcome(comparisons: result.comparisons, candidates: result.candidates, links: result.links,
                                                 blocking: result.blocking, seconds: Date().timeIntervalSince(started), finishedAt: now)
            try await repository.update(id, results: stored) { current in
                guard current.state == .matching else { throw Superseded() }
                var changed = current
                changed.state = .matched
                changed.outcome = outcome
                return (changed, [.linkage("linkage.matched", changed, actor: nil, at: now, details: [
                    "comparisons": String(outcome.comparisons), "candidates": String(outcome.candidates), "links": String(outcome.links),
                    "blocking": outcome.blocking])])
            }
            logger.notice("record linkage compared", metadata: ["project": "\(id)", "links": "\(outcome.links)",
                                                                "seconds": "\(outcome.seconds)"])
        } catch is Superseded {
            return
        } catch {
            logger.error("record linkage comparison failed", metadata: ["project": "\(id)", "error": "\(error)"])
            // The parties and the public log get the reason when it is the data's; a fault of
            // the node (a database error, say) stays in the node's own log.
            let reason = (error as? LinkageRun.TooManyCandidates)?.description ?? "a fault of the node; its operator's log has the details"
            let now = clock()
            try await repository.update(id) { current in
                guard current.state == .matching else { throw Superseded() }
                var changed = current
                changed.state = .failed
                changed.failure = "the comparison stopped: \(reason)"
                return (changed, [.linkage("linkage.failed", changed, actor: nil, at: now, details: ["reason": reason])])
            }
        }
    }

    /// Another node finished (or the project moved on) first.
    struct Superseded: Error {}
}
