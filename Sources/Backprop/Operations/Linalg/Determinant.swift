/// The determinant of a square matrix or of each matrix of a stack ([..., n, n] gives [...]),
/// as `torch.linalg.det`: the product of the pivots of an LU factorisation with partial
/// pivoting, negated once per row interchange. A singular matrix has determinant 0 (or a
/// rounding error's worth).
///
/// The gradient is Jacobi's formula, ∂L/∂A = ∂L/∂det · det(A)·A⁻ᵀ, with A⁻ᵀ from a solve, so
/// higher orders follow. Unlike PyTorch, which takes the gradient at a singular matrix through an
/// SVD, the gradient at a matrix singular to working precision is the ``BackpropError`` of the
/// solve.
///
/// ```swift
/// determinant(Tensor<Double>([1, 2, 3, 4], shape: [2, 2])).scalar   // -2
/// ```
@_specialize(where Element == Float)
@_specialize(where Element == Double)
public func determinant<Element>(_ a: Tensor<Element>) -> Tensor<Element> {
    guard let n = a.squareMatrixSize(operation: "determinant") else { return .placeholder(shape: []) }
    let value = Tensor<Element>.computed(shape: a.batchShape, operation: "determinant") { out in
        LUKernels.forEachFactorisation(a.storage.base, count: Shape.count(a.batchShape), n: n) { item, factors, pivots in
            out[item] = LUKernels.determinant(factors: factors, pivots: pivots, n: n)
            return true
        }
    }
    // The rule broadcasts over a leading axis of stacked cotangents.
    let rule: OperationRecord<Element>.Pullback = { g, x, output in
        (g * output).unsqueezed(at: g.rank).unsqueezed(at: g.rank + 1) * inverseTransposed(x[0], operation: "determinant")
    }
    return Tensor.record(.determinant, value, inputs: [a], batching: .sameRules, rule)
}

/// A⁻ᵀ for a stack of square matrices, through the recorded solve: the gradient of the
/// determinants.
func inverseTransposed<Element>(_ a: Tensor<Element>, operation: String) -> Tensor<Element> {
    luSolve(a, .eye(a.shape[a.rank - 1]), transpose: true, operation: operation)
}
