/// Reductions over contiguous buffers. Nothing here knows about tapes or gradients.
enum ReductionKernels {
    /// The sum of `count` elements, accumulated in eight lanes for speed and accuracy.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func sum<Element: TensorElement>(_ x: UnsafePointer<Element>, _ count: Int) -> Element {
        var lanes = SIMD8<Element>()
        var index = 0
        while index + 8 <= count {
            lanes += UnsafeRawPointer(x + index).loadUnaligned(as: SIMD8<Element>.self)
            index += 8
        }
        var total = lanes.sum()
        while index < count {
            total += x[index]
            index += 1
        }
        return total
    }

    /// Sums a tensor viewed as [outer, length, inner] along its middle axis into [outer, inner].
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func sumAxis<Element: TensorElement>(
        _ x: UnsafePointer<Element>, outer: Int, length: Int, inner: Int, _ out: UnsafeMutablePointer<Element>
    ) {
        for o in 0..<outer {
            let target = out + o * inner
            if inner == 1 {
                target[0] = sum(x + o * length, length)
                continue
            }
            target.initialize(repeating: 0, count: inner)
            for k in 0..<length {
                let row = x + (o * length + k) * inner
                for i in 0..<inner { target[i] += row[i] }
            }
        }
    }

    /// The maximum of a tensor viewed as [outer, length, inner] along its middle axis, and the
    /// index along that axis of the first element reaching it.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func maxAxis<Element: TensorElement>(
        _ x: UnsafePointer<Element>, outer: Int, length: Int, inner: Int,
        _ out: UnsafeMutablePointer<Element>, _ argmax: UnsafeMutablePointer<Int>
    ) {
        for o in 0..<outer {
            for i in 0..<inner {
                var best = x[o * length * inner + i], bestIndex = 0
                for k in 1..<Swift.max(length, 1) {
                    let value = x[(o * length + k) * inner + i]
                    // NaN wins, as in NumPy, so that it is not silently dropped.
                    if value > best || (value.isNaN && !best.isNaN) {
                        best = value
                        bestIndex = k
                    }
                }
                out[o * inner + i] = best
                argmax[o * inner + i] = bestIndex
            }
        }
    }
}
