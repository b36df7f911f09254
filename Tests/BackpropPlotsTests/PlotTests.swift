import Backprop
import BackpropPlots
import Foundation
import Testing

@Suite("Plots: standalone, deterministic SVG for lines, points and decision boundaries")
struct PlotTests {
    private func parsed(_ plot: Plot, sourceLocation: SourceLocation = #_sourceLocation) throws -> ParsedSVG {
        try ParsedSVG.of(plot.svg, sourceLocation: sourceLocation)
    }

    @Test("every kind of plot is a well-formed standalone SVG document with a viewBox")
    func wellFormed() throws {
        var lines = Plot(title: "Loss", xLabel: "epoch", yLabel: "loss")
        lines.addLine([2.3, 1.2, 0.7, 0.5], label: "train")
        var scatter = Plot(title: "Points")
        scatter.addScatter(x: [0, 1, 2, 3], y: [1, 0, 1, 0], classes: [0, 0, 1, 1], classNames: ["left", "right"])
        var logarithmic = Plot(yScale: .logarithmic)
        logarithmic.addLine([1, 0.1, 0.01, 0.001])
        let plots = [
            lines, scatter, logarithmic, Plot(), Plot.function({ $0 * $0 }, derivative: { 2 * $0 }, in: -2...2),
            Plot.decisionBoundary(x: [0, 1, 2, 3], y: [1, 0, 1, 0], labels: [0, 0, 1, 1], resolution: 20) { x, y in (x + y) / 4 },
        ]
        for plot in plots {
            let svg = plot.svg
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" "))
            #expect(svg.hasSuffix("</svg>\n"))
            let document = try parsed(plot)
            let root = try #require(document.elements.first)
            #expect(root.name == "svg")
            #expect(root.attributes["viewBox"] == "0 0 \(root.attributes["width"]!) \(root.attributes["height"]!)")
            #expect(!svg.contains("nan") && !svg.contains("inf"))
        }
    }

    @Test("one path per line series and one circle per point, in their groups")
    func elementCounts() throws {
        var plot = Plot(title: "curves and points")
        plot.addLine(x: [0, 1, 2], y: [0, 1, 4], label: "a")
        plot.addLine(x: [0, 1, 2], y: [1, 1, 1], label: "b")
        plot.addLine(x: [0, 1, 2], y: [2, 0, 2])
        plot.addScatter(x: Array(0..<10).map(Double.init), y: Array(0..<10).map { Double($0 % 3) }, classes: Array(0..<10).map { $0 % 2 })
        let document = try parsed(plot)
        #expect(document.elements("path", in: "lines").count == 3)
        #expect(document.elements("circle", in: "points").count == 10)
        // Two labelled lines and two classes in the legend.
        #expect(document.elements("text", in: "legend").map(\.text) == ["a", "b", "class 0", "class 1"])
        #expect(Set(document.elements("g", in: "points").compactMap { $0.attributes["fill"] }) == ["#0072b2", "#d55e00"])
    }

    @Test("ticks sit at 1, 2 or 5 times a power of ten, evenly, inside the axis, with short labels", arguments: [
        (0.0, 1.0), (-3.7, 12.2), (0.00012, 0.00098), (1000, 1e6), (-1e-9, 5e-9), (17, 17.3), (1e8, 3.5e8), (-250, -40), (0, 99),
    ])
    func niceTicks(range: (Double, Double)) throws {
        var plot = Plot()
        plot.addLine(x: [range.0, range.1], y: [range.0, range.1])
        let document = try parsed(plot)
        for axis in ["x-axis", "y-axis"] {
            let labels = document.tickLabels(axis)
            let values = try labels.map { try #require(Double($0), "label \($0)") }
            #expect((3...12).contains(values.count), "\(axis) \(labels)")
            #expect(labels.allSatisfy { $0.count <= 8 }, "\(labels)")
            let step = values[1] - values[0]
            let magnitude = pow(10, floor(log10(step)))
            let mantissa = (step / magnitude).rounded()
            #expect([1, 2, 5].contains(mantissa) && abs(step / magnitude - mantissa) < 1e-6, "\(axis) step \(step) of \(labels)")
            for (index, value) in values.enumerated() {
                #expect(abs(value - (values[0] + Double(index) * step)) <= 1e-6 * step, "\(labels)")
                #expect(abs(value / step - (value / step).rounded()) < 1e-6, "\(value) is not a multiple of \(step)")
            }
            let span = range.1 - range.0
            let (lower, upper) = axis == "x-axis" ? range : (range.0 - 0.05 * span, range.1 + 0.05 * span)
            #expect(values.first! >= lower - 1e-9 * span && values.last! <= upper + 1e-9 * span, "\(axis) \(labels)")
        }
    }

    @Test("a logarithmic axis puts ticks at powers of ten and skips values it cannot show")
    func logarithmicTicks() throws {
        var plot = Plot(yScale: .logarithmic)
        plot.addLine([2, 0.5, 0.05, 0.004, 0.0003, 0, -1, 0.0001])
        let document = try parsed(plot)
        #expect(document.tickLabels("y-axis") == ["1e-4", "0.001", "0.01", "0.1", "1"])
        let path = try #require(document.elements("path", in: "lines").first)
        #expect(ParsedSVG.pieces(of: path) == 1)   // (4, 0.0003) has no neighbour to join to after the gap
        var narrow = Plot(yScale: .logarithmic)
        narrow.addLine([3, 4, 6, 9])
        #expect(try parsed(narrow).tickLabels("y-axis").count >= 3)   // less than a decade: linear steps
        var twoDecades = Plot(yScale: .logarithmic)
        twoDecades.addLine([0.15, 0.9, 3])
        #expect(try parsed(twoDecades).tickLabels("y-axis") == ["0.2", "0.5", "1", "2"])
    }

    @Test("NaN and infinite values are skipped: lines break there and such points are not drawn")
    func nonFiniteValuesAreSkipped() throws {
        var plot = Plot()
        plot.addLine(x: [0, 1, 2, 3, 4, 5], y: [1, 2, .nan, 4, 5, 6])
        plot.addLine(x: [0, .infinity, 2, 3], y: [1, 1, -.infinity, 2])
        plot.addScatter(x: [0, 1, .nan, 3], y: [1, .infinity, 2, 3])
        let svg = plot.svg
        #expect(!svg.lowercased().contains("nan") && !svg.contains("inf"))
        let document = try parsed(plot)
        let paths = document.elements("path", in: "lines")
        #expect(paths.count == 1)   // the second line has no two neighbouring finite points
        #expect(ParsedSVG.pieces(of: paths[0]) == 2)
        #expect(document.elements("circle", in: "points").count == 2)
        #expect(document.tickLabels("y-axis").count >= 3)
    }

    @Test("empty and constant series give a valid plot with ticks and no division by zero")
    func emptyAndConstantSeries() throws {
        var plot = Plot(title: "nothing")
        plot.addLine([Double]())
        plot.addScatter(x: [], y: [])
        var document = try parsed(plot)
        #expect(document.elements("path", in: "lines").isEmpty && document.elements("circle", in: "points").isEmpty)
        #expect(document.tickLabels("x-axis").count >= 2 && document.tickLabels("y-axis").count >= 2)
        for constant in [0.0, 3.0, -1e-7, 1e12] {
            var flat = Plot()
            flat.addLine([constant, constant, constant])
            let svg = flat.svg
            #expect(!svg.lowercased().contains("nan") && !svg.contains("inf"))
            document = try parsed(flat)
            let labels = document.tickLabels("y-axis").compactMap(Double.init)
            #expect(labels.count >= 2 && labels.min()! <= constant && labels.max()! >= constant, "\(labels) around \(constant)")
            #expect(document.elements("path", in: "lines").count == 1)
        }
        var single = Plot()
        single.addScatter(x: [2], y: [5])
        #expect(try parsed(single).elements("circle", in: "points").count == 1)
        single.scatters.append(ScatterSeries(x: [1, 2, 3], y: [1, 2, 3], classes: [0]))   // built directly, too few classes
        #expect(try parsed(single).elements("circle", in: "points").count == 2)
    }

    @Test("text is escaped for XML and reads back unchanged")
    func escaping() throws {
        let title = "Loss < 0.1 & \"quoted\" 'text' > done"
        var plot = Plot(title: title, xLabel: "a<b", yLabel: "c&d")
        plot.addLine([1, 2], label: "</path><script>")
        let document = try parsed(plot)
        #expect(document.elements("text").first { $0.attributes["class"] == "title" }?.text == title)
        #expect(document.elements("text").first { $0.attributes["class"] == "x-label" }?.text == "a<b")
        #expect(document.elements("text").first { $0.attributes["class"] == "y-label" }?.text == "c&d")
        #expect(document.elements("text", in: "legend").map(\.text) == ["</path><script>"])
        #expect(document.elements("script").isEmpty)
    }

    @Test("the same plot gives byte-identical SVG, and numbers have at most two decimals")
    func deterministicOutput() throws {
        func make() -> Plot {
            var plot = Plot(title: "sin", yScale: .linear)
            let xs = (0..<500).map { Double($0) / 37 }
            plot.addLine(x: xs, y: xs.map { sin($0) / 3 }, label: "sin")
            plot.addScatter(x: xs.map { cos($0) }, y: xs.map { sin($0) }, classes: xs.indices.map { $0 % 3 })
            return plot
        }
        #expect(make().svg == make().svg)
        let boundary = {
            Plot.decisionBoundary(x: [-1, 0, 1, 2], y: [2, 0, 1, -1], labels: [0, 1, 1, 0], resolution: 30) { x, y in sin(x * y) / 2 + 0.5 }
        }
        #expect(boundary().svg == boundary().svg)
        let numbers = try NSRegularExpression(pattern: "[0-9]+\\.[0-9]{3,}")
        let svg = make().svg
        #expect(numbers.firstMatch(in: svg, range: NSRange(svg.startIndex..., in: svg)) == nil)
    }

    @Test("lines are cut at the edges of the plotting area when the range is fixed")
    func clipping() throws {
        var plot = Plot()
        plot.yRange = 0...1
        plot.xRange = 0...10
        let xs = (0...100).map { Double($0) / 5 - 5 }
        plot.addLine(x: xs, y: xs.map { $0 * $0 / 10 })
        plot.addScatter(x: [-3, 5, 50], y: [0.5, 0.5, 0.5])
        let document = try parsed(plot)
        let frame = try #require(document.elements("rect").first { $0.attributes["class"] == "frame" })
        let left = Double(frame.attributes["x"]!)!, top = Double(frame.attributes["y"]!)!
        let right = left + Double(frame.attributes["width"]!)!, bottom = top + Double(frame.attributes["height"]!)!
        let points = ParsedSVG.coordinates(of: try #require(document.elements("path", in: "lines").first))
        #expect(!points.isEmpty)
        #expect(points.allSatisfy { $0.0 >= left - 0.01 && $0.0 <= right + 0.01 && $0.1 >= top - 0.01 && $0.1 <= bottom + 0.01 })
        #expect(points.contains { abs($0.1 - top) < 0.01 })   // the parabola leaves through the top edge
        #expect(document.elements("circle", in: "points").count == 1)
    }

    @Test("a dense line is simplified to what the pixels show and keeps its extremes")
    func denseLineSimplification() throws {
        var plot = Plot()
        let xs = (0..<100_000).map { Double($0) / 10_000 }
        plot.addLine(x: xs, y: xs.map { sin(3 * $0) })
        let document = try parsed(plot)
        let points = ParsedSVG.coordinates(of: try #require(document.elements("path", in: "lines").first))
        #expect(points.count > 50 && points.count < 2000)
        let frame = try #require(document.elements("rect").first { $0.attributes["class"] == "frame" })
        let top = Double(frame.attributes["y"]!)!, height = Double(frame.attributes["height"]!)!
        // The y axis spans −1.1...1.1: the peaks are 1/22 of the height from the edges.
        let ys = points.map(\.1)
        #expect(abs(ys.min()! - (top + height / 22)) < 0.35 && abs(ys.max()! - (top + height * 21 / 22)) < 0.35)
        #expect(plot.svg.utf8.count < 40_000)
    }

    @Test("the legend goes to a free corner, or nowhere when hidden")
    func legendPlacement() throws {
        var plot = Plot()
        plot.addLine(x: [0, 1], y: [0, 1], label: "rising")
        plot.addLine(x: [0, 1], y: [0.02, 1.02], label: "also rising")
        var document = try parsed(plot)
        let frame = try #require(document.elements("rect").first { $0.attributes["class"] == "frame" })
        let box = try #require(document.elements("rect", in: "legend").first)
        let frameCentreX = Double(frame.attributes["x"]!)! + Double(frame.attributes["width"]!)! / 2
        let frameCentreY = Double(frame.attributes["y"]!)! + Double(frame.attributes["height"]!)! / 2
        #expect(Double(box.attributes["x"]!)! < frameCentreX && Double(box.attributes["y"]!)! < frameCentreY)   // top left
        plot.legend = .hidden
        document = try parsed(plot)
        #expect(document.elements("g").allSatisfy { $0.attributes["class"] != "legend" })
        var unlabelled = Plot()
        unlabelled.addLine([1, 2, 3])
        #expect(try parsed(unlabelled).elements("g").allSatisfy { $0.attributes["class"] != "legend" })
    }

    @Test("write(to:) replaces the file atomically: a reader sees a whole old or a whole new plot")
    func atomicWrite() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plot-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("plot.svg")
        var small = Plot(title: "small")
        small.addLine([1, 2])
        var large = Plot(title: "large")
        large.addScatter(x: (0..<3000).map { Double($0) }, y: (0..<3000).map { sin(Double($0)) })
        let (smallSVG, largeSVG) = (small.svg, large.svg)
        try small.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == smallSVG)
        let reader = Task.detached { () -> Int in
            var torn = 0
            for _ in 0..<300 {
                if let text = try? String(contentsOf: url, encoding: .utf8), text != smallSVG, text != largeSVG { torn += 1 }
            }
            return torn
        }
        for round in 0..<40 { try (round % 2 == 0 ? large : small).write(to: url) }
        #expect(await reader.value == 0)
        try large.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == largeSVG)
        try small.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == smallSVG)   // no tail of the longer file left
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["plot.svg"])
    }

    @Test("a decision boundary shades each side of a trivial classifier in its class colour")
    func decisionBoundaryOfTrivialClassifier() throws {
        let plot = Plot.decisionBoundary(x: [-1, -0.5, 0.5, 1], y: [0, 1, 0, 1], labels: [0, 0, 1, 1], resolution: 40) { x, _ in
            x > 0 ? 1 : 0
        }
        let document = try parsed(plot)
        let boundary = ParsedSVG.coordinates(of: try #require(document.elements("path").first { $0.attributes["class"] == "boundary" }))
        let boundaryX = boundary.map(\.0)
        #expect(!boundary.isEmpty && boundaryX.max()! - boundaryX.min()! < 0.01)   // a vertical line at x = 0
        // Every cell left of the boundary has one colour, every cell right of it another.
        var leftFills: Set<String> = [], rightFills: Set<String> = []
        let shades = document.elements("path", in: "regions").filter { $0.attributes["class"] == "shade" }
        for shade in shades {
            for rectangle in ParsedSVG.rectangles(of: shade) {
                let fill = shade.attributes["fill"]!
                if rectangle.right <= boundaryX[0] + 0.01 {
                    leftFills.insert(fill)
                } else if rectangle.left >= boundaryX[0] - 0.01 {
                    rightFills.insert(fill)
                } else {
                    Issue.record("a shaded rectangle from \(rectangle.left) to \(rectangle.right) straddles the boundary at \(boundaryX[0])")
                }
            }
        }
        #expect(shades.count == 2 && !ParsedSVG.rectangles(of: shades[0]).isEmpty)
        #expect(leftFills.count == 1 && rightFills.count == 1 && leftFills != rightFills)
        #expect(document.elements("circle", in: "points").count == 4)
    }

    @Test("function plots: a function and its given derivative, dashed")
    func functionPlots() throws {
        let given = Plot.function({ $0 * $0 }, derivative: { 2 * $0 }, in: -1...1, samples: 5)
        #expect(given.lines.map(\.y) == [[1, 0.25, 0, 0.25, 1], [-2, -1, 0, 1, 2]])
        #expect(given.lines[1].style == .dashed)
        let document = try parsed(given)
        #expect(document.elements("path", in: "lines").count == 2)
        #expect(document.elements("text", in: "legend").map(\.text) == ["f(x)", "f′(x)"])
        let reciprocal = Plot.function({ 1 / $0 }, in: -1...1, samples: 3)
        #expect(!reciprocal.svg.contains("inf"))
    }

    @Test("mismatched lengths and negative classes are reported as BackpropError and add nothing")
    func misuse() {
        var plot = Plot()
        #expect(throws: BackpropError.self) { try withErrorChecking { plot.addLine(x: [1, 2], y: [1]) } }
        #expect(throws: BackpropError.self) { try withErrorChecking { plot.addScatter(x: [1], y: [1], classes: [-1]) } }
        #expect(throws: BackpropError.self) { try withErrorChecking { plot.addScatter(x: [1, 2], y: [1, 2], classes: [0]) } }
        #expect(plot.lines.isEmpty && plot.scatters.isEmpty)
        let floats: [Float] = [3, 2, 1]
        plot.addLine(floats, label: "float losses")
        #expect(plot.lines.first?.x == [0, 1, 2] && plot.lines.first?.y == [3, 2, 1])
    }
}
