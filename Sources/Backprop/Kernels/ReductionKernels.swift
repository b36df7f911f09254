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
    /// index along that axis of the first element reaching it ([outer, inner] each). Rows are
    /// compared whole, so the inner loops run along contiguous memory.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func maxAxis<Element: TensorElement>(
        _ x: UnsafePointer<Element>, outer: Int, length: Int, inner: Int,
        _ out: UnsafeMutablePointer<Element>, argmax: UnsafeMutablePointer<Int32>
    ) {
        for o in 0..<outer {
            let block = x + o * length * inner, best = out + o * inner, positions = argmax + o * inner
            best.update(from: block, count: inner)
            positions.update(repeating: 0, count: inner)
            for k in 1..<Swift.max(length, 1) {
                let row = block + k * inner
                let index = Int32(truncatingIfNeeded: k)
                for i in 0..<inner {
                    let value = row[i], current = best[i]
                    // NaN wins, as in NumPy, so that it is not silently dropped. Selects rather
                    // than branches, so that the loop vectorises.
                    let better = value > current || (value != value && current == current)
                    best[i] = better ? value : current
                    positions[i] = better ? index : positions[i]
                }
            }
        }
    }

    /// The mask of a [outer, length, inner] tensor with 1 at the positions `argmax` ([outer,
    /// inner], indices along the middle axis) and 0 elsewhere.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func argmaxMask<Element: TensorElement>(
        _ argmax: UnsafePointer<Int32>, outer: Int, length: Int, inner: Int, _ mask: UnsafeMutablePointer<Element>
    ) {
        mask.update(repeating: 0, count: outer * length * inner)
        for o in 0..<outer {
            let block = mask + o * length * inner, positions = argmax + o * inner
            for i in 0..<inner { block[Int(positions[i]) * inner + i] = 1 }
        }
    }

    /// The mask of the `count` elements of `x` equal to `largest` (NaN counting as equal to a
    /// NaN `largest`), with 1 there and 0 elsewhere, and how many there are.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func tieMask<Element: TensorElement>(
        _ x: UnsafePointer<Element>, _ count: Int, reaching largest: Element, _ mask: UnsafeMutablePointer<Element>
    ) -> Int {
        var ties = 0
        for i in 0..<count {
            let tied = x[i] == largest || (x[i] != x[i] && largest != largest)
            mask[i] = tied ? 1 : 0
            ties += tied ? 1 : 0
        }
        return ties
    }
}
