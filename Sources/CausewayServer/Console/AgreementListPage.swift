import CausewayCore
import Foundation

/// `/console/agreements`: the agreements this person may see, filtered by state, by side and
/// by text through the address; agreements waiting for this person's signature can be ticked
/// and approved together (the many alike agreements of an emergency).
struct AgreementListPage {
    struct Row {
        var id: String
        var href: String
        var title: String
        var state: String
        var provider: String
        var consumer: String
        var purpose: String
        var until: String
        var approvable: Bool
        var checkboxID: String
    }

    var chrome: PageChrome
    var rows: [Row]
    var states: [FormField.Option]
    var sides: [FormField.Option]
    var q: String
    var total: String
    var anyApprovable: Bool
    var newHref: String

    static let sideLabels = [("", "Both sides"), ("provider", "We provide the data"), ("consumer", "We use the data"),
                             ("mine", "Waiting for my signature")]

    init(chrome: PageChrome, agreements: [Agreement], user: User, snapshot: CatalogSnapshot, state: String, side: String, q: String, now: Date) {
        self.chrome = chrome
        self.q = q
        newHref = "/console/agreements/new"
        states = [FormField.Option(value: "", label: "Any state", selected: state.isEmpty)]
            + AgreementState.allCases.map { .init(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0.rawValue == state) }
        sides = Self.sideLabels.map { .init(value: $0.0, label: $0.1, selected: $0.0 == side) }
        let agencies = Set(user.memberships.map(\.agency))
        let words = q.lowercased().split(separator: " ").map(String.init)
        func waitsForMe(_ agreement: Agreement) -> Bool { AgreementAuthority.awaitsSignature(of: user, on: agreement, at: now) }
        let shown = agreements.filter { agreement in
            (state.isEmpty || agreement.state(at: now).rawValue == state)
                && (side != "provider" || agencies.contains(agreement.provider))
                && (side != "consumer" || agencies.contains(agreement.consumer))
                && (side != "mine" || waitsForMe(agreement))
                && words.allSatisfy { word in
                    [agreement.title, agreement.id, agreement.terms.purpose.code, agreement.provider, agreement.consumer]
                        .contains { $0.lowercased().contains(word) }
                }
        }
        rows = shown.map { agreement in
            Row(id: agreement.id, href: "/console/agreements/\(agreement.id)", title: agreement.title, state: agreement.state(at: now).rawValue,
                provider: snapshot.agency(agreement.provider)?.name ?? agreement.provider,
                consumer: snapshot.agency(agreement.consumer)?.name ?? agreement.consumer,
                purpose: agreement.terms.purpose.code, until: PageText.date(agreement.terms.validUntil), approvable: waitsForMe(agreement),
                checkboxID: "pick-\(agreement.id)")
        }
        total = PageText.plural(rows.count, "agreement")
        anyApprovable = rows.contains { $0.approvable }
    }
}
