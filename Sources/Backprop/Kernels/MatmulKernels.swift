/// Matrix products. Nothing here knows about tapes or gradients.
enum MatmulKernels {
    /// C = op(A)·op(B) for row-major A and B, where op transposes when asked: op(A) is m×k and
    /// op(B) is k×n. Transposed operands are read through packed copies, so the inner loop runs
    /// along contiguous rows of op(B) and C.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func multiply<Element: TensorElement>(
        _ a: UnsafePointer<Element>, transposeA: Bool,
        _ b: UnsafePointer<Element>, transposeB: Bool,
        _ c: UnsafeMutablePointer<Element>, m: Int, n: Int, k: Int
    ) {
        withRowMajor(a, transposed: transposeA, rows: m, columns: k) { a in
            withRowMajor(b, transposed: transposeB, rows: k, columns: n) { b in
                for i in 0..<m {
                    let row = c + i * n
                    row.initialize(repeating: 0, count: n)
                    for p in 0..<k {
                        let scale = a[i * k + p]
                        let source = b + p * n
                        for j in 0..<n { row[j] += scale * source[j] }
                    }
                }
            }
        }
    }

    /// Calls `body` with a row-major rows×columns matrix: `x` itself, or a transposed copy of
    /// the columns×rows matrix `x`.
    @inline(__always)
    private static func withRowMajor<Element: TensorElement>(
        _ x: UnsafePointer<Element>, transposed: Bool, rows: Int, columns: Int,
        _ body: (UnsafePointer<Element>) -> Void
    ) {
        guard transposed else { return body(x) }
        let copy = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(rows * columns, 1))
        defer { copy.deallocate() }
        TransposeKernels.transpose2D(x, rows: columns, columns: rows, copy)
        body(copy)
    }
}
