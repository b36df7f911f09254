/// First-order linear recurrences along an axis. Nothing here knows about tapes or gradients.
enum LinearRecurrenceKernels {
    /// h_k = a_k·h_{k−1} + b_k along the middle axis of `a` and `b` viewed as [outer, length,
    /// inner], from the first position (`reversed` false) or h_k = a_k·h_{k+1} + b_k from the last
    /// (`reversed` true), with the value before the start taken as 0.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func linearRecurrence<Element: TensorElement>(
        coefficients a: UnsafePointer<Element>, _ b: UnsafePointer<Element>, outer: Int, length: Int, inner: Int,
        reversed: Bool, _ out: UnsafeMutablePointer<Element>
    ) {
        guard length > 0, inner > 0 else { return }
        let first = reversed ? length &- 1 : 0
        let step = reversed ? -inner : inner
        for o in 0..<outer {
            let block = o &* length &* inner
            var offset = block &+ first &* inner
            (out + offset).update(from: b + offset, count: inner)
            for _ in 1..<length {
                let previous = offset
                offset &+= step
                for i in 0..<inner { out[offset &+ i] = a[offset &+ i] * out[previous &+ i] + b[offset &+ i] }
            }
        }
    }
}
