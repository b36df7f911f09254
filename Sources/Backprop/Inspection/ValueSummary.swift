import Foundation

/// A short, printable account of a value: its shape and its first few elements.
public struct ValueSummary: Sendable, Equatable, CustomStringConvertible {
    /// The shape; empty for a scalar.
    public let shape: [Int]
    /// The first elements, at most six, as Double.
    public let leadingValues: [Double]
    /// The number of elements.
    public let count: Int

    init(shape: [Int], leadingValues: [Double], count: Int) {
        self.shape = shape
        self.leadingValues = leadingValues
        self.count = count
    }

    init(_ scalar: Double) {
        self.init(shape: [], leadingValues: [scalar], count: 1)
    }

    init<Element>(_ tensor: Tensor<Element>) {
        self.init(shape: tensor.shape, leadingValues: (0..<min(6, tensor.count)).map { Double(tensor.storage.base[$0]) }, count: tensor.count)
    }

    /// The same value with `scalar` added to every element.
    func adding(_ scalar: Double) -> ValueSummary {
        scalar == 0 ? self : ValueSummary(shape: shape, leadingValues: leadingValues.map { $0 + scalar }, count: count)
    }

    /// The value if it is a single number.
    public var scalar: Double? { count == 1 ? leadingValues.first : nil }

    /// `-3`, or `[2×3] 0.1, 0.2, 0.3, …`.
    public var description: String {
        if shape.isEmpty, let scalar { return formatNumber(scalar) }
        let values = leadingValues.map(formatNumber).joined(separator: ", ") + (count > leadingValues.count ? ", …" : "")
        return "\(formatShape(shape)) \(values)"
    }
}

extension TensorGradient {
    /// The gradient's summary, whatever its element type.
    var summary: ValueSummary { Self.summarize(base) }

    private static func summarize<Gradient: GradientTensor>(_ gradient: Gradient) -> ValueSummary {
        ValueSummary(gradient.asTensor)
    }
}

/// A number as people write it: `2`, `-0.5`, `0.7616`, `1.2e-07` (four significant digits).
func formatNumber(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-∞" : "∞" }
    if value == value.rounded() && Swift.abs(value) < 1e15 { return String(Int64(value)) }
    return String(format: "%.4g", value)
}

/// A shape as `[4×3]` (`[]` for a scalar).
func formatShape(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: "×") + "]"
}
