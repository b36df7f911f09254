import Backprop
import BackpropPlots

extension Plot {
    /// A plot of `f` and of its derivative f′ computed by reverse-mode differentiation
    /// (``gradient(at:of:)`` at each sample): check a hand-derived derivative by eye, or show
    /// what backpropagation computes. See `Plot.function(_:derivative:in:samples:title:xLabel:functionLabel:derivativeLabel:)`.
    ///
    /// ```swift
    /// let plot = Plot.functionAndDerivative(in: -4...4, title: "sigmoid") { x in x.sigmoid() }
    /// ```
    public static func functionAndDerivative(
        in range: ClosedRange<Double>, samples: Int = 201, title: String = "", xLabel: String = "x",
        functionLabel: String = "f(x)", derivativeLabel: String = "f′(x)", _ f: (Variable) -> Variable
    ) -> Plot {
        withoutActuallyEscaping(f) { f in
            function(
                { x in withoutRecording { f(Variable(x)).value } }, derivative: { x in gradient(at: x, of: f) }, in: range,
                samples: samples, title: title, xLabel: xLabel, functionLabel: functionLabel, derivativeLabel: derivativeLabel)
        }
    }
}
