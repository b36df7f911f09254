/// The solution X of A·X = B, as `torch.linalg.solve`: A is a square matrix or a stack of them,
/// [..., n, n]; B is a matrix of right-hand sides [..., n, k] or a vector [n], and the batch
/// axes of A and B broadcast. Following PyTorch, B is a stack of vectors when it has one axis
/// fewer than A and A's shape without its last axis (B of shape [..., n] against A of shape
/// [..., n, n]); the result then has B's shape.
///
/// Computed by an LU factorisation with partial pivoting (pure Swift, blocked on the GEMM
/// micro-kernels). A matrix whose pivot is zero to working precision (at most n·ε·max|A|) is a
/// ``BackpropError`` naming the pivot, where LAPACK would return infinities or huge values.
///
/// The gradients are ∂L/∂B = A⁻ᵀ·∂L/∂X (a solve with Aᵀ) and ∂L/∂A = −∂L/∂B·Xᵀ, written with
/// `solve` itself, so derivatives of any order follow.
///
/// ```swift
/// let a = Tensor<Double>([2, 1, 1, 3], shape: [2, 2])
/// solve(a, Tensor<Double>([3, 5])).scalars   // [0.8, 1.4]
/// ```
@_specialize(where Element == Float)
@_specialize(where Element == Double)
public func solve<Element>(_ a: Tensor<Element>, _ b: Tensor<Element>) -> Tensor<Element> {
    let operation = "solve"
    guard let n = a.squareMatrixSize(operation: operation) else { return .placeholder(shape: b.shape) }
    let vectorCase = b.rank == 1 || (b.rank == a.rank - 1 && b.shape == Array(a.shape.dropLast()))
    let matrices = vectorCase ? b.unsqueezed(at: b.rank) : b
    guard matrices.rank >= 2, matrices.shape[matrices.rank - 2] == n else {
        raise(BackpropError(
            .shapeMismatch, operation: operation,
            problem: "the right-hand side of shape \(Shape.describe(b.shape)) does not have \(n) rows, as the matrix of shape \(Shape.describe(a.shape)) needs",
            fix: "Pass B of shape [..., \(n), k] (k right-hand sides) or [\(n)] (one vector)"))
        return .placeholder(shape: b.shape)
    }
    let solution = luSolve(a, matrices, transpose: false, operation: operation)
    return vectorCase ? solution.squeezed(axes: [solution.rank - 1]) : solution
}

/// X = op(A)⁻¹·B for a stack of square A [..., n, n] and B [..., n, k] whose batch axes
/// broadcast, op transposing A when asked: the recorded primitive of ``solve(_:_:)``,
/// ``inverse(_:)`` and the determinants' gradients.
@_specialize(where Element == Float)
@_specialize(where Element == Double)
func luSolve<Element>(_ a: Tensor<Element>, _ b: Tensor<Element>, transpose: Bool, operation: String) -> Tensor<Element> {
    let n = a.shape[a.rank - 1], k = b.shape[b.rank - 1]
    guard let batch = broadcastMatrixBatches(a, b, operation: operation) else { return .placeholder(shape: b.shape) }
    let items = Shape.count(batch)
    // One matrix for a whole stack of right-hand sides (as in the gradient of a solve with a
    // shared A) is factored once, not once per item.
    let shared = Shape.count(a.batchShape) == 1
    let aValues = shared ? a.detached() : a.valuesBroadcast(toBatch: batch), bValues = b.valuesBroadcast(toBatch: batch)
    var singular: BackpropError?
    let value = Tensor<Element>.computed(shape: batch + [n, k], operation: operation) { out in
        LUKernels.forEachFactorisation(aValues.storage.base, count: shared ? Swift.min(items, 1) : items, n: n) { item, factors, pivots in
            let scale = largestMagnitude(aValues.storage.base + item * n * n, count: n * n)
            if let error = negligiblePivotError(order: n, scale: scale, operation: operation, shape: a.shape, item: item, pivot: { factors[$0 * n + $0] }) {
                singular = error
                return false
            }
            for solved in shared ? 0..<items : item..<(item + 1) {
                let target = out + solved * n * k
                target.update(from: bValues.storage.base + solved * n * k, count: n * k)
                LUKernels.solve(factors: factors, pivots: pivots, n: n, transpose: transpose, target, columns: k)
            }
            return true
        }
    }
    if let singular {
        raise(singular)
        return .placeholder(shape: batch + [n, k])
    }
    // op(A)·X = B: ∂L/∂B = op(A)⁻ᵀ·G and ∂L/∂op(A) = −∂L/∂B·Xᵀ. The rules broadcast over a
    // leading axis of stacked cotangents, so they are the batched rules too.
    let rule: (_ needed: [Bool]) -> OperationRecord<Element>.Rule = { needed in { g, x, output in
        let gB = luSolve(x[0], g, transpose: !transpose, operation: operation)
        guard needed[0] else { return [nil, gB] }
        return [systemMatrixGradient(gB, solution: output, transpose: transpose), needed[1] ? gB : nil]
    } }
    return Tensor.record(.solve(transpose: transpose), value, inputs: [a, b], rule: rule, batchedRule: rule)
}
