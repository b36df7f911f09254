/// Shared checks and views for the linear-algebra operations, which all work on stacks of
/// matrices: the last two axes hold the matrices and any leading axes are batch axes.
extension Tensor {
    /// The matrices with rows and columns swapped, as PyTorch's `mT`: the last two axes
    /// exchanged, the batch axes left alone. The gradient is transposed back.
    ///
    /// ```swift
    /// Tensor<Double>.zeros([5, 2, 3]).matrixTransposed().shape   // [5, 3, 2]
    /// ```
    public func matrixTransposed() -> Tensor {
        guard isMatrixStack(operation: "matrixTransposed()", fix: "Pass a tensor of rank 2 or more; its last two axes are transposed") else {
            return self
        }
        return permuted(Array(0..<(rank - 2)) + [rank - 1, rank - 2])
    }

    /// Whether this tensor is a matrix or a stack of them (rank 2 or more), after raising an
    /// error naming `operation` when it is not; `fix` replaces the default advice.
    func isMatrixStack(operation: String, fix: String = "Pass a matrix or a stack of matrices, of rank 2 or more") -> Bool {
        guard rank < 2 else { return true }
        raise(BackpropError(
            .invalidArgument, operation: operation, problem: "a tensor of shape \(Shape.describe(shape)) is not a matrix", fix: fix))
        return false
    }

    /// The size n of this stack of n×n matrices, or nil after raising an error naming
    /// `operation` when the tensor has rank below 2 or non-square matrices.
    func squareMatrixSize(operation: String) -> Int? {
        guard rank >= 2, shape[rank - 1] == shape[rank - 2] else {
            raise(BackpropError(
                .shapeMismatch, operation: operation,
                problem: rank < 2 ? "a tensor of shape \(Shape.describe(shape)) is not a matrix"
                    : "the matrices of shape \(Shape.describe(Array(shape.suffix(2)))) in a tensor of shape \(Shape.describe(shape)) are not square",
                fix: "Pass a square matrix, or a stack of them, of shape [..., n, n]"))
            return nil
        }
        return shape[rank - 1]
    }

    /// The rank-0-or-more batch shape of a stack of matrices.
    var batchShape: [Int] { Array(shape.dropLast(2)) }

    /// This tensor's values with its batch axes broadcast to `batch` (the matrix axes kept), as a
    /// constant for a kernel to read item by item.
    func valuesBroadcast(toBatch batch: [Int]) -> Tensor {
        let target = batch + shape.suffix(2)
        return shape == target ? detached() : detached().broadcasted(to: target)
    }
}

/// The broadcast of the batch axes of a stack of matrices `a` and of right-hand sides `b`, or nil
/// after raising an error naming `operation` and both shapes.
func broadcastMatrixBatches<Element>(_ a: Tensor<Element>, _ b: Tensor<Element>, operation: String) -> [Int]? {
    if let batch = Shape.broadcast(a.batchShape, b.batchShape) { return batch }
    raise(BackpropError(
        .shapeMismatch, operation: operation,
        problem: "the batch axes \(Shape.describe(a.batchShape)) of \(Shape.describe(a.shape)) and \(Shape.describe(b.batchShape)) of \(Shape.describe(b.shape)) do not broadcast",
        fix: "Give both operands the same batch sizes, or size 1 where one should be repeated"))
    return nil
}

/// ∂L/∂A for a system op(A)·X = B from ∂L/∂B = op(A)⁻ᵀ·∂L/∂X: −∂L/∂B·Xᵀ, transposed (−X·∂L/∂Bᵀ)
/// when op transposes A. Shared by the LU and triangular solves.
func systemMatrixGradient<Element>(_ gB: Tensor<Element>, solution x: Tensor<Element>, transpose: Bool) -> Tensor<Element> {
    transpose ? -matmul(x, gB, transposeA: false, transposeB: true) : -matmul(gB, x, transposeA: false, transposeB: true)
}

/// Whether a pivot (a diagonal entry of a triangular factor) is zero to working precision: at
/// most n·ε times the largest magnitude in the matrix, where a solve would amplify rounding
/// errors beyond any precision (or divide by zero).
func isNegligiblePivot<Element: TensorElement>(_ pivot: Element, scale: Element, order n: Int) -> Bool {
    !(Swift.abs(pivot) > Element(n) * Element.ulpOfOne * scale) || !pivot.isFinite
}

/// The error for the first of the n diagonal entries `pivot(i)` of a factor that is negligible
/// against `scale` (see ``isNegligiblePivot(_:scale:order:)``): a singular matrix, or a matrix
/// with NaN or infinity when the scale is not finite; nil when every pivot is usable.
func negligiblePivotError<Element: TensorElement>(
    order n: Int, scale: Element, operation: String, shape: [Int], item: Int, pivot: (Int) -> Element
) -> BackpropError? {
    guard let index = (0..<n).first(where: { isNegligiblePivot(pivot($0), scale: scale, order: n) }) else { return nil }
    return scale.isFinite
        ? singularMatrixError(operation: operation, shape: shape, item: item, pivot: index + 1)
        : nonFiniteMatrixError(operation: operation, shape: shape, item: item)
}

/// The largest magnitude among `count` values, or NaN if there is a NaN among them, so that a
/// NaN matrix is reported rather than solved. Branch-free, so that it vectorises.
func largestMagnitude<Element: TensorElement>(_ values: UnsafePointer<Element>, count: Int) -> Element {
    var largest: Element = 0, total: Element = 0
    for index in 0..<count {
        let magnitude = Swift.abs(values[index])
        largest = magnitude > largest ? magnitude : largest
        // A NaN anywhere makes the sum NaN (infinities too, which are as unsolvable).
        total += magnitude * 0
    }
    return largest + total
}

/// The largest magnitude in the lower (or upper) triangle, diagonal included, of the n×n
/// row-major `matrix`, NaN if there is a NaN or infinity in it (as ``largestMagnitude(_:count:)``):
/// the scale of a matrix of which only that triangle is read, so that the unread triangle (often
/// another factor's storage) neither triggers nor masks an error.
func largestMagnitude<Element: TensorElement>(inTriangleOf matrix: UnsafePointer<Element>, order n: Int, lower: Bool) -> Element {
    var largest: Element = 0
    for row in 0..<n {
        let columns = lower ? 0..<(row + 1) : row..<n
        let rowLargest = largestMagnitude(matrix + row * n + columns.lowerBound, count: columns.count)
        // Once NaN, stays NaN: no comparison with NaN is true.
        largest = rowLargest > largest || rowLargest.isNaN ? rowLargest : largest
    }
    return largest
}

/// The error of a singular matrix met by `operation`: which item of the stack, which pivot
/// (counted from 1, as LAPACK's `info`) and how to fix it.
func singularMatrixError(operation: String, shape: [Int], item: Int, pivot: Int) -> BackpropError {
    BackpropError(
        .invalidArgument, operation: operation,
        problem: "the matrix of shape \(Shape.describe(shape))\(stackPosition(shape, item)) is singular to working precision (pivot \(pivot))",
        fix: "Pass an invertible matrix: check for repeated or zero rows and columns, or regularise it by adding a small multiple of the identity (a + λ·Tensor.eye(n))")
}

/// The error of a matrix with NaN or infinity met by `operation`, which no factorisation solves.
func nonFiniteMatrixError(operation: String, shape: [Int], item: Int) -> BackpropError {
    BackpropError(
        .nonFiniteValue, operation: operation,
        problem: "the matrix of shape \(Shape.describe(shape))\(stackPosition(shape, item)) contains NaN or infinity",
        fix: "Find where the NaN or infinity comes from, for example with withAnomalyDetection { }")
}

/// " (matrix i of the stack)" for a stack of matrices, "" for one matrix.
func stackPosition(_ shape: [Int], _ item: Int) -> String {
    shape.count > 2 ? " (matrix \(item) of the stack)" : ""
}
