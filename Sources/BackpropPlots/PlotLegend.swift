/// The legend of a rendered plot: its entries, its size, and where it goes.
struct PlotLegend {
    /// What an entry's swatch looks like.
    enum Swatch: Equatable {
        /// A short stroke, as the line it names.
        case line(PlotColor, LineStyle, Double)
        /// A dot, as the points it names.
        case marker(PlotColor)
    }

    /// One row: a swatch and its text.
    struct Entry: Equatable {
        /// The swatch.
        var swatch: Swatch
        /// The text.
        var text: String
    }

    /// The rows, in order, without repeats.
    let entries: [Entry]

    static let fontSize = 11.0
    static let rowHeight = 17.0
    static let padding = 7.0
    static let swatchWidth = 22.0
    static let gap = 6.0
    static let inset = 8.0

    /// The entries of `plot`: each labelled line, then each class of each scatter series with
    /// classes, or the label of one without.
    init(plot: Plot) {
        var entries: [Entry] = []
        func add(_ entry: Entry) {
            if !entries.contains(entry) { entries.append(entry) }
        }
        for (index, line) in plot.lines.enumerated() {
            if let label = line.label, !label.isEmpty {
                add(Entry(swatch: .line(line.color ?? PlotColor.palette(index), line.style, line.lineWidth), text: label))
            }
        }
        for (index, scatter) in plot.scatters.enumerated() {
            if let classes = scatter.classes {
                for label in Set(classes).sorted() {
                    add(Entry(swatch: .marker(PlotColor.palette(label)), text: scatter.name(ofClass: label)))
                }
            } else if let label = scatter.label, !label.isEmpty {
                add(Entry(swatch: .marker(scatter.color ?? PlotColor.palette(plot.lines.count + index)), text: label))
            }
        }
        self.entries = entries
    }

    /// The width of the box.
    var width: Double {
        let text = entries.map { SVGFormatting.estimatedWidth(of: $0.text, fontSize: Self.fontSize) }.max() ?? 0
        return Self.padding + Self.swatchWidth + Self.gap + text + Self.padding
    }

    /// The height of the box.
    var height: Double {
        2 * Self.padding - 4 + Double(entries.count) * Self.rowHeight
    }

    /// The box in `corner` of `area`.
    func box(in corner: LegendPlacement, of area: PlotRectangle) -> PlotRectangle {
        let left = corner == .topLeft || corner == .bottomLeft ? area.left + Self.inset : area.right - Self.inset - width
        let top = corner == .bottomLeft || corner == .bottomRight ? area.bottom - Self.inset - height : area.top + Self.inset
        return PlotRectangle(left: left, top: top, right: left + width, bottom: top + height)
    }

    /// The box for `placement`: for ``LegendPlacement/automatic``, the corner whose box meets the
    /// fewest `segments` and `points` (top right, top left, bottom right, bottom left on a tie).
    func box(
        for placement: LegendPlacement, in area: PlotRectangle,
        segments: [(Double, Double, Double, Double)], points: [(x: Double, y: Double, radius: Double)]
    ) -> PlotRectangle {
        guard placement == .automatic else { return box(in: placement, of: area) }
        var best = box(in: .topRight, of: area), bestCost = Int.max
        for corner in [LegendPlacement.topRight, .topLeft, .bottomRight, .bottomLeft] {
            let candidate = box(in: corner, of: area)
            let grown = PlotRectangle(left: candidate.left - 2, top: candidate.top - 2, right: candidate.right + 2, bottom: candidate.bottom + 2)
            var cost = 0
            for segment in segments where grown.intersects(segment.0, segment.1, segment.2, segment.3) { cost += 1 }
            for point in points where point.x + point.radius >= grown.left && point.x - point.radius <= grown.right
                && point.y + point.radius >= grown.top && point.y - point.radius <= grown.bottom {
                cost += 1
            }
            if cost < bestCost {
                best = candidate
                bestCost = cost
            }
        }
        return best
    }

    /// The legend drawn in `box` as an SVG group.
    func svg(in box: PlotRectangle) -> String {
        typealias F = SVGFormatting
        var out = "<g class=\"legend\" font-size=\"\(F.number(Self.fontSize))\">\n"
        out += "<rect x=\"\(F.number(box.left))\" y=\"\(F.number(box.top))\" width=\"\(F.number(box.width))\" height=\"\(F.number(box.height))\""
            + " rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#bbbbbb\" stroke-width=\"1\"/>\n"
        for (row, entry) in entries.enumerated() {
            let y = box.top + Self.padding - 2 + (Double(row) + 0.5) * Self.rowHeight
            let x = box.left + Self.padding
            switch entry.swatch {
            case .line(let color, let style, let lineWidth):
                out += "<path d=\"M\(F.point(x, y))h\(F.number(Self.swatchWidth))\" stroke=\"\(color.hexString)\" stroke-width=\"\(F.number(lineWidth))\""
                if let dashes = style.dashArray { out += " stroke-dasharray=\"\(dashes)\"" }
                out += "/>\n"
            case .marker(let color):
                out += "<circle cx=\"\(F.number(x + Self.swatchWidth / 2))\" cy=\"\(F.number(y))\" r=\"4\" fill=\"\(color.hexString)\"/>\n"
            }
            out += "<text x=\"\(F.number(x + Self.swatchWidth + Self.gap))\" y=\"\(F.number(y))\" dy=\"0.35em\" fill=\"#222222\">\(F.escaped(entry.text))</text>\n"
        }
        return out + "</g>\n"
    }
}
