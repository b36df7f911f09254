/// LU factorisation with partial pivoting, P·A = L·U, and the solves that use it. Nothing here
/// knows about tapes or gradients.
///
/// The factorisation is recursive over columns (Toledo's algorithm; LAPACK's `getrf2`): factor
/// the left half of the columns, solve for the top of the right half with the unit lower
/// triangle, update the bottom of the right half with one GEMM, and factor it. Almost all the
/// work is in the GEMMs, the rest in narrow panels. Row interchanges swap whole rows at once.
enum LUKernels {
    /// Panels at most this wide are factored column by column.
    static let panelWidth = 8

    /// Factors the n×n row-major matrix at `a` in place: afterwards its strict lower triangle
    /// holds L (whose diagonal is ones) and its upper triangle U, and row i was interchanged
    /// with row `pivots[i]` (≥ i) at step i. A zero column below the diagonal leaves a zero
    /// pivot (U[i, i] = 0) and the factorisation carries on, as LAPACK's does.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func factor<Element: TensorElement>(_ a: UnsafeMutablePointer<Element>, n: Int, pivots: UnsafeMutablePointer<Int>) {
        factorPanel(a, n: n, start: 0, width: n, pivots: pivots)
    }

    /// Factors the columns start..<start+width of rows start..<n, whose earlier columns are done.
    private static func factorPanel<Element: TensorElement>(
        _ a: UnsafeMutablePointer<Element>, n: Int, start: Int, width: Int, pivots: UnsafeMutablePointer<Int>
    ) {
        guard width > panelWidth else {
            factorNarrowPanel(a, n: n, start: start, width: width, pivots: pivots)
            return
        }
        let left = width / 2, right = width - left
        factorPanel(a, n: n, start: start, width: left, pivots: pivots)
        // [A12; A22] are the right half's rows beside and below the left half's diagonal block.
        let a11 = a + (start &* n &+ start), a12 = a11 + left, a21 = a11 + left &* n, a22 = a21 + left
        // A12 ← L11⁻¹·A12, then A22 ← A22 − L21·A12.
        TriangularSolveKernels.solve(
            UnsafePointer(a11), ldt: n, n: left, lower: true, transpose: false, unitDiagonal: true, a12, ldb: n, columns: right)
        MatmulKernels.subtractProduct(
            UnsafePointer(a21), lda: n, transposeA: false, UnsafePointer(a12), ldb: n, a22, ldc: n,
            m: n - start - left, n: right, k: left)
        factorPanel(a, n: n, start: start + left, width: right, pivots: pivots)
    }

    /// Factors each of the `count` n×n row-major matrices at `a` in turn, in a scratch copy, and
    /// calls `body` with the item's index, its factors and pivots (see ``factor(_:n:pivots:)``);
    /// `body` returns false to stop.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func forEachFactorisation<Element: TensorElement>(
        _ a: UnsafePointer<Element>, count: Int, n: Int,
        _ body: (_ item: Int, _ factors: UnsafePointer<Element>, _ pivots: UnsafePointer<Int>) -> Bool
    ) {
        let factors = UnsafeMutablePointer<Element>.allocate(capacity: n &* n)
        let pivots = UnsafeMutablePointer<Int>.allocate(capacity: n)
        defer {
            factors.deallocate()
            pivots.deallocate()
        }
        for item in 0..<count {
            factors.update(from: a + item &* n &* n, count: n &* n)
            factor(factors, n: n, pivots: pivots)
            guard body(item, factors, pivots) else { return }
        }
    }

    /// The determinant from the factors: the product of U's diagonal, negated once per row
    /// interchange.
    static func determinant<Element: TensorElement>(factors: UnsafePointer<Element>, pivots: UnsafePointer<Int>, n: Int) -> Element {
        var product: Element = 1
        for i in 0..<n {
            product *= factors[i &* n &+ i]
            if pivots[i] != i { product = -product }
        }
        return product
    }

    /// The determinant's sign (−1, 0 or 1) and the logarithm of its magnitude from the factors,
    /// which neither overflow nor underflow.
    static func logDeterminant<Element: TensorElement>(
        factors: UnsafePointer<Element>, pivots: UnsafePointer<Int>, n: Int
    ) -> (sign: Element, logMagnitude: Element) {
        var sign: Element = 1, logMagnitude: Element = 0
        for i in 0..<n {
            let pivot = factors[i &* n &+ i]
            if pivot == 0 { return (0, -.infinity) }
            if (pivots[i] != i) != (pivot < 0) { sign = -sign }
            logMagnitude += Element.log(Swift.abs(pivot))
        }
        return (sign, logMagnitude)
    }

    /// Factors a panel of a few columns one column at a time: pivot, interchange, scale, and a
    /// rank-one update of the panel's remaining columns.
    private static func factorNarrowPanel<Element: TensorElement>(
        _ a: UnsafeMutablePointer<Element>, n: Int, start: Int, width: Int, pivots: UnsafeMutablePointer<Int>
    ) {
        let end = start + width
        for j in start..<end {
            // The largest magnitude in column j on or below the diagonal; the first one on ties.
            var pivot = j, largest = Swift.abs(a[j &* n &+ j])
            for i in (j + 1)..<n where Swift.abs(a[i &* n &+ j]) > largest {
                pivot = i
                largest = Swift.abs(a[i &* n &+ j])
            }
            pivots[j] = pivot
            if pivot != j { swapRows(a, n, j, pivot) }
            let diagonal = a[j &* n &+ j]
            guard diagonal != 0 else { continue }
            let inverse = 1 / diagonal
            let pivotRow = a + j &* n
            for i in (j + 1)..<n {
                let row = a + i &* n
                row[j] *= inverse
                let factor = row[j]
                if factor == 0 { continue }
                for column in (j + 1)..<end { row[column] -= factor * pivotRow[column] }
            }
        }
    }

    /// Interchanges rows i and j of the n×n matrix.
    private static func swapRows<Element>(_ a: UnsafeMutablePointer<Element>, _ n: Int, _ i: Int, _ j: Int) {
        let first = a + i &* n, second = a + j &* n
        for column in 0..<n { swap(&first[column], &second[column]) }
    }

    /// Overwrites the n×k row-major B with A⁻¹·B, or with A⁻ᵀ·B when `transpose`, from the
    /// factors of A that ``factor(_:n:pivots:)`` left. U's diagonal must be nonzero.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func solve<Element: TensorElement>(
        factors lu: UnsafePointer<Element>, pivots: UnsafePointer<Int>, n: Int, transpose: Bool,
        _ b: UnsafeMutablePointer<Element>, columns k: Int
    ) {
        if transpose {
            // Aᵀ = Uᵀ·Lᵀ·P: solve with Uᵀ, then Lᵀ, then undo the interchanges last to first.
            TriangularSolveKernels.solve(lu, ldt: n, n: n, lower: false, transpose: true, unitDiagonal: false, b, ldb: k, columns: k)
            TriangularSolveKernels.solve(lu, ldt: n, n: n, lower: true, transpose: true, unitDiagonal: true, b, ldb: k, columns: k)
            for i in (0..<n).reversed() where pivots[i] != i { swapRows(b, k, i, pivots[i]) }
        } else {
            for i in 0..<n where pivots[i] != i { swapRows(b, k, i, pivots[i]) }
            TriangularSolveKernels.solve(lu, ldt: n, n: n, lower: true, transpose: false, unitDiagonal: true, b, ldb: k, columns: k)
            TriangularSolveKernels.solve(lu, ldt: n, n: n, lower: false, transpose: false, unitDiagonal: false, b, ldb: k, columns: k)
        }
    }
}
