/// Pointwise comparisons, written as 1 (true) or 0 (false) in the element type.
enum ComparisonKernel {
    case less, greater, lessOrEqual, greaterOrEqual, equal, notEqual
}

/// Comparisons, selection and clamping over contiguous buffers, with NumPy broadcasting. Nothing
/// here knows about tapes or gradients.
enum ComparisonKernels {
    /// out = (a op b) ? 1 : 0 with broadcasting: `a` of `aShape` and `b` of `bShape` are read as
    /// if repeated to `outShape`.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func compare<Element: TensorElement>(
        _ operation: ComparisonKernel,
        _ a: UnsafePointer<Element>, _ aShape: [Int],
        _ b: UnsafePointer<Element>, _ bShape: [Int],
        _ out: UnsafeMutablePointer<Element>, _ outShape: [Int]
    ) {
        switch operation {
        case .less: compare(a, aShape, b, bShape, out, outShape) { $0 < $1 }
        case .greater: compare(a, aShape, b, bShape, out, outShape) { $0 > $1 }
        case .lessOrEqual: compare(a, aShape, b, bShape, out, outShape) { $0 <= $1 }
        case .greaterOrEqual: compare(a, aShape, b, bShape, out, outShape) { $0 >= $1 }
        case .equal: compare(a, aShape, b, bShape, out, outShape) { $0 == $1 }
        case .notEqual: compare(a, aShape, b, bShape, out, outShape) { $0 != $1 }
        }
    }

    @inline(__always)
    private static func compare<Element: TensorElement>(
        _ a: UnsafePointer<Element>, _ aShape: [Int],
        _ b: UnsafePointer<Element>, _ bShape: [Int],
        _ out: UnsafeMutablePointer<Element>, _ outShape: [Int],
        _ holds: (Element, Element) -> Bool
    ) {
        forEachBroadcastRow(outShape, aShape, bShape, []) { offsets, steps, outOffset, length in
            let rowA = a + offsets.0, rowB = b + offsets.1, rowOut = out + outOffset
            let stepA = steps.0, stepB = steps.1
            var index = 0
            while index < length {
                rowOut[index] = holds(rowA[index &* stepA], rowB[index &* stepB]) ? 1 : 0
                index &+= 1
            }
        }
    }

    /// out = mask ≠ 0 ? a : b with broadcasting among the three.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func select<Element: TensorElement>(
        _ mask: UnsafePointer<Element>, _ maskShape: [Int],
        _ a: UnsafePointer<Element>, _ aShape: [Int],
        _ b: UnsafePointer<Element>, _ bShape: [Int],
        _ out: UnsafeMutablePointer<Element>, _ outShape: [Int]
    ) {
        forEachBroadcastRow(outShape, maskShape, aShape, bShape) { offsets, steps, outOffset, length in
            let rowMask = mask + offsets.0, rowA = a + offsets.1, rowB = b + offsets.2, rowOut = out + outOffset
            let stepMask = steps.0, stepA = steps.1, stepB = steps.2
            var index = 0
            while index < length {
                rowOut[index] = rowMask[index &* stepMask] != 0 ? rowA[index &* stepA] : rowB[index &* stepB]
                index &+= 1
            }
        }
    }

    /// out[i] = x[i] limited to lower...upper; NaN stays NaN.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func clamp<Element: TensorElement>(
        _ x: UnsafePointer<Element>, lower: Element, upper: Element, _ out: UnsafeMutablePointer<Element>, _ count: Int
    ) {
        var index = 0
        while index < count {
            let value = x[index]
            out[index] = value < lower ? lower : value > upper ? upper : value
            index &+= 1
        }
    }

    /// Calls `body` once per run of `outShape` in which every operand advances by a fixed step
    /// (1, or 0 where it is repeated), with the run's offset in each operand and in the output.
    /// The whole output is one run when each operand is either full-sized or a single element;
    /// otherwise each run is a row along the last axis.
    @inline(__always)
    private static func forEachBroadcastRow(
        _ outShape: [Int], _ shape0: [Int], _ shape1: [Int], _ shape2: [Int],
        _ body: (_ offsets: (Int, Int, Int), _ steps: (Int, Int, Int), _ outOffset: Int, _ length: Int) -> Void
    ) {
        let count = Shape.count(outShape)
        guard count > 0 else { return }
        let counts = (Shape.count(shape0), Shape.count(shape1), Shape.count(shape2))
        if [counts.0, counts.1, counts.2].allSatisfy({ $0 == count || $0 == 1 }) {
            body((0, 0, 0), (counts.0 == count ? 1 : 0, counts.1 == count ? 1 : 0, counts.2 == count ? 1 : 0), 0, count)
            return
        }
        let rank = outShape.count
        let strides0 = Shape.broadcastStrides(shape0, to: outShape)
        let strides1 = Shape.broadcastStrides(shape1, to: outShape)
        let strides2 = Shape.broadcastStrides(shape2, to: outShape)
        let inner = outShape[rank - 1]
        let steps = (strides0[rank - 1], strides1[rank - 1], strides2[rank - 1])
        var position = [Int](repeating: 0, count: rank)
        var offsets = (0, 0, 0)
        var outOffset = 0
        while outOffset < count {
            body(offsets, steps, outOffset, inner)
            outOffset += inner
            // Advance the odometer over the outer axes.
            var axis = rank - 2
            while axis >= 0 {
                position[axis] += 1
                offsets.0 += strides0[axis]
                offsets.1 += strides1[axis]
                offsets.2 += strides2[axis]
                if position[axis] < outShape[axis] { break }
                offsets.0 -= strides0[axis] * outShape[axis]
                offsets.1 -= strides1[axis] * outShape[axis]
                offsets.2 -= strides2[axis] * outShape[axis]
                position[axis] = 0
                axis -= 1
            }
        }
    }
}
