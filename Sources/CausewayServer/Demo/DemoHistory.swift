import CausewayCore
import CausewayStore
import Foundation

/// Weeks of gateway traffic for the demo, so that the transparency report, the traffic page and
/// the charts show real numbers rather than empty or suppressed cells.
///
/// The calls are made from the demo's own agreements, within each one's active period (an
/// agreement suspended or revoked stops getting calls when it stopped), plus the refusals a
/// real deployment sees: a consumer calling under a purpose it has no agreement for, and a few
/// calls for an agreement still waiting for approval (small enough to be suppressed). Every
/// entry says `origin=demo-history`, and a final `demo.history` entry says how many were
/// added, so nobody mistakes them for calls that happened.
struct DemoHistory {
    static let weeks = 12
    static let marker = "demo.history"

    let agreements: [Agreement]
    let now: Date

    /// One stream of calls: who calls whom, how, and how many per week.
    struct Stream {
        var agreement: Agreement?
        var provider: String
        var consumer: String
        var purpose: String
        var target: String
        var path: String
        var perWeek: ClosedRange<Int>
        var refusal: String?
        var from: Date
        var until: Date
    }

    func streams() -> [Stream] {
        var streams: [Stream] = []
        let start = now.addingTimeInterval(-Double(Self.weeks) * 7 * 86_400)
        for agreement in agreements {
            guard let activated = agreement.activatedAt(asOf: now) else { continue }
            let halted = agreement.events.first { [.suspended, .revoked].contains($0.kind) }?.at ?? now
            let stopped = min(halted, agreement.terms.validUntil)
            guard stopped > start, let system = agreement.qualifiedSystems.first else { continue }
            let (target, path): (String, String)
            switch agreement.target {
            case .dataset(let id):
                // Private statistics are asked, never read as records.
                let route = agreement.terms.privacyBudget == nil ? "records" : "statistics"
                (target, path) = ("datasets/" + id, "/exchange/\(agreement.provider)/datasets/\(id)/\(route)")
            case .service(let code):
                (target, path) = ("services/" + code, "/exchange/\(agreement.provider)/\(code)/persons")
            case .linkage:
                // A linkage is not called through the gateway: its steps are logged by the project.
                continue
            }
            let weekly = agreement.personalData ? 40...160 : 20...80
            streams.append(Stream(agreement: agreement, provider: agreement.provider, consumer: system, purpose: agreement.terms.purpose.code,
                                  target: target, path: path, perWeek: weekly, refusal: nil, from: max(activated, start), until: stopped))
            // The same system, now and then, names a purpose it has no agreement for (which the
            // gateway logs as `unknown`, never as the caller's text).
            streams.append(Stream(agreement: nil, provider: agreement.provider, consumer: system, purpose: "unknown",
                                  target: target, path: path, perWeek: 5...12, refusal: "purpose.mismatch", from: max(activated, start), until: now))
        }
        // Calls for an agreement still waiting for its approvals: refused, and too few a week to publish.
        for agreement in agreements where agreement.state(at: now) == .submitted {
            guard let system = agreement.qualifiedSystems.first, case .dataset(let id) = agreement.target else { continue }
            streams.append(Stream(agreement: nil, provider: agreement.provider, consumer: system, purpose: agreement.terms.purpose.code,
                                  target: "datasets/" + id, path: "/exchange/\(agreement.provider)/datasets/\(id)/records",
                                  perWeek: 1...4, refusal: "agreement.none", from: start, until: now))
        }
        return streams
    }

    /// The events, oldest first, and the closing `demo.history` entry.
    func events() -> [AuditEvent] {
        var random = SplitMix64(seed: 2020)
        var events: [AuditEvent] = []
        for stream in streams() {
            var weekStart = stream.from
            while weekStart < stream.until {
                let weekEnd = min(weekStart.addingTimeInterval(7 * 86_400), stream.until)
                let span = weekEnd.timeIntervalSince(weekStart)
                let calls = Int(Double(random.int(in: stream.perWeek)) * span / (7 * 86_400))
                for _ in 0..<calls {
                    let at = weekStart.addingTimeInterval(Double(random.next() % UInt64(max(1, span))))
                    events.append(event(stream, at: at, random: &random))
                }
                weekStart = weekEnd
            }
        }
        events.sort { $0.at < $1.at }
        events.append(AuditEvent(kind: Self.marker, at: now, actor: nil, subject: "demo/history", agencies: [],
                                 details: ["calls": String(events.count), "weeks": String(Self.weeks),
                                           "note": "The entries marked origin=demo-history were generated by the demo loader; no such calls happened."]))
        return events
    }

    private func event(_ stream: Stream, at: Date, random: inout SplitMix64) -> AuditEvent {
        var details = ["method": "GET", "path": stream.path, "provider": stream.provider, "target": stream.target,
                       "consumer": stream.consumer, "purpose": stream.purpose, "origin": "demo-history",
                       "requestId": String(format: "%016llx", random.next()),
                       "durationMs": "\(random.int(in: 3...40)).\(random.int(in: 100...999))"]
        if let refusal = stream.refusal {
            details["status"] = "403"
            details["code"] = refusal
            details["bytes"] = "0"
        } else {
            details["status"] = "200"
            details["bytes"] = String(random.int(in: 400...6_000))
            details["agreement"] = stream.agreement?.id
            details["fields"] = stream.agreement?.terms.fields.joined(separator: ",")
        }
        let consumerAgency = String(stream.consumer.prefix { $0 != "/" })
        return AuditEvent(kind: stream.refusal == nil ? "exchange.call" : "exchange.refused", at: at, actor: stream.consumer,
                          subject: "exchange/\(stream.provider)/\(stream.target)", agencies: [consumerAgency, stream.provider],
                          details: details)
    }
}

/// Adds ``DemoHistory`` to the log once: a node started again with `--demo` finds the marker
/// entry and adds nothing.
struct DemoHistoryLoader {
    let log: TransparencyLog
    let agreements: AgreementRepository
    let clock: @Sendable () -> Date

    func load() async throws {
        guard try await !log.reader.contains(kind: DemoHistory.marker) else { return }
        let ids = Set(DemoAgreements.specs.map(\.id))
        let history = DemoHistory(agreements: try await agreements.all().filter { ids.contains($0.id) }, now: clock())
        var events = history.events()[...]
        while !events.isEmpty {
            _ = try await log.appender.append(Array(events.prefix(1_000)))
            events = events.dropFirst(1_000)
        }
    }
}
