import CausewayCore
import CausewayStore
import Foundation

/// `/transparency`: the public report as a page. Gateway calls per week by provider, consumer
/// and purpose, drawn as SVG on the server; the latest week's cells with the small ones
/// suppressed and marked; the newest signed checkpoint; and how to check the log yourself.
///
/// Charts add up only the cells the report publishes (those of at least
/// ``SmallCellSuppression/threshold`` calls) and mark the bars that leave some out, so no
/// number on the page gives a suppressed cell away by subtraction.
struct TransparencyPage {
    struct Group {
        var id: String
        var heading: String
        var charts: [BarChart]
    }

    struct CellRow {
        var provider: String
        var consumer: String
        var purpose: String
        var outcome: String
        var calls: String
        var suppressed: Bool
    }

    var chrome: PageChrome
    var weeks: Int
    var threshold: Int64
    var overview: BarChart
    var groups: [Group]
    var latestWeek: String?
    var cells: [CellRow]
    var checkpointSize: String?
    var checkpointSigned: String?
    var checkpointNote: String?
    var baseURL: String
    var hasData: Bool

    static let weekCount = 12

    /// The report's weeks, oldest first, as the weekly counts name them (their Mondays).
    static func weekNames(now: Date) -> [String] {
        (0..<weekCount).reversed().map { TransparencyCount.Period.week.name(of: now.addingTimeInterval(-Double($0) * 7 * 86_400)) }
    }

    /// The first of ``weekNames(now:)``: the counts to read start there.
    static func firstWeek(now: Date) -> String {
        weekNames(now: now)[0]
    }

    /// A week's label under its bar: the current week is not over, and says so.
    static func label(_ week: String, in weeks: [String]) -> String {
        week == weeks.last ? "this week" : PageText.shortDay(week)
    }

    init(chrome: PageChrome, counts: [TransparencyCount], snapshot: CatalogSnapshot,
         checkpoint: CheckpointStore.StoredCheckpoint?, baseURL: String, now: Date) {
        self.chrome = chrome
        self.baseURL = baseURL
        threshold = SmallCellSuppression.threshold
        weeks = Self.weekCount
        let weekNames = Self.weekNames(now: now)
        let rows = SmallCellSuppression.apply(TransparencyCount.mergingCodes(counts))
        let answered = rows.filter { $0.cell.outcome == "call" }
        func agency(_ code: String) -> String { code.isEmpty ? "Unidentified callers" : snapshot.agency(code)?.name ?? code }
        func points(_ selected: [SmallCellSuppression.Row]) -> [BarChart.Point] {
            let byWeek = Dictionary(grouping: selected) { $0.cell.period }
            return weekNames.map { week in
                let cells = byWeek[week] ?? []
                return BarChart.Point(label: Self.label(week, in: weekNames), value: cells.compactMap(\.calls).reduce(0, +),
                                      partial: cells.contains { $0.calls == nil })
            }
        }
        overview = BarChart(id: "chart-all", title: "Answered calls per week, all agencies", points: points(answered))
        func group(_ id: String, _ heading: String, key: (TransparencyCount.Cell) -> String, name: (String) -> String) -> Group {
            let byKey = Dictionary(grouping: answered, by: { key($0.cell) })
            let charts = byKey.keys.sorted().enumerated().map { index, value in
                BarChart(id: "chart-\(id)-\(index)", title: name(value), points: points(byKey[value] ?? []))
            }
            return Group(id: id, heading: heading, charts: charts)
        }
        groups = [
            group("provider", "By provider", key: \.provider, name: agency),
            group("consumer", "By consumer", key: \.consumer, name: agency),
            group("purpose", "By purpose", key: \.purpose, name: { $0.isEmpty ? "No purpose given" : $0 }),
        ]
        let latest = rows.map(\.cell.period).max()
        latestWeek = latest.map(PageText.shortDay)
        cells = rows.filter { $0.cell.period == latest }.map { row in
            CellRow(provider: agency(row.cell.provider), consumer: agency(row.cell.consumer), purpose: row.cell.purpose,
                    outcome: row.cell.outcome == "call" ? "answered" : "refused",
                    calls: row.calls.map { PageText.count($0) } ?? "fewer than \(SmallCellSuppression.threshold)", suppressed: row.calls == nil)
        }
        checkpointSize = checkpoint.map { PageText.count($0.size) }
        checkpointSigned = checkpoint.map { PageText.dateTime($0.signedAt) }
        checkpointNote = checkpoint?.note
        hasData = !rows.isEmpty
    }
}
