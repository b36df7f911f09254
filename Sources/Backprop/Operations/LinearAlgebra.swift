/// The matrix product, following NumPy's `matmul` for 1-d and 2-d operands: a 1-d left operand
/// is a row vector, a 1-d right operand a column vector, and the added axis is removed from the
/// result ([n]·[n] gives a 0-d tensor).
///
/// The gradients follow the dimension-compatibility rule: for C = A·B,
/// ∂L/∂A = ∂L/∂C·Bᵀ and ∂L/∂B = Aᵀ·∂L/∂C, computed with transposed-operand kernels.
public func matmul<Element>(_ lhs: Tensor<Element>, _ rhs: Tensor<Element>) -> Tensor<Element> {
    guard (1...2).contains(lhs.rank), (1...2).contains(rhs.rank) else {
        raise(BackpropError(
            .shapeMismatch, operation: "matmul",
            problem: "operands of shapes \(Shape.describe(lhs.shape)) and \(Shape.describe(rhs.shape)) are not 1-d or 2-d",
            fix: "Reshape the operands to matrices or vectors"))
        return .placeholder(shape: [])
    }
    let left = lhs.rank == 1 ? lhs.reshaped(to: [1, lhs.shape[0]]) : lhs
    let right = rhs.rank == 1 ? rhs.reshaped(to: [rhs.shape[0], 1]) : rhs
    let product = matmul(left, right, transposeA: false, transposeB: false)
    switch (lhs.rank, rhs.rank) {
    case (1, 1): return product.reshaped(to: [])
    case (1, _): return product.reshaped(to: [product.shape[1]])
    case (_, 1): return product.reshaped(to: [product.shape[0]])
    default: return product
    }
}

/// The product op(A)·op(B) of two matrices, where op transposes the operand when asked, without
/// materialising the transpose: `matmul(x, w, transposeB: true)` is x·wᵀ.
public func matmul<Element>(
    _ a: Tensor<Element>, _ b: Tensor<Element>, transposeA: Bool, transposeB: Bool
) -> Tensor<Element> {
    guard a.rank == 2, b.rank == 2 else {
        raise(BackpropError(
            .shapeMismatch, operation: "matmul(_:_:transposeA:transposeB:)",
            problem: "operands of shapes \(Shape.describe(a.shape)) and \(Shape.describe(b.shape)) are not both matrices",
            fix: "Reshape both operands to 2-d"))
        return .placeholder(shape: [])
    }
    let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (kb, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    guard k == kb else {
        let described = { (shape: [Int], transposed: Bool) in Shape.describe(shape) + (transposed ? "ᵀ" : "") }
        raise(BackpropError(
            .shapeMismatch, operation: "matmul",
            problem: "cannot multiply \(described(a.shape, transposeA)) by \(described(b.shape, transposeB)): the inner sizes \(k) and \(kb) differ",
            fix: "The left operand needs as many columns as the right one has rows; transpose or reshape an operand"))
        return .placeholder(shape: [m, n])
    }
    let value = Tensor<Element>.computed(shape: [m, n]) {
        MatmulKernels.multiply(a.storage.base, transposeA: transposeA, b.storage.base, transposeB: transposeB, $0, m: m, n: n, k: k)
    }
    // For C = op(A)·op(B) with gradient G: ∂A is G·op(B)ᵀ (transposed back if A was), ∂B likewise.
    return Tensor.record(
        "matmul", value, inputs: [a, b],
        { g, x, _ in
            transposeA ? matmul(x[1], g, transposeA: transposeB, transposeB: true)
                : matmul(g, x[1], transposeA: false, transposeB: !transposeB)
        },
        { g, x, _ in
            transposeB ? matmul(g, x[0], transposeA: true, transposeB: transposeA)
                : matmul(x[0], g, transposeA: !transposeA, transposeB: false)
        })
}
