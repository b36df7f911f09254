/// Running log-sum-exp along an axis. Nothing here knows about tapes or gradients.
enum LogCumulativeSumExpKernels {
    /// out[k] = log(exp(x[0]) + … + exp(x[k])) along the middle axis of `x` viewed as [outer,
    /// length, inner] (`reversed`: log(exp(x[k]) + … + exp(x[last]))), accumulated pairwise as
    /// max + log1p(exp(min − max)), so no exponential overflows.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func logCumulativeSumExp<Element: TensorElement>(
        _ x: UnsafePointer<Element>, outer: Int, length: Int, inner: Int, reversed: Bool, _ out: UnsafeMutablePointer<Element>
    ) {
        guard length > 0, inner > 0 else { return }
        let first = reversed ? length &- 1 : 0
        let step = reversed ? -inner : inner
        for o in 0..<outer {
            var offset = o &* length &* inner &+ first &* inner
            (out + offset).update(from: x + offset, count: inner)
            for _ in 1..<length {
                let previous = offset
                offset &+= step
                for i in 0..<inner { out[offset &+ i] = logAddExp(out[previous &+ i], x[offset &+ i]) }
            }
        }
    }

    /// log(exp(a) + exp(b)) without overflow; −∞ for two −∞, +∞ with a +∞, NaN with a NaN.
    @inline(__always)
    private static func logAddExp<Element: TensorElement>(_ a: Element, _ b: Element) -> Element {
        if a.isNaN || b.isNaN { return .nan }
        let larger = Swift.max(a, b), smaller = Swift.min(a, b)
        if larger.isInfinite { return larger }
        return larger + Element.log1p(Element.exp(smaller - larger))
    }
}
