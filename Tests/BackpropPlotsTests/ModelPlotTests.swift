import Backprop
import BackpropNN
import BackpropPlots
import Foundation
import Testing

@Suite("Plots of models and datasets: BackpropNN's decision boundaries, dataset scatters and derivatives by reverse mode")
struct ModelPlotTests {
    private func parsed(_ plot: Plot, sourceLocation: SourceLocation = #_sourceLocation) throws -> ParsedSVG {
        try ParsedSVG.of(plot.svg, sourceLocation: sourceLocation)
    }

    private var moons: Dataset<Double> { Dataset<Double>.moons(count: 60, noise: 0.1, seed: 1) }

    @Test("a dataset's scatter and a model's decision boundary are well-formed, deterministic SVG")
    func wellFormedAndDeterministic() throws {
        var scatter = Plot(title: "Moons")
        scatter.addScatter(moons, classNames: ["upper", "lower"])
        let boundary = { Plot.decisionBoundary(on: self.moons, output: .logit, resolution: 30) { $0.sum(alongAxes: 1) * 3 - 1 } }
        for plot in [scatter, boundary()] {
            let document = try parsed(plot)
            #expect(document.elements.first?.name == "svg")
            #expect(!plot.svg.contains("nan") && !plot.svg.contains("inf"))
        }
        #expect(try parsed(scatter).elements("circle", in: "points").count == 60)
        #expect(boundary().svg == boundary().svg)
    }

    @Test("a tensor classifier on a dataset shades the plane as the same classifier of single points does")
    func tensorAndPointwiseBoundariesAgree() {
        let (x, y, labels) = ([-1.5, -0.5, 0.2, 1.3, 0.7], [0.3, -1.1, 0.9, 0.1, -0.4], [0, 0, 1, 1, 1])
        let dataset = Dataset<Double>(inputs: Tensor(zip(x, y).flatMap { [$0, $1] }, shape: [5, 2]), labels: labels)
        // p = x/4 + 1/2, exactly the same in both forms (y is multiplied by 0).
        let batched = Plot.decisionBoundary(on: dataset, output: .probability, classNames: ["a", "b"], resolution: 50, title: "t") {
            matmul($0, Tensor([0.25, 0], shape: [2, 1])) + 0.5
        }
        let pointwise = Plot.decisionBoundary(x: x, y: y, labels: labels, classNames: ["a", "b"], resolution: 50, title: "t") { x, _ in
            x * 0.25 + 0.5
        }
        #expect(batched.svg == pointwise.svg)
    }

    @Test("the derivative computed by reverse mode is plotted dashed beside the function")
    func functionAndDerivative() throws {
        let computed = Plot.functionAndDerivative(in: -2...2, samples: 9, title: "x³") { x in x * x * x }
        #expect(computed.lines.count == 2 && computed.lines[1].style == .dashed)
        for (x, value) in zip(computed.lines[0].x, computed.lines[0].y) { #expect(value == x * x * x) }
        for (x, slope) in zip(computed.lines[1].x, computed.lines[1].y) { #expect(abs(slope - 3 * x * x) < 1e-12) }
        #expect(try parsed(computed).elements("text", in: "legend").map(\.text) == ["f(x)", "f′(x)"])
    }

    @Test("a Float model runs on the grid through the Layer convenience, without recording")
    func decisionBoundaryOfFloatModel() throws {
        let moons = Dataset<Float>.moons(count: 40, noise: 0.1, seed: 2)
        let model = MLP<Float>(sizes: [2, 8, 2], activation: .tanh, seed: 3)
        let plot = Plot.decisionBoundary(of: model, on: moons, classNames: ["upper", "lower"], resolution: 16, title: "untrained")
        let document = try parsed(plot)
        #expect(!document.shadeFills.isEmpty)
        #expect(document.elements("circle", in: "points").count == 40)
        #expect(model.namedParameters.allSatisfy { $0.value.grad == nil })
    }


    @Test("a Layer classifier with two logits shades both classes; output shapes are checked")
    func decisionBoundaryOfLayer() throws {
        let layer = Linear<Double>(weight: Tensor([1, 0, -1, 0], shape: [2, 2]), bias: Tensor([0, 0], shape: [2]))
        let centred = Dataset<Double>(inputs: Tensor([-1, 0, 1, 0, -1, 1, 1, -1], shape: [4, 2]), labels: [1, 0, 1, 0])
        let plot = Plot.decisionBoundary(of: layer, on: centred, output: .logits, classNames: ["left", "right"], resolution: 30)
        let document = try parsed(plot)
        let fills = Set(document.shadeFills)
        #expect(fills.count >= 4)   // two classes, several confidence bands each
        let blueish = fills.filter { $0.hasPrefix("#") && Int($0.dropFirst(5), radix: 16)! > Int($0.dropFirst(1).prefix(2), radix: 16)! }
        #expect(!blueish.isEmpty && blueish.count < fills.count)
        #expect(document.elements("text", in: "legend").map(\.text) == ["left", "right"])
        #expect(document.elements("path").contains { $0.attributes["class"] == "boundary" })
        #expect(throws: BackpropError.self) {
            try withErrorChecking { _ = Plot.decisionBoundary(on: centred) { $0.reshaped(to: [-1]) } }
        }
        #expect(throws: BackpropError.self) {
            try withErrorChecking { _ = Plot.decisionBoundary(of: layer, on: Dataset<Double>(inputs: .zeros([3, 3]), labels: [0, 1, 0])) }
        }
    }


    @Test("three classes shade three colours and draw one boundary between each pair of regions")
    func decisionBoundaryOfThreeClasses() throws {
        let spirals = Dataset<Double>.spirals(armCount: 3, pointsPerArm: 20, seed: 1)
        let plot = Plot.decisionBoundary(on: spirals, output: .logits, resolution: 24) { points in
            matmul(points, Tensor([1, -1, 0, 0, 1, -1], shape: [2, 3]))
        }
        let document = try parsed(plot)
        let fills = document.shadeFills
        let hues = Set(fills.map { fill -> Int in
            let value = Int(fill.dropFirst(), radix: 16)!
            let (red, green, blue) = (value >> 16, (value >> 8) & 255, value & 255)
            return blue > red && blue > green ? 0 : red > green ? 1 : 2
        })
        #expect(hues.count == 3)
        #expect(document.elements("circle", in: "points").count == 60)
    }
}
