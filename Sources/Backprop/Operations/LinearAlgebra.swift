/// The matrix product, following NumPy's `matmul`: a 1-d left operand is a row vector, a 1-d
/// right operand a column vector, and the added axis is removed from the result ([n]·[n] gives a
/// 0-d tensor). Operands of rank 3 or more are stacks of matrices in their last two axes; the
/// leading (batch) axes broadcast against each other ([b, n, k]·[k, m] gives [b, n, m]).
///
/// The gradients follow the dimension-compatibility rule: for C = A·B,
/// ∂L/∂A = ∂L/∂C·Bᵀ and ∂L/∂B = Aᵀ·∂L/∂C, computed with transposed-operand kernels.
@_specialize(where Element == Float)
@_specialize(where Element == Double)
public func matmul<Element>(_ lhs: Tensor<Element>, _ rhs: Tensor<Element>) -> Tensor<Element> {
    guard lhs.rank >= 1, rhs.rank >= 1 else {
        raise(BackpropError(
            .shapeMismatch, operation: "matmul",
            problem: "operands of shapes \(Shape.describe(lhs.shape)) and \(Shape.describe(rhs.shape)) include a 0-d tensor",
            fix: "Multiply by a scalar with * instead, or reshape the operands to vectors or matrices"))
        return .placeholder(shape: [])
    }
    return batchedMatmul(lhs, rhs)
}

/// The product op(A)·op(B) of two matrices, where op transposes the operand when asked, without
/// materialising the transpose: `matmul(x, w, transposeB: true)` is x·wᵀ. Operands of rank 3
/// or more are stacks of matrices whose batch axes broadcast, and op swaps their last two axes.
@_specialize(where Element == Float)
@_specialize(where Element == Double)
public func matmul<Element>(
    _ a: Tensor<Element>, _ b: Tensor<Element>, transposeA: Bool, transposeB: Bool
) -> Tensor<Element> {
    guard a.rank >= 2, b.rank >= 2 else {
        raise(BackpropError(
            .shapeMismatch, operation: "matmul(_:_:transposeA:transposeB:)",
            problem: "operands of shapes \(Shape.describe(a.shape)) and \(Shape.describe(b.shape)) are not both matrices (or stacks of matrices)",
            fix: "Reshape both operands to 2-d"))
        return .placeholder(shape: [])
    }
    return batchedMatmul(a, b, transposeA: transposeA, transposeB: transposeB)
}
