/// The reduced singular value decomposition A = U·diag(σ)·Vᵀ by one-sided Jacobi rotations
/// (Hestenes' method). Nothing here knows about tapes or gradients.
///
/// The columns of the tall orientation T of A (A or Aᵀ, with at least as many rows as columns)
/// are kept as contiguous rows and rotated in pairs until all are orthogonal; their lengths are
/// the singular values and the accumulated rotations the other factor. Accurate to high relative
/// precision; O(mn²) per sweep with a handful of sweeps.
enum SingularValueKernels {
    /// Sweeps before giving up on convergence (typically 6 to 12 suffice in Double).
    static let maximumSweeps = 60

    /// Writes the reduced SVD of the m×n row-major matrix at `a`, with k = min(m, n): U (m×k,
    /// orthonormal columns) to `u`, the singular values in descending order to `s` and Vᵀ (k×n,
    /// orthonormal rows) to `vh`, all row-major. For a rank-deficient A the singular vectors of the
    /// zero singular values complete an orthonormal set.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func decompose<Element: TensorElement>(
        _ a: UnsafePointer<Element>, m: Int, n: Int,
        u: UnsafeMutablePointer<Element>, s: UnsafeMutablePointer<Element>, vh: UnsafeMutablePointer<Element>
    ) {
        let tall = m >= n
        let (rows, length) = tall ? (n, m) : (m, n)
        guard rows > 0 else { return }
        // Row j of w is column j of T; q starts as the identity and receives the same rotations.
        let w = UnsafeMutablePointer<Element>.allocate(capacity: rows &* length)
        let q = UnsafeMutablePointer<Element>.allocate(capacity: rows &* rows)
        defer {
            w.deallocate()
            q.deallocate()
        }
        for j in 0..<rows {
            for i in 0..<length { w[j &* length &+ i] = tall ? a[i &* n &+ j] : a[j &* n &+ i] }
            for i in 0..<rows { q[j &* rows &+ i] = i == j ? 1 : 0 }
        }
        for _ in 0..<maximumSweeps {
            var rotated = false
            for p in 0..<rows {
                for r in (p + 1)..<rows where rotate(w, length: length, q, rows: rows, p, r) { rotated = true }
            }
            if !rotated { break }
        }
        // Singular values are the rows' lengths; the rows, normalised, are T's left vectors.
        let norms = (0..<rows).map { j in dot(w + j &* length, w + j &* length, length).squareRoot() }
        let order = (0..<rows).sorted { norms[$0] > norms[$1] }
        let largest = norms[order[0]]
        let vectors = UnsafeMutablePointer<Element>.allocate(capacity: rows &* length)
        defer { vectors.deallocate() }
        for (position, index) in order.enumerated() {
            s[position] = norms[index]
            let target = vectors + position &* length, source = w + index &* length
            if norms[index] > Element(length) * Element.ulpOfOne * largest {
                for i in 0..<length { target[i] = source[i] / norms[index] }
            } else {
                completeOrthonormal(vectors, count: position, length: length)
                s[position] = 0
            }
        }
        // T = [vectors]ᵀ·diag(σ)·Q, reordered: A = T gives U = vectorsᵀ, Vᵀ = Q; A = Tᵀ swaps them.
        for (position, index) in order.enumerated() {
            for i in 0..<length {
                if tall { u[i &* rows &+ position] = vectors[position &* length &+ i] } else { vh[position &* length &+ i] = vectors[position &* length &+ i] }
            }
            for i in 0..<rows {
                if tall { vh[position &* rows &+ i] = q[index &* rows &+ i] } else { u[i &* rows &+ position] = q[index &* rows &+ i] }
            }
        }
    }

    /// Rotates rows p and r of w (and of q) to make them orthogonal; false when they already
    /// are, to working precision.
    private static func rotate<Element: TensorElement>(
        _ w: UnsafeMutablePointer<Element>, length: Int, _ q: UnsafeMutablePointer<Element>, rows: Int, _ p: Int, _ r: Int
    ) -> Bool {
        let wp = w + p &* length, wr = w + r &* length
        let alpha = dot(wp, wp, length), beta = dot(wr, wr, length), gamma = dot(wp, wr, length)
        guard Swift.abs(gamma) > Element.ulpOfOne * (alpha * beta).squareRoot(), gamma.isFinite else { return false }
        // t = tan φ, the smaller root of t² + 2ζt − 1 = 0.
        let zeta = (beta - alpha) / (2 * gamma)
        let t = (zeta >= 0 ? 1 : -1) / (Swift.abs(zeta) + (1 + zeta * zeta).squareRoot())
        let c = 1 / (1 + t * t).squareRoot(), sine = c * t
        rotatePair(wp, wr, length, c, sine)
        rotatePair(q + p &* rows, q + r &* rows, rows, c, sine)
        return true
    }

    /// x ← c·x − s·y, y ← s·x + c·y.
    private static func rotatePair<Element: TensorElement>(
        _ x: UnsafeMutablePointer<Element>, _ y: UnsafeMutablePointer<Element>, _ count: Int, _ c: Element, _ s: Element
    ) {
        for i in 0..<count {
            let xi = x[i], yi = y[i]
            x[i] = c * xi - s * yi
            y[i] = s * xi + c * yi
        }
    }

    private static func dot<Element: TensorElement>(_ x: UnsafePointer<Element>, _ y: UnsafePointer<Element>, _ count: Int) -> Element {
        var total: Element = 0
        for i in 0..<count { total += x[i] * y[i] }
        return total
    }

    /// Writes to row `count` of `vectors` a unit vector orthogonal to its first `count` rows
    /// (orthonormal), from the first coordinate vector that is not in their span (Gram–Schmidt,
    /// applied twice for accuracy).
    private static func completeOrthonormal<Element: TensorElement>(_ vectors: UnsafeMutablePointer<Element>, count: Int, length: Int) {
        let target = vectors + count &* length
        for axis in 0..<length {
            for i in 0..<length { target[i] = i == axis ? 1 : 0 }
            for _ in 0..<2 {
                for row in 0..<count {
                    let other = vectors + row &* length
                    let projection = dot(UnsafePointer(target), UnsafePointer(other), length)
                    for i in 0..<length { target[i] -= projection * other[i] }
                }
            }
            let norm = dot(UnsafePointer(target), UnsafePointer(target), length).squareRoot()
            if norm > 0.5 {
                for i in 0..<length { target[i] /= norm }
                return
            }
        }
    }
}
