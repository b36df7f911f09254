/// The sign and the logarithm of the absolute value of the determinant of a square matrix or of
/// each matrix of a stack ([..., n, n] gives two tensors of shape [...]), as
/// `torch.linalg.slogdet`: det A = sign·exp(logAbsDeterminant), without the overflow or
/// underflow of the determinant itself. A singular matrix has sign 0 and log|det| −∞, as in
/// PyTorch.
///
/// The sign is a constant; the gradient of log|det A| is ∂L/∂A = ∂L/∂log|det| · A⁻ᵀ, from a
/// solve, so higher orders follow (at a singular matrix it is the solve's ``BackpropError``).
///
/// ```swift
/// let (sign, logAbs) = logDeterminant(Tensor<Double>([1, 2, 3, 4], shape: [2, 2]))
/// // sign -1, logAbs log 2
/// ```
@_specialize(where Element == Float)
@_specialize(where Element == Double)
public func logDeterminant<Element>(_ a: Tensor<Element>) -> (sign: Tensor<Element>, logAbsDeterminant: Tensor<Element>) {
    guard let n = a.squareMatrixSize(operation: "logDeterminant") else { return (.placeholder(shape: []), .placeholder(shape: [])) }
    let count = Shape.count(a.batchShape)
    var signs = [Element](repeating: 0, count: count)
    let value = Tensor<Element>.computed(shape: a.batchShape, operation: "logDeterminant") { out in
        LUKernels.forEachFactorisation(a.storage.base, count: count, n: n) { item, factors, pivots in
            (signs[item], out[item]) = LUKernels.logDeterminant(factors: factors, pivots: pivots, n: n)
            return true
        }
    }
    let rule: OperationRecord<Element>.Pullback = { g, x, _ in
        g.unsqueezed(at: g.rank).unsqueezed(at: g.rank + 1) * inverseTransposed(x[0], operation: "logDeterminant")
    }
    let logAbsDeterminant = Tensor.record(.logAbsDeterminant, value, inputs: [a], batching: .sameRules, rule)
    return (Tensor(signs, shape: a.batchShape), logAbsDeterminant)
}
