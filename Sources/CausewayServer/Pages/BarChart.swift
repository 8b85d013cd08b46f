/// A bar chart's geometry, computed on the server so that the page draws it as plain SVG: no
/// script, no library, readable by screen readers through its title, description and the
/// table beside it.
///
/// Bars whose count includes suppressed cells are marked; a bar made only of suppressed cells
/// has no height and says so, because a missing bar would read as "no calls".
struct BarChart: Sendable {
    struct Point: Sendable {
        var label: String
        var value: Int64
        /// Some of the calls behind this bar are in cells too small to publish.
        var partial: Bool
    }

    struct Bar: Sendable {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var labelX: Int
        var label: String
        var value: String
        var valueY: Int
        var partial: Bool
    }

    struct Gridline: Sendable {
        var y: Int
        var label: String
    }

    var id: String
    var title: String
    var summary: String
    var bars: [Bar]
    var gridlines: [Gridline]
    var points: [Point]
    let width = 760
    let height = 260
    /// `0 0 width height` (stored: templates read stored properties only).
    let viewBox = "0 0 760 260"
    /// Where the bars' labels sit, below the axis.
    let labelY = 252
    let gridRight = 752

    init(id: String, title: String, points: [Point]) {
        self.id = id
        self.title = title
        self.points = points
        let top = 20, left = 60, baseline = height - 30
        let maximum = max(points.map(\.value).max() ?? 0, 1)
        let step = Self.niceStep(maximum)
        let ceiling = ((maximum + step - 1) / step) * step
        let plotHeight = baseline - top
        gridlines = stride(from: 0, through: ceiling, by: Int64.Stride(step)).map { mark in
            Gridline(y: baseline - Int(Double(mark) / Double(ceiling) * Double(plotHeight)), label: PageText.count(mark))
        }
        let slot = points.isEmpty ? 0 : (width - left - 8) / points.count
        bars = points.enumerated().map { index, point in
            let height = Int(Double(point.value) / Double(ceiling) * Double(plotHeight))
            let x = left + index * slot + slot / 6
            return Bar(x: x, y: baseline - height, width: max(1, slot * 2 / 3), height: height, labelX: x + slot / 3,
                       label: point.label, value: PageText.count(point.value) + (point.partial ? "*" : ""),
                       valueY: baseline - height - 4, partial: point.partial)
        }
        let shown = points.map { "\($0.label): \(PageText.count($0.value))\($0.partial ? " (some cells suppressed)" : "")" }
        summary = shown.isEmpty ? "No calls in this period." : shown.joined(separator: "; ")
    }

    /// The smallest of 1, 2 or 5 times a power of ten that needs at most six gridlines.
    static func niceStep(_ maximum: Int64) -> Int64 {
        var power: Int64 = 1
        while true {
            for factor: Int64 in [1, 2, 5] where (maximum + power * factor - 1) / (power * factor) <= 6 {
                return power * factor
            }
            power *= 10
        }
    }
}
