import CausewayCore
import Foundation

/// `/console`: what waits for *me*. Agreements to sign (as steward or DPO), with how long each
/// has waited; my side's drafts not yet submitted; agreements that end within a month; and
/// uploads of my agency's data that failed.
struct InboxPage {
    struct Item {
        var href: String
        var title: String
        var detail: String
    }

    var chrome: PageChrome
    var name: String
    var roles: String
    var toSign: [Item]
    var drafts: [Item]
    var expiring: [Item]
    var failedUploads: [Item]
    var reports: [Item] = []
    var pausedWebhooks: [Item] = []
    var empty: Bool

    init(chrome: PageChrome, user: User, agreements: [Agreement], jobs: [UploadJob], snapshot: CatalogSnapshot, now: Date) {
        self.chrome = chrome
        name = user.displayName
        roles = user.isOperator ? "operator" : user.memberships.map { "\($0.role.rawValue) at \(snapshot.agency($0.agency)?.name ?? $0.agency)" }
            .joined(separator: "; ")
        func agency(_ code: String) -> String { snapshot.agency(code)?.name ?? code }
        func href(_ agreement: Agreement) -> String { "/console/agreements/\(agreement.id)" }
        toSign = agreements.filter { AgreementAuthority.awaitsSignature(of: user, on: $0, at: now) }.sorted { ($0.status.submittedAt ?? now) < ($1.status.submittedAt ?? now) }.map { agreement in
            let waited = PageText.duration(now.timeIntervalSince(agreement.status.submittedAt ?? now))
            let capacity = AgreementAuthority.approvalCapacity(of: user, for: agreement) == .dpo ? "data protection officer" : "data steward"
            return Item(href: href(agreement), title: agreement.title,
                        detail: "\(agency(agreement.consumer)) asks for it. Waiting for you as \(capacity) for \(waited).")
        }
        let agencies = Set(user.memberships.map(\.agency))
        drafts = agreements.filter { $0.state(at: now) == .draft && AgreementAuthority.allows(user, .submit, on: $0) && agencies.contains($0.consumer) }
            .map { Item(href: href($0), title: $0.title, detail: "A draft, not yet submitted. Started \(PageText.date($0.createdAt)).") }
        let soon = now.addingTimeInterval(30 * 86_400)
        expiring = agreements.filter { $0.state(at: now) == .active && $0.terms.validUntil < soon }.map { agreement in
            Item(href: href(agreement), title: agreement.title,
                 detail: "Ends on \(PageText.date(agreement.terms.validUntil)), in \(PageText.duration(agreement.terms.validUntil.timeIntervalSince(now))). Renew it if the work goes on.")
        }
        failedUploads = jobs.filter { $0.state == .failed }.map { job in
            let title = snapshot.dataset(idOrName: job.dataset)?.title ?? job.dataset
            return Item(href: "/console/jobs/\(job.id)", title: title,
                        detail: "Upload of \(PageText.dateTime(job.created)) failed: \(PageText.plural(job.errorCount, "error")) found.")
        }
        empty = toSign.isEmpty && drafts.isEmpty && expiring.isEmpty && failedUploads.isEmpty
    }

    /// Adds the registry work: open error reports on my agencies' registries, oldest first, and
    /// my agencies' paused webhooks.
    mutating func add(_ work: RegistryConsole.Work, snapshot: CatalogSnapshot, now: Date) {
        reports = work.reports.map { report in
            Item(href: RegistryConsolePage.reportHref(report), title: "\(report.record) in \(report.registry)",
                 detail: "\(snapshot.agency(report.reporterAgency)?.name ?? report.reporterAgency) reported it as wrong "
                     + "\(PageText.duration(now.timeIntervalSince(report.opened))) ago; it is under investigation until you answer.")
        }
        pausedWebhooks = work.subscriptions.filter { $0.state == .paused }.map { subscription in
            Item(href: "/console/registries#webhooks-heading", title: "\(subscription.registry) to \(subscription.url)",
                 detail: (subscription.pauseReason ?? "Paused.") + " Resume it once the receiver is back; it delivers everything from event \(subscription.position + 1).")
        }
        empty = empty && reports.isEmpty && pausedWebhooks.isEmpty
    }
}
