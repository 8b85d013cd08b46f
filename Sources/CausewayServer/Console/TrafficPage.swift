import CausewayCore
import Foundation

/// `/console/traffic`: my agency's gateway calls over the last weeks, as provider (calls to
/// its data) and as consumer (its calls to others), with refusals by code and the top
/// consumers and purposes. Each row links to the newest log entries behind it, and each entry
/// to its inclusion proof, so every number can be checked against the log.
///
/// An agency is party to every call counted here, so nothing is suppressed.
struct TrafficPage {
    struct Line {
        var label: String
        var calls: String
        var href: String
    }

    struct Side {
        var id: String
        var heading: String
        var chart: BarChart
        var refusals: [Line]
        var top: [Line]
        var topHeading: String
        var purposes: [Line]
        var entriesHref: String
        var empty: Bool
    }

    var chrome: PageChrome
    var agencies: [FormField.Option]
    var agencyName: String
    var sides: [Side]

    init(chrome: PageChrome, agency: String, choices: [Agency], counts: [TransparencyCount], snapshot: CatalogSnapshot, now: Date) {
        self.chrome = chrome
        agencies = choices.map { .init(value: $0.code, label: $0.name, selected: $0.code == agency) }
        agencyName = snapshot.agency(agency)?.name ?? agency
        let weeks = TransparencyPage.weekNames(now: now)
        func name(_ code: String) -> String { code.isEmpty ? "unidentified callers" : snapshot.agency(code)?.name ?? code }
        func entries(_ side: String, _ extra: [(String, String)]) -> String {
            QueryString([("agency", agency), ("side", side)] + extra).url("/console/traffic/entries")
        }
        func lines(_ counts: [TransparencyCount], key: (TransparencyCount.Cell) -> String, label: (String) -> String,
                   parameter: String, side: String) -> [Line] {
            var totals: [String: Int64] = [:]
            for count in counts { totals[key(count.cell), default: 0] += count.calls }
            return totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10).map { key, calls in
                Line(label: label(key), calls: PageText.count(calls), href: entries(side, [(parameter, key)]))
            }
        }
        func side(_ id: String, _ heading: String, _ mine: [TransparencyCount], other: KeyPath<TransparencyCount.Cell, String>,
                  otherLabel: String) -> Side {
            let answered = mine.filter { $0.cell.outcome == "call" }
            let byWeek = Dictionary(grouping: answered, by: \.cell.period)
            let chart = BarChart(id: "traffic-\(id)", title: "Answered calls per week", points: weeks.map { week in
                BarChart.Point(label: TransparencyPage.label(week, in: weeks), value: (byWeek[week] ?? []).map(\.calls).reduce(0, +), partial: false)
            })
            return Side(id: id, heading: heading, chart: chart,
                        refusals: lines(mine.filter { $0.cell.outcome == "refused" }, key: \.code, label: { $0.isEmpty ? "(no code)" : $0 },
                                        parameter: "code", side: id),
                        top: lines(answered, key: { $0[keyPath: other] }, label: name, parameter: otherLabel, side: id),
                        topHeading: id == "provider" ? "Top consumers" : "Top providers",
                        purposes: lines(answered, key: \.purpose, label: { $0 }, parameter: "purpose", side: id),
                        entriesHref: entries(id, []), empty: mine.isEmpty)
        }
        sides = [
            side("provider", "Calls to \(agencyName)'s data", counts.filter { $0.cell.provider == agency }, other: \.consumer, otherLabel: "consumer"),
            side("consumer", "Calls \(agencyName) made", counts.filter { $0.cell.consumer == agency }, other: \.provider, otherLabel: "provider"),
        ]
    }
}

/// `/console/traffic/entries`: the newest log entries behind one line of the traffic page, each
/// with links to the entry as the log serves it and to its inclusion proof.
struct TrafficEntriesPage {
    struct Row {
        var index: String
        var when: String
        var consumer: String
        var provider: String
        var target: String
        var purpose: String
        var outcome: String
        var entryHref: String
        var proofHref: String?
    }

    var chrome: PageChrome
    var filter: String
    var rows: [Row]
    var scanned: String
    var backHref: String

    static let scanLimit = 5_000
    static let showLimit = 100
}
