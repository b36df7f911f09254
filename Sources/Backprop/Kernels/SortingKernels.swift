/// Stable sorting along an axis. Nothing here knows about tapes or gradients.
enum SortingKernels {
    /// For each slice of `x` viewed as [outer, length, inner] along its middle axis, the positions
    /// of its elements in sorted order, written to `out` in the same layout: ascending, or
    /// descending, with a NaN larger than every number (PyTorch's order) and equal elements in
    /// their original order (a stable sort).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func sortingPermutation<Element: TensorElement>(
        _ x: UnsafePointer<Element>, outer: Int, length: Int, inner: Int, descending: Bool, _ out: UnsafeMutablePointer<Int>
    ) {
        var positions = [Int](repeating: 0, count: length)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o &* length &* inner &+ i
                for k in 0..<length { positions[k] = k }
                // Ties are broken by position, so the order is stable whatever the sort algorithm.
                positions.sort { p, q in
                    let u = x[base &+ p &* inner], v = x[base &+ q &* inner]
                    if u.isNaN || v.isNaN {
                        if u.isNaN && v.isNaN { return p < q }
                        return descending ? u.isNaN : v.isNaN
                    }
                    if u != v { return descending ? u > v : u < v }
                    return p < q
                }
                for k in 0..<length { out[base &+ k &* inner] = positions[k] }
            }
        }
    }
}
