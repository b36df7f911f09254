/// Eigenvalues and eigenvectors of symmetric matrices by the cyclic Jacobi method. Nothing here
/// knows about tapes or gradients.
///
/// Each rotation zeroes one off-diagonal pair; sweeps over all pairs converge quadratically, and
/// the eigenvalues come out with high relative accuracy. O(n³) per sweep with a handful of
/// sweeps: meant for the small and medium matrices of models and checks, not for n in the
/// thousands.
enum SymmetricEigenKernels {
    /// Sweeps before giving up on convergence (typically 6 to 12 suffice in Double).
    static let maximumSweeps = 60

    /// Writes the eigenvalues of the symmetric n×n row-major matrix at `a` (its lower triangle is
    /// read, as LAPACK's `syevd` by default and PyTorch do), in ascending order, to `values`, and
    /// the matching orthonormal eigenvectors as the columns of the row-major n×n `vectors`.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func decompose<Element: TensorElement>(
        _ a: UnsafePointer<Element>, n: Int, values: UnsafeMutablePointer<Element>, vectors: UnsafeMutablePointer<Element>
    ) {
        let work = UnsafeMutablePointer<Element>.allocate(capacity: n &* n)
        let rotated = UnsafeMutablePointer<Element>.allocate(capacity: n &* n)
        defer {
            work.deallocate()
            rotated.deallocate()
        }
        // The symmetric matrix of the lower triangle; V = I.
        for i in 0..<n {
            for j in 0..<n {
                work[i &* n &+ j] = i >= j ? a[i &* n &+ j] : a[j &* n &+ i]
                rotated[i &* n &+ j] = i == j ? 1 : 0
            }
        }
        var total: Element = 0
        for index in 0..<(n &* n) { total += work[index] * work[index] }
        let tolerance = Element.ulpOfOne * Element.ulpOfOne * total
        for _ in 0..<maximumSweeps {
            var off: Element = 0
            for i in 0..<n {
                for j in (i + 1)..<n { off += work[i &* n &+ j] * work[i &* n &+ j] }
            }
            guard off > tolerance else { break }
            for p in 0..<n {
                for q in (p + 1)..<n { rotate(work, rotated, n: n, p, q) }
            }
        }
        // Ascending eigenvalues; the eigenvectors follow.
        let order = (0..<n).sorted { work[$0 &* n &+ $0] < work[$1 &* n &+ $1] }
        for (position, index) in order.enumerated() {
            values[position] = work[index &* n &+ index]
            for row in 0..<n { vectors[row &* n &+ position] = rotated[row &* n &+ index] }
        }
    }

    /// One Jacobi rotation in the plane (p, q) that zeroes a[p, q]: A ← JᵀAJ and V ← VJ.
    private static func rotate<Element: TensorElement>(
        _ a: UnsafeMutablePointer<Element>, _ v: UnsafeMutablePointer<Element>, n: Int, _ p: Int, _ q: Int
    ) {
        let apq = a[p &* n &+ q]
        guard apq != 0 else { return }
        let app = a[p &* n &+ p], aqq = a[q &* n &+ q]
        // t = tan φ, the smaller root of t² + 2θt − 1 = 0, for stability.
        let theta = (aqq - app) / (2 * apq)
        let t = (theta >= 0 ? 1 : -1) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot(), s = t * c
        for k in 0..<n {
            let kp = a[k &* n &+ p], kq = a[k &* n &+ q]
            a[k &* n &+ p] = c * kp - s * kq
            a[k &* n &+ q] = s * kp + c * kq
            let vp = v[k &* n &+ p], vq = v[k &* n &+ q]
            v[k &* n &+ p] = c * vp - s * vq
            v[k &* n &+ q] = s * vp + c * vq
        }
        let rowP = a + p &* n, rowQ = a + q &* n
        for k in 0..<n {
            let pk = rowP[k], qk = rowQ[k]
            rowP[k] = c * pk - s * qk
            rowQ[k] = s * pk + c * qk
        }
        // Exactly zero, not a rounding error's worth.
        a[p &* n &+ q] = 0
        a[q &* n &+ p] = 0
    }
}
