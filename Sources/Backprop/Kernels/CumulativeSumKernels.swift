/// Running sums along an axis. Nothing here knows about tapes or gradients.
enum CumulativeSumKernels {
    /// The running sums of `x` viewed as [outer, length, inner] along its middle axis, from the
    /// first element (`reversed` false: out[k] = x[0] + … + x[k]) or from the last (`reversed`
    /// true: out[k] = x[k] + … + x[length − 1]).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func cumulativeSum<Element: TensorElement>(
        _ x: UnsafePointer<Element>, outer: Int, length: Int, inner: Int, reversed: Bool,
        _ out: UnsafeMutablePointer<Element>
    ) {
        guard length > 0, inner > 0 else { return }
        // Rows along the axis are `inner` apart; the running row is the previous output row.
        let first = reversed ? length - 1 : 0
        let step = reversed ? -inner : inner
        for o in 0..<outer {
            let block = x + o &* length &* inner
            let target = out + o &* length &* inner
            var offset = first &* inner
            (target + offset).update(from: block + offset, count: inner)
            for _ in 1..<length {
                let previous = target + offset
                offset &+= step
                let row = block + offset, targetRow = target + offset
                for i in 0..<inner { targetRow[i] = previous[i] + row[i] }
            }
        }
    }
}
