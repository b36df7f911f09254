/// The Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix. Nothing here
/// knows about tapes or gradients.
///
/// Blocked and right-looking, on U = Lᵀ so that the rows the updates stream along are
/// contiguous in row-major storage: factor a diagonal block, solve for the block row beside it
/// (a triangular solve), and subtract its Gram matrix from the upper triangle of the trailing
/// matrix, block row by block row, with the GEMM micro-kernels.
enum CholeskyKernels {
    /// Columns factored per step.
    static let blockSize = 64

    /// Writes to `l` the lower-triangular factor of the n×n row-major matrix at `a`, of which
    /// only the lower triangle is read (LAPACK's and PyTorch's convention); L's strict upper
    /// triangle is zero. Returns nil, or the index j when the leading minor of order j + 1 is
    /// not positive (the factorisation stops there and `l` is unspecified).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func factor<Element: TensorElement>(_ a: UnsafePointer<Element>, n: Int, into l: UnsafeMutablePointer<Element>) -> Int? {
        // U's upper triangle is A's lower triangle, transposed; its strict lower part stays 0.
        for i in 0..<n {
            for j in 0..<n { l[i &* n &+ j] = j >= i ? a[j &* n &+ i] : 0 }
        }
        for start in stride(from: 0, to: n, by: blockSize) {
            let end = Swift.min(start + blockSize, n)
            if let failed = factorDiagonalBlock(l, n: n, start..<end) { return failed }
            guard end < n else { break }
            // U12 ← U11⁻ᵀ·A12: the block row beside the diagonal block.
            let u11 = l + (start &* n &+ start), u12 = u11 + (end - start)
            TriangularSolveKernels.solve(
                UnsafePointer(u11), ldt: n, n: end - start, lower: false, transpose: true, unitDiagonal: false,
                u12, ldb: n, columns: n - end)
            // A22 ← A22 − U12ᵀ·U12, on and above the diagonal, one block row at a time.
            for row in stride(from: end, to: n, by: blockSize) {
                let rows = Swift.min(blockSize, n - row)
                let top = UnsafePointer(l + (start &* n &+ row))
                MatmulKernels.subtractProduct(
                    top, lda: n, transposeA: true, top, ldb: n, l + (row &* n &+ row), ldc: n,
                    m: rows, n: n - row, k: end - start)
            }
        }
        // L = Uᵀ.
        for i in 0..<n {
            for j in (i + 1)..<n {
                l[j &* n &+ i] = l[i &* n &+ j]
                l[i &* n &+ j] = 0
            }
        }
        return nil
    }

    /// Factors the diagonal block of U on rows and columns `block`, whose trailing update is
    /// done, column by column; returns the failing index as `factor` does.
    private static func factorDiagonalBlock<Element: TensorElement>(
        _ u: UnsafeMutablePointer<Element>, n: Int, _ block: Range<Int>
    ) -> Int? {
        for j in block {
            let square = u[j &* n &+ j]
            // NaN fails too: a matrix with NaN is not positive-definite.
            guard square > 0, square.isFinite else { return j }
            let diagonal = square.squareRoot()
            u[j &* n &+ j] = diagonal
            let row = u + j &* n, inverse = 1 / diagonal
            for column in (j + 1)..<block.upperBound { row[column] *= inverse }
            for i in (j + 1)..<block.upperBound {
                let factor = row[i], target = u + i &* n
                for column in i..<block.upperBound { target[column] -= factor * row[column] }
            }
        }
        return nil
    }
}
