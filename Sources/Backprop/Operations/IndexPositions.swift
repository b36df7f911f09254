extension TensorIndex {
    /// Integer positions along one axis for advanced indexing (``TensorIndex/positions(_:)``):
    /// a list or an array of any shape, as NumPy's and PyTorch's integer index arrays. The
    /// positions are checked against the axis when the subscript runs: whole numbers in
    /// `-size..<size`, negative ones counting from the end.
    ///
    /// ```swift
    /// x[.all, .positions([2, 0, 2])]                            // an array literal
    /// x[.all, .positions(Positions([0, 1, 1, 0], shape: [2, 2]))] // a 2 × 2 array of positions
    /// x[.all, .positions(indexTensor)]                         // a tensor of positions
    /// ```
    public struct Positions: Sendable, Hashable, ExpressibleByArrayLiteral, CustomStringConvertible {
        /// The positions in row-major order, as numbers so that a fractional one from a tensor is
        /// reported with its axis.
        let values: [Double]
        /// The shape of the array of positions.
        let shape: [Int]

        /// A list of positions.
        public init(_ positions: [Int]) {
            values = positions.map(Double.init)
            shape = [positions.count]
        }

        /// A list of positions, written as an array literal.
        public init(arrayLiteral positions: Int...) { self.init(positions) }

        /// The positions `positions` (row-major) arranged in `shape`, whose element count they
        /// must equal.
        public init(_ positions: [Int], shape: [Int]) {
            let fits = Shape.checkedCounts(shape, elementSize: 1)?.elements == positions.count
            if !fits {
                raise(BackpropError(
                    .shapeMismatch, operation: "TensorIndex.Positions(_:shape:)",
                    problem: "\(positions.count) positions do not fill the shape \(Shape.describe(shape))",
                    fix: "Give as many positions as the shape has elements"))
            }
            values = positions.map(Double.init)
            self.shape = fits ? shape : [positions.count]
        }

        /// The positions as Swift code: `Positions([0, 2], shape: [2])`.
        public var description: String {
            let written = values.map { $0.rounded() == $0 && Swift.abs($0) < 0x1p53 ? String(Int($0)) : "\($0)" }
            return "Positions([\(written.joined(separator: ", "))], shape: \(shape))"
        }

        /// The elements of an index tensor (whole numbers), in its shape.
        public init<Element>(_ tensor: Tensor<Element>) {
            values = tensor.scalars.map { Double($0) }
            shape = tensor.shape
        }
    }

    /// Several positions along the axis at once, as NumPy's and PyTorch's advanced (integer-array)
    /// indexing: `x[.all, .positions(idx)]` is `x[:, idx]`. The subscript `x[…]` of ``Tensor``
    /// says how the result's axes are placed.
    public static func positions<Element>(_ indices: Tensor<Element>) -> TensorIndex { .positions(Positions(indices)) }
}
