import CausewayCore
import CausewayStore
import Foundation

/// `/console/registries`: the registries my agencies own, the error reports waiting for an
/// answer (oldest first, with their age), and my agencies' webhook subscriptions with why any
/// of them is failing or paused, and a button to resume.
struct RegistryConsolePage {
    struct Registry {
        var code: String
        var title: String
        var access: String
        var lastSequence: UInt64
        var openReports: Int
    }

    struct Report {
        var href: String
        var record: String
        var registry: String
        var fields: String
        var reporter: String
        var age: String
    }

    struct Subscription {
        var id: String
        var registry: String
        var url: String
        var state: String
        var paused: Bool
        /// "Resume" for a paused subscription, "Retry now" for a failing one; nil for neither.
        var action: String?
        var position: UInt64
        var behind: String
        var problem: String?
    }

    var chrome: PageChrome
    var registries: [Registry]
    var reports: [Report]
    var subscriptions: [Subscription]

    init(chrome: PageChrome, work: RegistryConsole.Work, snapshot: CatalogSnapshot, lastSequences: [String: UInt64], now: Date) {
        self.chrome = chrome
        registries = work.registries.map { stored in
            Registry(code: stored.registry.code, title: stored.registry.title, access: stored.registry.accessRights.label,
                     lastSequence: lastSequences[stored.registry.code] ?? stored.lastSequence,
                     openReports: work.reports.filter { $0.registry == stored.registry.code }.count)
        }
        reports = work.reports.map { report in
            Report(href: Self.reportHref(report), record: report.record, registry: report.registry,
                   fields: report.proposed.keys.sorted().joined(separator: ", "),
                   reporter: snapshot.agency(report.reporterAgency)?.name ?? report.reporterAgency,
                   age: PageText.duration(now.timeIntervalSince(report.opened)))
        }
        subscriptions = work.subscriptions.map { subscription in
            let last = lastSequences[subscription.registry] ?? subscription.position
            let behind = last > subscription.position ? PageText.plural(Int(last - subscription.position), "event") + " to deliver" : "up to date"
            var problem: String?
            if subscription.state == .paused {
                problem = "Paused: " + (subscription.pauseReason ?? "")
            } else if let error = subscription.lastError {
                problem = "Failing since \(PageText.dateTime(subscription.failingSince ?? now)) (\(error)); next attempt \(PageText.dateTime(subscription.nextAttempt))."
            }
            return Subscription(id: subscription.id, registry: subscription.registry, url: subscription.url, state: subscription.state.rawValue,
                                paused: subscription.state == .paused,
                                action: subscription.state == .paused ? "Resume" : subscription.failures > 0 ? "Retry now" : nil, position: subscription.position, behind: behind, problem: problem)
        }
    }

    static func reportHref(_ report: ErrorReport) -> String {
        "/console/registries/\(report.registry)/reports/\(report.id)"
    }
}
