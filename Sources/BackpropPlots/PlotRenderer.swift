/// Draws a ``Plot`` as SVG: fits the axes to the data, lays out margins that fit the labels,
/// and writes the elements from the back (background, regions, grid) to the front (lines,
/// points, axes, legend).
struct PlotRenderer {
    private typealias F = SVGFormatting

    let plot: Plot

    private static let tickFontSize = 11.0
    private static let labelFontSize = 12.0
    private static let titleFontSize = 15.0
    private static let tickLength = 5.0
    private static let textColor = "#222222"
    private static let axisColor = "#444444"

    /// The whole document.
    func render() -> String {
        let width = Double(Swift.max(100, plot.width)), height = Double(Swift.max(80, plot.height))
        var (xAxis, yAxis) = axes()

        // Vertical layout first: the y ticks' labels set the left margin.
        let top = plot.title.isEmpty ? 14.0 : 40.0
        let bottom = Self.tickLength + 4 + Self.tickFontSize + 6 + (plot.xLabel.isEmpty ? 0 : 20)
        yAxis.startPixel = height - bottom
        yAxis.endPixel = Swift.min(top, height - bottom - 20)
        let yTicks = yAxis.ticks(target: Swift.max(2, Int((yAxis.startPixel - yAxis.endPixel) / 50)))
        let yTickWidth = yTicks.labels.map { F.estimatedWidth(of: $0, fontSize: Self.tickFontSize) }.max() ?? 0
        let left = 10 + (plot.yLabel.isEmpty ? 0 : 22) + yTickWidth + Self.tickLength + 4
        let xTicks = Self.xTicks(axis: &xAxis, left: left, width: width)
        let area = PlotRectangle(left: xAxis.startPixel, top: yAxis.endPixel, right: xAxis.endPixel, bottom: yAxis.startPixel)

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(F.number(width))\" height=\"\(F.number(height))\""
            + " viewBox=\"0 0 \(F.number(width)) \(F.number(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        out += "<rect class=\"background\" width=\"\(F.number(width))\" height=\"\(F.number(height))\" fill=\"#ffffff\"/>\n"
        if let regions = plot.regions {
            out += Self.regions(regions, xAxis: xAxis, yAxis: yAxis, area: area)
        } else {
            out += Self.grid(xTicks: xTicks, yTicks: yTicks, xAxis: xAxis, yAxis: yAxis, area: area)
        }
        let (lines, segments) = self.lines(xAxis: xAxis, yAxis: yAxis, area: area)
        out += lines
        let (points, dots) = self.points(xAxis: xAxis, yAxis: yAxis, area: area)
        out += points
        out += "<rect class=\"frame\" x=\"\(F.number(area.left))\" y=\"\(F.number(area.top))\" width=\"\(F.number(area.width))\""
            + " height=\"\(F.number(area.height))\" fill=\"none\" stroke=\"\(Self.axisColor)\" stroke-width=\"1\"/>\n"
        out += Self.axisTicks(xTicks: xTicks, yTicks: yTicks, xAxis: xAxis, yAxis: yAxis, area: area)
        out += titles(area: area, height: height)
        let legend = PlotLegend(plot: plot)
        if plot.legend != .hidden && !legend.entries.isEmpty {
            out += legend.svg(in: legend.box(for: plot.legend, in: area, segments: segments, points: dots))
        }
        return out + "</svg>\n"
    }

    /// The axes fitted to every drawable point and the decision regions, or to the fixed ranges.
    private func axes() -> (x: PlotAxis, y: PlotAxis) {
        var xExtent: (lower: Double, upper: Double)?, yExtent: (lower: Double, upper: Double)?
        func include(_ x: Double, _ y: Double) {
            guard let tx = PlotAxis.transform(x, scale: plot.xScale), let ty = PlotAxis.transform(y, scale: plot.yScale) else { return }
            xExtent = xExtent.map { (Swift.min($0.lower, tx), Swift.max($0.upper, tx)) } ?? (tx, tx)
            yExtent = yExtent.map { (Swift.min($0.lower, ty), Swift.max($0.upper, ty)) } ?? (ty, ty)
        }
        for line in plot.lines {
            for (x, y) in zip(line.x, line.y) { include(x, y) }
        }
        var hasPoints = false
        for scatter in plot.scatters {
            for (x, y) in zip(scatter.x, scatter.y) {
                include(x, y)
                hasPoints = true
            }
        }
        if let regions = plot.regions {
            include(regions.xRange.lowerBound, regions.yRange.lowerBound)
            include(regions.xRange.upperBound, regions.yRange.upperBound)
        }
        let xPadding = plot.regions != nil ? 0 : (hasPoints ? 0.05 : 0)
        let yPadding = plot.regions != nil ? 0 : 0.05
        return (PlotAxis(scale: plot.xScale, extent: xExtent, fixed: plot.xRange, padding: xPadding),
                PlotAxis(scale: plot.yScale, extent: yExtent, fixed: plot.yRange, padding: yPadding))
    }

    /// Places the x axis between `left` and a right margin wide enough for the last label, and
    /// returns ticks few enough that their labels do not overlap.
    private static func xTicks(axis: inout PlotAxis, left: Double, width: Double) -> AxisTicks {
        var right = 16.0
        var ticks = AxisTicks.none
        for _ in 0..<2 {
            axis.startPixel = left
            axis.endPixel = Swift.max(left + 20, width - right)
            let span = axis.endPixel - axis.startPixel
            var target = Swift.max(2, Int(span / 80))
            while true {
                ticks = axis.ticks(target: target)
                let widest = ticks.labels.map { F.estimatedWidth(of: $0, fontSize: tickFontSize) }.max() ?? 0
                if target <= 2 || Double(ticks.positions.count) * (widest + 14) <= span { break }
                target -= 1
            }
            let last = ticks.labels.last.map { F.estimatedWidth(of: $0, fontSize: tickFontSize) } ?? 0
            let needed = Swift.max(16, last / 2 + 6)
            if needed <= right { break }
            right = needed
        }
        return ticks
    }

    /// Light grid lines at the ticks.
    private static func grid(xTicks: AxisTicks, yTicks: AxisTicks, xAxis: PlotAxis, yAxis: PlotAxis, area: PlotRectangle) -> String {
        var path = ""
        for position in xTicks.positions {
            let x = xAxis.pixel(position: position)
            if x > area.left + 0.5 && x < area.right - 0.5 { path += "M\(F.point(x, area.top))V\(F.number(area.bottom))" }
        }
        for position in yTicks.positions {
            let y = yAxis.pixel(position: position)
            if y > area.top + 0.5 && y < area.bottom - 0.5 { path += "M\(F.point(area.left, y))H\(F.number(area.right))" }
        }
        guard !path.isEmpty else { return "" }
        return "<path class=\"grid\" d=\"\(path)\" fill=\"none\" stroke=\"#e5e5e5\" stroke-width=\"1\"/>\n"
    }

    /// The line series, one `<path>` each (none for a series with nothing to draw), and the
    /// drawn segments, which the legend avoids.
    private func lines(xAxis: PlotAxis, yAxis: PlotAxis, area: PlotRectangle) -> (String, [(Double, Double, Double, Double)]) {
        var out = "", segments: [(Double, Double, Double, Double)] = []
        for (index, line) in plot.lines.enumerated() {
            // The connected pieces of the line inside the area, in pixels. A vertex closer than half
            // a pixel to the last one kept is held back (and kept if it ends its piece).
            var pieces: [[(x: Double, y: Double)]] = [], pen: (x: Double, y: Double)?, previous: (x: Double, y: Double)?
            var held: (x: Double, y: Double)?
            func flush() {
                if let point = held { pieces[pieces.count - 1].append(point) }
                held = nil
            }
            for (x, y) in zip(line.x, line.y) {
                guard let px = xAxis.pixel(x), let py = yAxis.pixel(y) else {
                    previous = nil
                    continue
                }
                defer { previous = (px, py) }
                guard let start = previous, let piece = area.clip(start.x, start.y, px, py) else { continue }
                if pen.map({ $0.x != piece.x0 || $0.y != piece.y0 }) ?? true {
                    if !pieces.isEmpty { flush() }
                    pieces.append([(piece.x0, piece.y0)])
                }
                let kept = pieces[pieces.count - 1][pieces[pieces.count - 1].count - 1]
                if Swift.abs(piece.x1 - kept.x) < 0.5 && Swift.abs(piece.y1 - kept.y) < 0.5 {
                    held = (piece.x1, piece.y1)
                } else {
                    held = nil
                    pieces[pieces.count - 1].append((piece.x1, piece.y1))
                }
                pen = (piece.x1, piece.y1)
            }
            if !pieces.isEmpty { flush() }
            var path = ""
            for piece in pieces {
                let points = Self.simplified(piece, tolerance: 0.3)
                var last = F.point(points[0].x, points[0].y), text = "M" + last
                for (offset, point) in points.enumerated().dropFirst() {
                    let next = F.point(point.x, point.y)
                    if next != last { text += "L" + next }
                    last = next
                    segments.append((points[offset - 1].x, points[offset - 1].y, point.x, point.y))
                }
                if text.contains("L") { path += text }
            }
            guard !path.isEmpty else { continue }
            let color = line.color ?? PlotColor.palette(index)
            out += "<path d=\"\(path)\" stroke=\"\(color.hexString)\" stroke-width=\"\(F.number(line.lineWidth))\""
            if let dashes = line.style.dashArray { out += " stroke-dasharray=\"\(dashes)\"" }
            out += "/>\n"
        }
        guard !out.isEmpty else { return ("", segments) }
        return ("<g class=\"lines\" fill=\"none\" stroke-linejoin=\"round\" stroke-linecap=\"round\">\n" + out + "</g>\n", segments)
    }

    /// `points` with the vertices dropped that lie within `tolerance` pixels of the line kept
    /// around them (Douglas–Peucker, with an explicit stack); the ends are always kept.
    static func simplified(_ points: [(x: Double, y: Double)], tolerance: Double) -> [(x: Double, y: Double)] {
        guard points.count > 2 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            let (ax, ay) = points[first], (bx, by) = points[last]
            let dx = bx - ax, dy = by - ay, length = dx * dx + dy * dy
            var farthest = first, distance = -1.0
            for index in (first + 1)..<last {
                let (px, py) = points[index]
                // The squared distance from the point to the segment (not the infinite line).
                let t = length > 0 ? Swift.min(1, Swift.max(0, ((px - ax) * dx + (py - ay) * dy) / length)) : 0
                let ex = ax + t * dx - px, ey = ay + t * dy - py
                let squared = ex * ex + ey * ey
                if squared > distance {
                    distance = squared
                    farthest = index
                }
            }
            if distance > tolerance * tolerance {
                keep[farthest] = true
                stack.append((first, farthest))
                stack.append((farthest, last))
            }
        }
        return points.indices.filter { keep[$0] }.map { points[$0] }
    }

    /// The scatter series, one `<circle>` per drawable point, grouped by colour; and the dots,
    /// which the legend avoids.
    private func points(xAxis: PlotAxis, yAxis: PlotAxis, area: PlotRectangle) -> (String, [(x: Double, y: Double, radius: Double)]) {
        var out = "", dots: [(x: Double, y: Double, radius: Double)] = []
        for (index, scatter) in plot.scatters.enumerated() {
            let count = Swift.min(scatter.x.count, scatter.y.count, scatter.classes?.count ?? Int.max)
            var groups: [(color: PlotColor, members: [Int])] = []
            if let classes = scatter.classes {
                for label in Set(classes.prefix(count)).sorted() {
                    groups.append((PlotColor.palette(label), (0..<count).filter { classes[$0] == label }))
                }
            } else {
                groups.append((scatter.color ?? PlotColor.palette(plot.lines.count + index), Array(0..<count)))
            }
            let radius = F.number(scatter.radius)
            for group in groups {
                var circles = ""
                for member in group.members {
                    guard let px = xAxis.pixel(scatter.x[member]), let py = yAxis.pixel(scatter.y[member]), area.contains(px, py) else { continue }
                    circles += "<circle cx=\"\(F.number(px))\" cy=\"\(F.number(py))\" r=\"\(radius)\"/>\n"
                    dots.append((px, py, scatter.radius))
                }
                if !circles.isEmpty { out += "<g fill=\"\(group.color.hexString)\">\n" + circles + "</g>\n" }
            }
        }
        guard !out.isEmpty else { return ("", dots) }
        return ("<g class=\"points\" stroke=\"#ffffff\" stroke-width=\"0.6\">\n" + out + "</g>\n", dots)
    }

    /// The shaded cells of decision regions, merged into rectangles of one shade (one `<path>` of
    /// rectangles per shade), and the decision boundary over them.
    private static func regions(_ regions: DecisionRegions, xAxis: PlotAxis, yAxis: PlotAxis, area: PlotRectangle) -> String {
        let xEdges = (0...regions.columns).map { xAxis.pixel(regions.edgeX($0)) }
        let yEdges = (0...regions.rows).map { yAxis.pixel(regions.edgeY($0)) }
        var shapes: [Int: String] = [:]
        func emit(start: Int, end: Int, shade: Int, firstRow: Int, lastRow: Int) {
            guard let x0 = xEdges[start], let x1 = xEdges[end], let y0 = yEdges[firstRow], let y1 = yEdges[lastRow + 1] else { return }
            let left = Swift.max(Swift.min(x0, x1), area.left), right = Swift.min(Swift.max(x0, x1), area.right)
            let top = Swift.max(Swift.min(y0, y1), area.top), bottom = Swift.min(Swift.max(y0, y1), area.bottom)
            guard right > left, bottom > top else { return }
            let (l, r, t, b) = (F.number(left), F.number(right), F.number(top), F.number(bottom))
            shapes[shade, default: ""] += "M\(l),\(t)H\(r)V\(b)H\(l)z"
        }
        // Runs of one shade along each row, extended upwards while the next row has the same run.
        var open: [(start: Int, end: Int, shade: Int, firstRow: Int)] = []
        for row in 0..<regions.rows {
            var runs: [(start: Int, end: Int, shade: Int)] = []
            for column in 0..<regions.columns {
                let shade = regions.shade(row: row, column: column)
                if let last = runs.last, last.shade == shade, last.end == column {
                    runs[runs.count - 1].end = column + 1
                } else if shade >= 0 {
                    runs.append((column, column + 1, shade))
                }
            }
            var next: [(start: Int, end: Int, shade: Int, firstRow: Int)] = []
            for run in runs {
                if let match = open.firstIndex(where: { $0.start == run.start && $0.end == run.end && $0.shade == run.shade }) {
                    next.append(open.remove(at: match))
                } else {
                    next.append((run.start, run.end, run.shade, row))
                }
            }
            for closed in open { emit(start: closed.start, end: closed.end, shade: closed.shade, firstRow: closed.firstRow, lastRow: row - 1) }
            open = next
        }
        for closed in open { emit(start: closed.start, end: closed.end, shade: closed.shade, firstRow: closed.firstRow, lastRow: regions.rows - 1) }

        var boundary = "", lastWritten = ""
        for segment in regions.boundarySegments() {
            guard let x0 = xAxis.pixel(segment.0), let y0 = yAxis.pixel(segment.1), let x1 = xAxis.pixel(segment.2), let y1 = yAxis.pixel(segment.3),
                  let piece = area.clip(x0, y0, x1, y1) else { continue }
            let start = F.point(piece.x0, piece.y0), end = F.point(piece.x1, piece.y1)
            guard start != end else { continue }
            if start != lastWritten { boundary += "M" + start }
            boundary += "L" + end
            lastWritten = end
        }
        var out = "<g class=\"regions\">\n<g shape-rendering=\"crispEdges\">\n"
        for shade in shapes.keys.sorted() {
            out += "<path class=\"shade\" d=\"\(shapes[shade]!)\" fill=\"\(DecisionRegions.color(ofShade: shade).hexString)\"/>\n"
        }
        out += "</g>\n"
        if !boundary.isEmpty {
            out += "<path class=\"boundary\" d=\"\(boundary)\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>\n"
        }
        return out + "</g>\n"
    }

    /// Tick marks outside the frame and their labels.
    private static func axisTicks(xTicks: AxisTicks, yTicks: AxisTicks, xAxis: PlotAxis, yAxis: PlotAxis, area: PlotRectangle) -> String {
        var marks = "", labels = ""
        for (position, label) in zip(xTicks.positions, xTicks.labels) {
            let x = xAxis.pixel(position: position)
            guard x >= area.left - 0.5 && x <= area.right + 0.5 else { continue }
            marks += "M\(F.point(x, area.bottom))v\(F.number(tickLength))"
            labels += "<text x=\"\(F.number(x))\" y=\"\(F.number(area.bottom + tickLength + 3 + tickFontSize))\">\(F.escaped(label))</text>\n"
        }
        var out = "<g class=\"x-axis\" font-size=\"\(F.number(tickFontSize))\" fill=\"\(textColor)\" text-anchor=\"middle\">\n"
        if !marks.isEmpty { out += "<path d=\"\(marks)\" stroke=\"\(axisColor)\" stroke-width=\"1\"/>\n" }
        out += labels + "</g>\n"
        marks = ""
        labels = ""
        for (position, label) in zip(yTicks.positions, yTicks.labels) {
            let y = yAxis.pixel(position: position)
            guard y >= area.top - 0.5 && y <= area.bottom + 0.5 else { continue }
            marks += "M\(F.point(area.left, y))h\(F.number(-tickLength))"
            labels += "<text x=\"\(F.number(area.left - tickLength - 3))\" y=\"\(F.number(y))\" dy=\"0.35em\">\(F.escaped(label))</text>\n"
        }
        out += "<g class=\"y-axis\" font-size=\"\(F.number(tickFontSize))\" fill=\"\(textColor)\" text-anchor=\"end\">\n"
        if !marks.isEmpty { out += "<path d=\"\(marks)\" stroke=\"\(axisColor)\" stroke-width=\"1\"/>\n" }
        return out + labels + "</g>\n"
    }

    /// The title and the axis labels.
    private func titles(area: PlotRectangle, height: Double) -> String {
        var out = ""
        let centreX = F.number(area.left + area.width / 2)
        if !plot.title.isEmpty {
            out += "<text class=\"title\" x=\"\(centreX)\" y=\"26\" text-anchor=\"middle\" font-size=\"\(F.number(Self.titleFontSize))\""
                + " font-weight=\"bold\" fill=\"\(Self.textColor)\">\(F.escaped(plot.title))</text>\n"
        }
        if !plot.xLabel.isEmpty {
            out += "<text class=\"x-label\" x=\"\(centreX)\" y=\"\(F.number(height - 8))\" text-anchor=\"middle\""
                + " font-size=\"\(F.number(Self.labelFontSize))\" fill=\"\(Self.textColor)\">\(F.escaped(plot.xLabel))</text>\n"
        }
        if !plot.yLabel.isEmpty {
            out += "<text class=\"y-label\" transform=\"translate(22,\(F.number(area.top + area.height / 2))) rotate(-90)\" text-anchor=\"middle\""
                + " font-size=\"\(F.number(Self.labelFontSize))\" fill=\"\(Self.textColor)\">\(F.escaped(plot.yLabel))</text>\n"
        }
        return out
    }
}
