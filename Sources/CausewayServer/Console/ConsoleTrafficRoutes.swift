import CausewayCore
import CausewayStore
import Foundation
import Hummingbird

/// `/console/traffic` and `/console/traffic/entries`: an agency's gateway traffic from the
/// log's weekly counts, and the log entries behind each figure.
struct ConsoleTrafficRoutes {
    let pages: Pages
    let session: ConsoleSession
    let catalog: CatalogService
    let log: LogReader
    let checkpoints: CheckpointPublisher
    let clock: @Sendable () -> Date

    func register(on group: RouterGroup<CausewayContext>) {
        group.get("console/traffic", use: traffic)
        group.get("console/traffic/entries", use: entries)
    }

    /// The agencies whose traffic this person may see (operators: all), and the one asked for.
    private func agency(_ request: Request, _ user: User) throws -> (String, [Agency]) {
        let snapshot = catalog.snapshot
        let choices = user.isOperator ? snapshot.agencies : snapshot.agencies.filter { !user.roles(in: $0.code).isEmpty }
        guard let first = choices.first else {
            throw Problem.forbidden("Traffic is shown to the people of an agency; you belong to none.")
        }
        let asked = QueryParameters(request).string("agency") ?? first.code
        guard choices.contains(where: { $0.code == asked }) else { throw Problem.notFound("agency", asked) }
        return (asked, choices)
    }

    @Sendable func traffic(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let (agency, choices) = try agency(request, signed.user)
        let now = clock()
        let counts = try await log.counts(per: .week, since: TransparencyPage.firstWeek(now: now))
        let view = TrafficPage(chrome: pages.chrome("Traffic", section: .traffic, session: signed), agency: agency, choices: choices,
                               counts: counts, snapshot: catalog.snapshot, now: now)
        return pages.page("console_traffic", view, personal: true)
    }

    @Sendable func entries(_ request: Request, context: CausewayContext) async throws -> Response {
        let signed = try await session.require(request)
        let (agency, _) = try agency(request, signed.user)
        let parameters = QueryParameters(request)
        let side = parameters.string("side") == "consumer" ? "consumer" : "provider"
        let wanted = ["consumer", "provider", "purpose", "code"].compactMap { name in parameters.string(name).map { (name, $0) } }
        let size = try await checkpoints.latest()?.size ?? 0
        let snapshot = catalog.snapshot
        var rows: [TrafficEntriesPage.Row] = []
        for entry in try await log.latest(kinds: ["exchange.call", "exchange.refused"], limit: TrafficEntriesPage.scanLimit) {
            guard rows.count < TrafficEntriesPage.showLimit, let event = try? AuditEvent(document: Data(entry.bytes)) else { continue }
            let consumer = event.details["consumer"].map { String($0.prefix { $0 != "/" }) } ?? ""
            let provider = event.details["provider"] ?? ""
            guard (side == "provider" ? provider : consumer) == agency else { continue }
            let values = ["consumer": consumer, "provider": provider, "purpose": event.details["purpose"] ?? "", "code": event.details["code"] ?? ""]
            guard wanted.allSatisfy({ values[$0.0] == $0.1 }) else { continue }
            let index = UInt64(entry.index)
            rows.append(.init(index: String(entry.index), when: PageText.dateTime(event.at),
                              consumer: event.details["consumer"] ?? "", provider: snapshot.agency(provider)?.name ?? provider,
                              target: event.details["target"] ?? "", purpose: event.details["purpose"] ?? "",
                              outcome: event.kind == "exchange.call" ? "answered \(event.details["status"] ?? "")" : "refused: \(event.details["code"] ?? "")",
                              entryHref: "/log/entries?start=\(index)&end=\(index + 1)",
                              proofHref: index < size ? "/log/proof/inclusion?index=\(index)&size=\(size)" : nil))
        }
        let filter = ([side == "provider" ? "calls to \(agency)" : "calls by \(agency)"] + wanted.map { "\($0.0) \($0.1)" }).joined(separator: ", ")
        let view = TrafficEntriesPage(chrome: pages.chrome("Log entries: \(filter)", section: .traffic, session: signed), filter: filter, rows: rows,
                                      scanned: PageText.count(TrafficEntriesPage.scanLimit),
                                      backHref: QueryString([("agency", agency)]).url("/console/traffic"))
        return pages.page("console_traffic_entries", view, personal: true)
    }
}
