/// Element scatters that overwrite or reduce. Nothing here knows about tapes or gradients.
enum ScatterReduceKernels {
    /// Writes each element of `source` (viewed as [outer, picks, inner]) into `out` (viewed as
    /// [outer, length, inner], holding the tensor scattered into) at the position along the
    /// middle axis that `indices` (one per source element) names: overwriting (`reduction` nil,
    /// the last write winning) or combined by `reduction`. Without `includeSelf`, the first
    /// element reaching a position replaces what `out` held there. `counts` receives how many
    /// elements reached each position of `out`, and `writers` the row-major position in `source`
    /// of the last one (−1 where none did).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func scatter<Element: TensorElement>(
        _ source: UnsafePointer<Element>, outer: Int, picks: Int, inner: Int, indices: UnsafePointer<Int>,
        into out: UnsafeMutablePointer<Element>, length: Int, reduction: ScatterReduction?, includeSelf: Bool,
        counts: UnsafeMutablePointer<Int>, writers: UnsafeMutablePointer<Int>
    ) {
        counts.initialize(repeating: 0, count: outer &* length &* inner)
        writers.initialize(repeating: -1, count: outer &* length &* inner)
        for o in 0..<outer {
            for j in 0..<picks {
                let row = (o &* picks &+ j) &* inner
                for i in 0..<inner {
                    let target = (o &* length &+ indices[row &+ i]) &* inner &+ i
                    let value = source[row &+ i]
                    defer {
                        counts[target] &+= 1
                        writers[target] = row &+ i
                    }
                    guard let reduction, includeSelf || counts[target] > 0 else {
                        out[target] = value
                        continue
                    }
                    let current = out[target]
                    switch reduction {
                    case .sum, .mean: out[target] = current + value
                    case .product: out[target] = current * value
                    case .amax: out[target] = current.isNaN || value.isNaN ? .nan : Swift.max(current, value)
                    case .amin: out[target] = current.isNaN || value.isNaN ? .nan : Swift.min(current, value)
                    }
                }
            }
        }
        guard reduction == .mean else { return }
        for position in 0..<outer &* length &* inner where counts[position] > 0 {
            out[position] /= Element(counts[position] &+ (includeSelf ? 1 : 0))
        }
    }
}
