extension MatmulKernels {
    /// C −= op(A)·B on blocks inside larger row-major matrices, the update step of the blocked
    /// factorisations and triangular solves: c[i·ldc + j] −= Σ_p op(A)[i, p]·b[p·ldb + j] for
    /// i < m, j < n, p < k, where op(A)[i, p] is a[i·lda + p], or a[p·lda + i] when `transposeA`.
    ///
    /// The blocks are copied into contiguous matrices (when their rows are not already packed) so
    /// that the GEMM micro-kernels, and their two threads, do the O(m·n·k) work; the copies are
    /// O(m·k + k·n + m·n).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func subtractProduct<Element: TensorElement>(
        _ a: UnsafePointer<Element>, lda: Int, transposeA: Bool,
        _ b: UnsafePointer<Element>, ldb: Int,
        _ c: UnsafeMutablePointer<Element>, ldc: Int, m: Int, n: Int, k: Int
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        // op(A) stored as it is: k×m rows of m when transposed, m×k rows of k otherwise.
        let (aRows, aColumns) = transposeA ? (k, m) : (m, k)
        let packedA = packed(a, ld: lda, rows: aRows, columns: aColumns)
        let packedB = packed(b, ld: ldb, rows: k, columns: n)
        let product = UnsafeMutablePointer<Element>.allocate(capacity: m &* n)
        defer {
            if packedA != a { UnsafeMutablePointer(mutating: packedA).deallocate() }
            if packedB != b { UnsafeMutablePointer(mutating: packedB).deallocate() }
            product.deallocate()
        }
        multiply(packedA, transposeA: transposeA, packedB, transposeB: false, product, m: m, n: n, k: k)
        for i in 0..<m {
            let row = c + i &* ldc, source = product + i &* n
            for j in 0..<n { row[j] -= source[j] }
        }
    }

    /// The rows×columns block at `source` (rows `ld` apart) as a contiguous matrix: `source`
    /// itself when its rows are already adjacent, else a copy the caller deallocates.
    private static func packed<Element: TensorElement>(
        _ source: UnsafePointer<Element>, ld: Int, rows: Int, columns: Int
    ) -> UnsafePointer<Element> {
        guard ld != columns && rows > 1 else { return source }
        let copy = UnsafeMutablePointer<Element>.allocate(capacity: rows &* columns)
        for i in 0..<rows { (copy + i &* columns).initialize(from: source + i &* ld, count: columns) }
        return UnsafePointer(copy)
    }
}
