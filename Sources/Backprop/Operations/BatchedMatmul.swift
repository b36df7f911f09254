/// The inner product Σ aᵢbᵢ of two vectors of the same length, as a 0-d tensor.
///
/// ```swift
/// dot(Tensor<Double>([1, 2, 3]), Tensor<Double>([4, 5, 6])).scalar   // 32
/// ```
public func dot<Element>(_ lhs: Tensor<Element>, _ rhs: Tensor<Element>) -> Tensor<Element> {
    guard lhs.rank == 1, rhs.rank == 1, lhs.shape == rhs.shape else {
        raise(BackpropError(
            .shapeMismatch, operation: "dot",
            problem: lhs.rank == 1 && rhs.rank == 1
                ? "the vectors of shapes \(Shape.describe(lhs.shape)) and \(Shape.describe(rhs.shape)) have different lengths"
                : "operands of shapes \(Shape.describe(lhs.shape)) and \(Shape.describe(rhs.shape)) are not both 1-d",
            fix: "Pass two 1-d tensors of the same length, or use matmul for matrices"))
        return .placeholder(shape: [])
    }
    return matmul(lhs, rhs)
}

/// The outer product of two vectors: the matrix whose element (i, j) is aᵢbⱼ.
///
/// ```swift
/// outer(Tensor<Double>([1, 2]), Tensor<Double>([3, 4, 5])).shape   // [2, 3]
/// ```
public func outer<Element>(_ lhs: Tensor<Element>, _ rhs: Tensor<Element>) -> Tensor<Element> {
    guard lhs.rank == 1, rhs.rank == 1 else {
        raise(BackpropError(
            .shapeMismatch, operation: "outer",
            problem: "operands of shapes \(Shape.describe(lhs.shape)) and \(Shape.describe(rhs.shape)) are not both 1-d",
            fix: "Flatten the operands first with reshaped(to: [-1])"))
        return .placeholder(shape: [lhs.count, rhs.count])
    }
    return lhs.reshaped(to: [lhs.shape[0], 1]) * rhs.reshaped(to: [1, rhs.shape[0]])
}

/// `matmul` for operands of rank 1 or more, following NumPy: the last two axes hold the
/// matrices and the leading axes are batch axes, broadcast against each other; a 1-d left
/// operand is a row vector and a 1-d right operand a column vector, their added axis removed
/// from the result.
@_specialize(where Element == Float)
@_specialize(where Element == Double)
func batchedMatmul<Element>(_ lhs: Tensor<Element>, _ rhs: Tensor<Element>) -> Tensor<Element> {
    let k = lhs.shape[lhs.rank - 1]
    let kb = rhs.rank == 1 ? rhs.shape[0] : rhs.shape[rhs.rank - 2]
    let m = lhs.rank == 1 ? 1 : lhs.shape[lhs.rank - 2]
    let n = rhs.rank == 1 ? 1 : rhs.shape[rhs.rank - 1]
    guard let batch = broadcastBatchShapes(lhs.shape, rhs.shape) else { return .placeholder(shape: [m, n]) }
    guard k == kb else {
        raiseInnerSizeMismatch(Shape.describe(lhs.shape), Shape.describe(rhs.shape), k, kb)
        return .placeholder(shape: batch + [m, n])
    }
    let left = lhs.rank == 1 ? lhs.reshaped(to: [1, k]) : lhs
    let right = rhs.rank == 1 ? rhs.reshaped(to: [k, 1]) : rhs
    let product = batchedMatmul(left, right, transposeA: false, transposeB: false)
    guard lhs.rank == 1 || rhs.rank == 1 else { return product }
    return product.reshaped(to: batch + (lhs.rank == 1 ? [] : [m]) + (rhs.rank == 1 ? [] : [n]))
}

/// The stacked products op(A[β])·op(B[β]) of operands of rank 2 or more, whose leading (batch)
/// axes broadcast against each other; op transposes the last two axes when asked, without
/// materialising the transpose.
///
/// The single matrix-product primitive: a plain 2-d product is the batch of one. A 2-d B
/// without transposed A is one large 2-d product of A's stacked rows, and a 2-d A times a stack
/// of vectors one product of the vectors by op(A)ᵀ; everything else is recorded as one batched
/// primitive whose rules are batched products too.
@_specialize(where Element == Float)
@_specialize(where Element == Double)
func batchedMatmul<Element>(
    _ a: Tensor<Element>, _ b: Tensor<Element>, transposeA: Bool, transposeB: Bool
) -> Tensor<Element> {
    let aMatrix = Array(a.shape.suffix(2)), bMatrix = Array(b.shape.suffix(2))
    let (m, k) = transposeA ? (aMatrix[1], aMatrix[0]) : (aMatrix[0], aMatrix[1])
    let (kb, n) = transposeB ? (bMatrix[1], bMatrix[0]) : (bMatrix[0], bMatrix[1])
    guard let batch = broadcastBatchShapes(a.shape, b.shape) else { return .placeholder(shape: [m, n]) }
    guard k == kb else {
        raiseInnerSizeMismatch(
            Shape.describe(a.shape) + (transposeA ? "ᵀ" : ""), Shape.describe(b.shape) + (transposeB ? "ᵀ" : ""), k, kb)
        return .placeholder(shape: batch + [m, n])
    }
    guard Shape.allocatableCount(batch + [m, n], of: Element.self, operation: "matmul") != nil else {
        return .placeholder(shape: batch + [m, n])
    }
    if b.rank == 2 && a.rank > 2 && !transposeA {
        let rows = Shape.count(batch) * m
        return batchedMatmul(a.reshaped(to: [rows, k]), b, transposeA: false, transposeB: transposeB).reshaped(to: batch + [m, n])
    }
    if a.rank == 2 && b.rank > 2 && n == 1 {
        // A stack of matrix–vector products (a batched sweep makes them) is one product: the
        // vectors as rows, times op(A)ᵀ.
        let vectors = Shape.count(batch)
        return batchedMatmul(b.reshaped(to: [vectors, k]), a, transposeA: false, transposeB: !transposeA).reshaped(to: batch + [m, 1])
    }
    let aBatch = Array(a.shape.dropLast(2)), bBatch = Array(b.shape.dropLast(2))
    let value = Tensor<Element>.computed(shape: batch + [m, n]) {
        BatchedMatmulKernels.multiply(
            a.storage.base, batchShape: aBatch, transposeA: transposeA,
            b.storage.base, batchShape: bBatch, transposeB: transposeB,
            $0, batchShape: batch, m: m, n: n, k: k)
    }
    // The 2-d rules applied to every item; the sweep sums gradients over broadcast batch axes.
    // A stack of cotangents is one more batch axis.
    return Tensor.record(
        .matmul(transposeA: transposeA, transposeB: transposeB), value, inputs: [a, b], batching: .sameRules,
        { g, x, _ in
            transposeA ? batchedMatmul(x[1], g, transposeA: transposeB, transposeB: true)
                : batchedMatmul(g, x[1], transposeA: false, transposeB: !transposeB)
        },
        { g, x, _ in
            transposeB ? batchedMatmul(g, x[0], transposeA: true, transposeB: transposeA)
                : batchedMatmul(x[0], g, transposeA: !transposeA, transposeB: false)
        })
}

/// The broadcast shape of the batch axes (all but the last two) of two matmul operands, or nil
/// after raising an error naming both shapes.
private func broadcastBatchShapes(_ lhs: [Int], _ rhs: [Int]) -> [Int]? {
    let lhsBatch = Array(lhs.dropLast(2)), rhsBatch = Array(rhs.dropLast(2))
    if let batch = Shape.broadcast(lhsBatch, rhsBatch) { return batch }
    raise(BackpropError(
        .shapeMismatch, operation: "matmul",
        problem: "the batch axes \(Shape.describe(lhsBatch)) of \(Shape.describe(lhs)) and \(Shape.describe(rhsBatch)) of \(Shape.describe(rhs)) do not broadcast: aligned from the right, each pair of sizes must be equal or contain a 1",
        fix: "Give both operands the same batch sizes, or size 1 where one should be repeated (for example x.unsqueezed(at: 0))"))
    return nil
}

/// Raises the error of a matmul whose operands (described as the user sees them) have
/// different inner sizes.
private func raiseInnerSizeMismatch(_ lhs: String, _ rhs: String, _ k: Int, _ kb: Int) {
    raise(BackpropError(
        .shapeMismatch, operation: "matmul",
        problem: "cannot multiply \(lhs) by \(rhs): the inner sizes \(k) and \(kb) differ",
        fix: "The left operand's matrices need as many columns as the right one's have rows; transpose or reshape an operand"))
}
