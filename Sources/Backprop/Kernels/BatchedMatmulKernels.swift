/// Stacks of matrix products. Nothing here knows about tapes or gradients.
enum BatchedMatmulKernels {
    /// C[β] = op(A[β])·op(B[β]) for every index β of `batchShape`, where A has batch shape
    /// `aBatchShape` and B `bBatchShape`, each broadcast to `batchShape` under NumPy's rules.
    /// Every item is row-major: op(A) is m×k, op(B) k×n, C m×n, and each product is one call
    /// of ``MatmulKernels/multiply(_:transposeA:_:transposeB:_:m:n:k:)``.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func multiply<Element: TensorElement>(
        _ a: UnsafePointer<Element>, batchShape aBatchShape: [Int], transposeA: Bool,
        _ b: UnsafePointer<Element>, batchShape bBatchShape: [Int], transposeB: Bool,
        _ c: UnsafeMutablePointer<Element>, batchShape: [Int], m: Int, n: Int, k: Int
    ) {
        let batchCount = Shape.count(batchShape)
        guard batchCount > 0, m > 0, n > 0 else { return }
        guard k > 0 else {
            c.initialize(repeating: 0, count: batchCount &* m &* n)
            return
        }
        // A broadcast batch axis steps by 0 matrices.
        let aStrides = Shape.broadcastStrides(aBatchShape, to: batchShape).map { $0 &* m &* k }
        let bStrides = Shape.broadcastStrides(bBatchShape, to: batchShape).map { $0 &* k &* n }
        let rank = batchShape.count
        var position = [Int](repeating: 0, count: rank)
        var aOffset = 0, bOffset = 0
        for item in 0..<batchCount {
            MatmulKernels.multiply(
                a + aOffset, transposeA: transposeA, b + bOffset, transposeB: transposeB,
                c + item &* m &* n, m: m, n: n, k: k)
            // Advance the odometer over the batch axes.
            var axis = rank - 1
            while axis >= 0 {
                position[axis] += 1
                aOffset &+= aStrides[axis]
                bOffset &+= bStrides[axis]
                if position[axis] < batchShape[axis] { break }
                aOffset &-= aStrides[axis] &* batchShape[axis]
                bOffset &-= bStrides[axis] &* batchShape[axis]
                position[axis] = 0
                axis -= 1
            }
        }
    }
}
