/// Normalisation of exponentials along an axis. Nothing here knows about tapes or gradients.
enum SoftmaxKernels {
    /// The log-softmax of `x` viewed as [outer, length, inner], along its middle axis:
    /// out = (x − m) − log Σ exp(x − m), where m is the largest element of the slice. Subtracting m
    /// keeps every exponential in [0, 1], so logits of any magnitude give finite results.
    ///
    /// A slice whose maximum is infinite is shifted by 0 instead, so that a slice with some
    /// −∞ logits (masked entries) still gives −∞ there and finite values elsewhere.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func logSoftmax<Element: TensorElement>(
        _ x: UnsafePointer<Element>, outer: Int, length: Int, inner: Int, _ out: UnsafeMutablePointer<Element>
    ) {
        guard length > 0, inner > 0 else { return }
        // One slice element per lane of `inner`: the block [length, inner] is walked row by row,
        // so memory is read contiguously whatever the axis.
        let shift = UnsafeMutablePointer<Element>.allocate(capacity: inner)
        let total = UnsafeMutablePointer<Element>.allocate(capacity: inner)
        defer {
            shift.deallocate()
            total.deallocate()
        }
        for o in 0..<outer {
            let block = x + o &* length &* inner
            let target = out + o &* length &* inner
            shift.update(from: block, count: inner)
            for k in 1..<length {
                let row = block + k &* inner
                for i in 0..<inner where row[i] > shift[i] || row[i].isNaN { shift[i] = row[i] }
            }
            for i in 0..<inner where shift[i].isInfinite { shift[i] = 0 }
            total.update(repeating: 0, count: inner)
            for k in 0..<length {
                let row = block + k &* inner
                for i in 0..<inner { total[i] += Element.exp(row[i] - shift[i]) }
            }
            for i in 0..<inner { total[i] = Element.log(total[i]) }
            // (x − m) − log Σ, not x − (m + log Σ): m + log Σ would round log Σ to the precision
            // of m, an error of 10⁻¹² for logits of 10⁴ in Double and 10⁻³ in Float.
            for k in 0..<length {
                let row = block + k &* inner, targetRow = target + k &* inner
                for i in 0..<inner { targetRow[i] = (row[i] - shift[i]) - total[i] }
            }
        }
    }
}
