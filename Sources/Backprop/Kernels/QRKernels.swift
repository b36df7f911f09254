/// The reduced QR factorisation A = Q·R by Householder reflections. Nothing here knows about
/// tapes or gradients.
///
/// Column j of the working copy is reflected onto a multiple of the j-th coordinate vector
/// (the reflection chosen to avoid cancellation, as LAPACK's `geqrf`), which leaves R above the
/// diagonal; Q is the product of the reflections applied to the first k columns of the identity.
enum QRKernels {
    /// Writes the reduced QR factorisation of the m×n row-major matrix at `a`, with
    /// k = min(m, n): Q (m×k, orthonormal columns) to `q` and R (k×n, upper triangular) to `r`,
    /// both row-major. R's diagonal may be negative, as LAPACK's.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func factor<Element: TensorElement>(
        _ a: UnsafePointer<Element>, m: Int, n: Int, q: UnsafeMutablePointer<Element>, r: UnsafeMutablePointer<Element>
    ) {
        let k = Swift.min(m, n)
        let work = UnsafeMutablePointer<Element>.allocate(capacity: m &* n)
        // Reflector j is I − 2vvᵀ with v (unit, zero above row j) stored in column j of `reflectors`.
        let reflectors = UnsafeMutablePointer<Element>.allocate(capacity: m &* Swift.max(k, 1))
        let projections = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(n, k, 1))
        defer {
            work.deallocate()
            reflectors.deallocate()
            projections.deallocate()
        }
        work.initialize(from: a, count: m &* n)
        reflectors.initialize(repeating: 0, count: m &* Swift.max(k, 1))
        for j in 0..<k {
            var norm: Element = 0
            for i in j..<m { norm += work[i &* n &+ j] * work[i &* n &+ j] }
            norm = norm.squareRoot()
            guard norm > 0 else { continue }
            let x0 = work[j &* n &+ j]
            let alpha = x0 > 0 ? -norm : norm
            // v = x − αe₁, normalised; its length² is 2‖x‖(‖x‖ + |x₀|).
            let scale = 1 / (2 * norm * (norm + Swift.abs(x0))).squareRoot()
            for i in j..<m { reflectors[i &* k &+ j] = (work[i &* n &+ j] - (i == j ? alpha : 0)) * scale }
            reflect(work, columns: n, from: j, reflectors, k, j, rows: m, projections)
        }
        for i in 0..<k {
            for j in 0..<n { r[i &* n &+ j] = j >= i ? work[i &* n &+ j] : 0 }
        }
        // Q = H₀·H₁·…·H_{k−1}·I[:, :k], applied right to left.
        for i in 0..<m {
            for j in 0..<k { q[i &* k &+ j] = i == j ? 1 : 0 }
        }
        for j in (0..<k).reversed() { reflect(q, columns: k, from: j, reflectors, k, j, rows: m, projections) }
    }

    /// x ← (I − 2vvᵀ)·x for rows j..<m of the `columns`-wide row-major matrix x, v being column
    /// `index` of `reflectors` (rows `stride` apart).
    private static func reflect<Element: TensorElement>(
        _ x: UnsafeMutablePointer<Element>, columns: Int, from j: Int, _ reflectors: UnsafePointer<Element>, _ stride: Int, _ index: Int,
        rows m: Int, _ projections: UnsafeMutablePointer<Element>
    ) {
        projections.update(repeating: 0, count: columns)
        for i in j..<m {
            let weight = reflectors[i &* stride &+ index], row = x + i &* columns
            for c in 0..<columns { projections[c] += weight * row[c] }
        }
        for i in j..<m {
            let weight = 2 * reflectors[i &* stride &+ index], row = x + i &* columns
            for c in 0..<columns { row[c] -= weight * projections[c] }
        }
    }
}
