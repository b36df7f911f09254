/// Triangular systems op(T)·X = B with many right-hand sides. Nothing here knows about tapes or
/// gradients.
///
/// Blocked: the diagonal blocks of T are solved row by row (each step an update of a whole row
/// of B, which vectorises over the right-hand sides), and the rest of B is updated with one GEMM
/// per block (``MatmulKernels/subtractProduct(_:lda:transposeA:_:ldb:_:ldc:m:n:k:)``), so that
/// almost all the work runs in the matrix-product micro-kernels.
enum TriangularSolveKernels {
    /// Rows of T solved directly before the rest of B is updated with a GEMM.
    static let blockSize = 32

    /// Overwrites the n×k matrix B (rows `ldb` apart) with X = op(T)⁻¹·B, where T is the n×n
    /// triangle at `t` (rows `ldt` apart; only its `lower` or upper triangle is read), op
    /// transposes it when asked, and a `unitDiagonal` is taken as ones without being read.
    /// The diagonal must be nonzero (the callers check it).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func solve<Element: TensorElement>(
        _ t: UnsafePointer<Element>, ldt: Int, n: Int, lower: Bool, transpose: Bool, unitDiagonal: Bool,
        _ b: UnsafeMutablePointer<Element>, ldb: Int, columns k: Int
    ) {
        guard n > 0, k > 0 else { return }
        // op(T)[i, p]: row i of op(T) is a row of T, or a column when transposed.
        let (rowStride, columnStride) = transpose ? (1, ldt) : (ldt, 1)
        func entry(_ i: Int, _ p: Int) -> Element { t[i &* rowStride &+ p &* columnStride] }
        // op(T) is lower triangular when T is lower and not transposed, or upper and transposed.
        let forward = lower != transpose
        let blocks = stride(from: 0, to: n, by: blockSize).map { $0..<Swift.min($0 + blockSize, n) }
        for block in forward ? blocks : blocks.reversed() {
            // The diagonal block, row by row: row i of B minus the solved rows before it (after
            // it, going backward), divided by the diagonal.
            for i in forward ? Array(block) : block.reversed() {
                let row = b + i &* ldb
                for p in forward ? block.lowerBound..<i : (i + 1)..<block.upperBound {
                    let factor = entry(i, p)
                    if factor == 0 { continue }
                    let solved = b + p &* ldb
                    for j in 0..<k { row[j] -= factor * solved[j] }
                }
                if !unitDiagonal {
                    let inverse = 1 / entry(i, i)
                    for j in 0..<k { row[j] *= inverse }
                }
            }
            // The rows still to solve, minus op(T)[rest, block]·X[block].
            let rest = forward ? block.upperBound..<n : 0..<block.lowerBound
            guard !rest.isEmpty else { continue }
            let corner = t + (rest.lowerBound &* rowStride &+ block.lowerBound &* columnStride)
            MatmulKernels.subtractProduct(
                corner, lda: ldt, transposeA: transpose, UnsafePointer(b + block.lowerBound &* ldb), ldb: ldb,
                b + rest.lowerBound &* ldb, ldc: ldb, m: rest.count, n: k, k: block.count)
        }
    }
}
