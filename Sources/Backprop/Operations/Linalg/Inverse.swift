/// The inverse A⁻¹ of a square matrix or of each matrix of a stack [..., n, n], as
/// `torch.linalg.inv` (and as NumPy, by solving A·X = I with an LU factorisation). A matrix
/// that is singular to working precision is a ``BackpropError`` naming the pivot.
///
/// Built on ``solve(_:_:)``, whose rule gives ∂L/∂A = −A⁻ᵀ·∂L/∂X·A⁻ᵀ, to any order.
///
/// ```swift
/// inverse(Tensor<Double>([2, 0, 0, 4], shape: [2, 2])).scalars   // [0.5, 0, 0, 0.25]
/// ```
public func inverse<Element>(_ a: Tensor<Element>) -> Tensor<Element> {
    guard let n = a.squareMatrixSize(operation: "inverse") else { return .placeholder(shape: a.shape) }
    return luSolve(a, .eye(n), transpose: false, operation: "inverse")
}
