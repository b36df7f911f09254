/// The solution X of the triangular system op(A)·X = B (with `left` true, the default) or
/// X·op(A) = B (`left` false), as `torch.linalg.solve_triangular`: A is a triangular matrix or
/// a stack of them, [..., n, n], of which only the `upper` or lower triangle is read; op
/// transposes it when `transpose` is true; `unitDiagonal` takes its diagonal as ones without
/// reading it (PyTorch's `unitriangular`). B has shape [..., n, k] (or [..., k, n] when
/// `left` is false) and the batch axes broadcast. A zero diagonal entry (zero to working
/// precision, at most n·ε times the largest magnitude in the triangle read; the other triangle
/// is ignored, as in PyTorch) is a ``BackpropError`` naming it.
///
/// The gradients are ∂L/∂B = op(A)⁻ᵀ·∂L/∂X, another triangular solve, and ∂L/∂A the triangle of
/// −∂L/∂B·Xᵀ that A's values come from (transposed when op is), so higher orders follow.
///
/// ```swift
/// let l = Tensor<Double>([2, 0, 1, 4], shape: [2, 2])
/// triangularSolve(l, Tensor<Double>([2, 9], shape: [2, 1]), upper: false).scalars   // [1, 2]
/// ```
public func triangularSolve<Element>(
    _ a: Tensor<Element>, _ b: Tensor<Element>, upper: Bool, transpose: Bool = false, unitDiagonal: Bool = false, left: Bool = true
) -> Tensor<Element> {
    let operation = "triangularSolve"
    guard let n = a.squareMatrixSize(operation: operation) else { return .placeholder(shape: b.shape) }
    guard b.rank >= 2, b.shape[b.rank - (left ? 2 : 1)] == n else {
        raise(BackpropError(
            .shapeMismatch, operation: operation,
            problem: "the right-hand side of shape \(Shape.describe(b.shape)) does not have \(n) \(left ? "rows" : "columns"), as the triangle of shape \(Shape.describe(a.shape)) needs",
            fix: left ? "Pass B of shape [..., \(n), k]; reshape a vector to [\(n), 1]" : "Pass B of shape [..., k, \(n)]"))
        return .placeholder(shape: b.shape)
    }
    // X·op(A) = B is op(A)ᵀ·Xᵀ = Bᵀ.
    guard left else {
        return triangularSolveLeft(a, b.matrixTransposed(), upper: upper, transpose: !transpose, unitDiagonal: unitDiagonal)
            .matrixTransposed()
    }
    return triangularSolveLeft(a, b, upper: upper, transpose: transpose, unitDiagonal: unitDiagonal)
}

/// X = op(A)⁻¹·B for checked shapes: the recorded primitive of ``triangularSolve``.
@_specialize(where Element == Float)
@_specialize(where Element == Double)
func triangularSolveLeft<Element>(
    _ a: Tensor<Element>, _ b: Tensor<Element>, upper: Bool, transpose: Bool, unitDiagonal: Bool
) -> Tensor<Element> {
    let operation = "triangularSolve"
    let n = a.shape[a.rank - 1], k = b.shape[b.rank - 1]
    guard let batch = broadcastMatrixBatches(a, b, operation: operation) else { return .placeholder(shape: b.shape) }
    let aValues = a.valuesBroadcast(toBatch: batch), bValues = b.valuesBroadcast(toBatch: batch)
    var singular: BackpropError?
    let value = Tensor<Element>.computed(shape: batch + [n, k], operation: operation) { out in
        out.update(from: bValues.storage.base, count: bValues.count)
        for item in 0..<Shape.count(batch) {
            let triangle = aValues.storage.base + item * n * n
            if !unitDiagonal {
                let scale = largestMagnitude(inTriangleOf: triangle, order: n, lower: !upper)
                if let error = negligiblePivotError(order: n, scale: scale, operation: operation, shape: a.shape, item: item, pivot: { triangle[$0 * n + $0] }) {
                    singular = error
                    return
                }
            }
            TriangularSolveKernels.solve(
                triangle, ldt: n, n: n, lower: !upper, transpose: transpose, unitDiagonal: unitDiagonal,
                out + item * n * k, ldb: k, columns: k)
        }
    }
    if let singular {
        raise(singular)
        return .placeholder(shape: batch + [n, k])
    }
    // op(A)·X = B: ∂L/∂B = op(A)⁻ᵀ·G, and ∂L/∂op(A) = −∂L/∂B·Xᵀ, of which A's triangle (the
    // strict one with a unit diagonal) is the gradient. The rules broadcast over a leading axis
    // of stacked cotangents, so they are the batched rules too.
    let rule: (_ needed: [Bool]) -> OperationRecord<Element>.Rule = { needed in { g, x, output in
        let gB = triangularSolveLeft(x[0], g, upper: upper, transpose: !transpose, unitDiagonal: unitDiagonal)
        guard needed[0] else { return [nil, gB] }
        let full = systemMatrixGradient(gB, solution: output, transpose: transpose)
        let offset = unitDiagonal ? 1 : 0
        let gA = upper ? triu(full, diagonal: offset) : tril(full, diagonal: -offset)
        return [gA, needed[1] ? gB : nil]
    } }
    return Tensor.record(
        .triangularSolve(upper: upper, transpose: transpose, unitDiagonal: unitDiagonal), value, inputs: [a, b],
        rule: rule, batchedRule: rule)
}
