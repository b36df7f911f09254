/// Elementwise operations on one input.
enum UnaryKernel {
    /// An elementwise function of the primitive table.
    case function(UnaryFunction)
    case negate, square, reciprocal
    /// 1 where x > 0, else 0.
    case positiveMask
    /// −1, 0 or 1.
    case sign
}

/// Elementwise operations on two inputs.
enum BinaryKernel {
    case add, subtract, multiply, divide, power, maximum, minimum
}

/// Loops over contiguous buffers. Nothing here knows about tapes or gradients.
enum ElementwiseKernels {
    /// Sets `count` elements to `value`. Specialised, because in generic code the same loop
    /// copies each element through the type's value witness.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func fill<Element: TensorElement>(_ target: UnsafeMutablePointer<Element>, with value: Element, count: Int) {
        for index in 0..<count { target[index] = value }
    }

    /// Copies `count` elements (a plain memory copy once specialised).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func copy<Element: TensorElement>(_ source: UnsafePointer<Element>, to target: UnsafeMutablePointer<Element>, count: Int) {
        target.update(from: source, count: count)
    }

    /// y[i] = op(x[i]) for i in 0..<count, long loops split between two threads.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func unary<Element: TensorElement>(
        _ operation: UnaryKernel, _ x: UnsafePointer<Element>, _ y: UnsafeMutablePointer<Element>, _ count: Int
    ) {
        TwoThreads.split(0..<count, worthIt: TwoThreads.worthSplitting(elementwise: count)) { _, part in
            unaryLoop(operation, x + part.lowerBound, y + part.lowerBound, part.count)
        }
    }

    /// out[i] = a[i] + scale·b[i], long loops split between two threads.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func addingProduct<Element: TensorElement>(
        _ a: UnsafePointer<Element>, _ scale: Element, _ b: UnsafePointer<Element>, _ out: UnsafeMutablePointer<Element>, _ count: Int
    ) {
        TwoThreads.split(0..<count, worthIt: TwoThreads.worthSplitting(elementwise: count)) { _, part in
            for index in part { out[index] = a[index] + scale * b[index] }
        }
    }

    /// y[i] = x[i] where mask[i] > 0, else 0 (even where x[i] is infinite or NaN, as PyTorch's
    /// threshold_backward): the gradient of relu, in one pass.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func keepWherePositive<Element: TensorElement>(
        _ x: UnsafePointer<Element>, mask: UnsafePointer<Element>, _ y: UnsafeMutablePointer<Element>, _ count: Int
    ) {
        TwoThreads.split(0..<count, worthIt: TwoThreads.worthSplitting(elementwise: count)) { _, part in
            // Both loads first, so that the choice is a select: a branch per element would
            // mispredict at every other sign change.
            for index in part {
                let value = x[index], key = mask[index]
                y[index] = key > 0 ? value : 0
            }
        }
    }

    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    private static func unaryLoop<Element: TensorElement>(
        _ operation: UnaryKernel, _ x: UnsafePointer<Element>, _ y: UnsafeMutablePointer<Element>, _ count: Int
    ) {
        switch operation {
        case .negate: map(x, y, count) { -$0 }
        // The cheap functions get loops of their own, which vectorise; the others call a
        // library function per element, beside which one predicted branch costs nothing.
        case .function(.relu): map(x, y, count) { UnaryFunction.relu.value($0) }
        case .function(.abs): map(x, y, count) { UnaryFunction.abs.value($0) }
        case .function(.sqrt): map(x, y, count) { UnaryFunction.sqrt.value($0) }
        case .function(let function): map(x, y, count) { function.value($0) }
        case .square: map(x, y, count) { $0 * $0 }
        case .reciprocal: map(x, y, count) { 1 / $0 }
        case .positiveMask: map(x, y, count) { $0 > 0 ? 1 : 0 }
        case .sign: map(x, y, count) { $0 > 0 ? 1 : $0 < 0 ? -1 : 0 }
        }
    }

    @inline(__always)
    private static func map<Element>(
        _ x: UnsafePointer<Element>, _ y: UnsafeMutablePointer<Element>, _ count: Int, _ body: (Element) -> Element
    ) {
        var index = 0
        while index < count {
            y[index] = body(x[index])
            index &+= 1
        }
    }

    /// out = op(a, b) with NumPy broadcasting: `a` of `aShape` and `b` of `bShape` are read as
    /// if repeated to `outShape`.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func binary<Element: TensorElement>(
        _ operation: BinaryKernel,
        _ a: UnsafePointer<Element>, _ aShape: [Int],
        _ b: UnsafePointer<Element>, _ bShape: [Int],
        _ out: UnsafeMutablePointer<Element>, _ outShape: [Int]
    ) {
        let count = Shape.count(outShape), aCount = Shape.count(aShape), bCount = Shape.count(bShape)
        let flat: FlatOperands? =
            aCount == count && bCount == count ? .equalShapes
            : bCount == 1 && aCount == count ? .scalarRight
            : aCount == 1 && bCount == count ? .scalarLeft : nil
        if let flat {
            // Long flat loops are split between two threads: a pass over a few megabytes is
            // bound by each core's own cache bandwidth.
            TwoThreads.split(0..<count, worthIt: TwoThreads.worthSplitting(elementwise: count)) { _, part in
                binaryLoop(operation, flat, a, b, out, part)
            }
            return
        }
        switch operation {
        case .add: broadcast(a, aShape, b, bShape, out, outShape) { $0 + $1 }
        case .subtract: broadcast(a, aShape, b, bShape, out, outShape) { $0 - $1 }
        case .multiply: broadcast(a, aShape, b, bShape, out, outShape) { $0 * $1 }
        case .divide: broadcast(a, aShape, b, bShape, out, outShape) { $0 / $1 }
        case .power: broadcast(a, aShape, b, bShape, out, outShape) { Element.pow($0, $1) }
        case .maximum: broadcast(a, aShape, b, bShape, out, outShape) { Swift.max($0, $1) }
        case .minimum: broadcast(a, aShape, b, bShape, out, outShape) { Swift.min($0, $1) }
        }
    }

    /// How the operands of a flat binary loop are read.
    enum FlatOperands {
        /// Both have the output's shape.
        case equalShapes
        /// The right one is a single element.
        case scalarRight
        /// The left one is a single element.
        case scalarLeft
    }

    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    private static func binaryLoop<Element: TensorElement>(
        _ operation: BinaryKernel, _ flat: FlatOperands,
        _ a: UnsafePointer<Element>, _ b: UnsafePointer<Element>, _ out: UnsafeMutablePointer<Element>, _ part: Range<Int>
    ) {
        switch operation {
        case .add: flatLoop(flat, a, b, out, part) { $0 + $1 }
        case .subtract: flatLoop(flat, a, b, out, part) { $0 - $1 }
        case .multiply: flatLoop(flat, a, b, out, part) { $0 * $1 }
        case .divide: flatLoop(flat, a, b, out, part) { $0 / $1 }
        case .power: flatLoop(flat, a, b, out, part) { Element.pow($0, $1) }
        case .maximum: flatLoop(flat, a, b, out, part) { Swift.max($0, $1) }
        case .minimum: flatLoop(flat, a, b, out, part) { Swift.min($0, $1) }
        }
    }

    @inline(__always)
    private static func flatLoop<Element>(
        _ flat: FlatOperands, _ a: UnsafePointer<Element>, _ b: UnsafePointer<Element>, _ out: UnsafeMutablePointer<Element>,
        _ part: Range<Int>, _ body: (Element, Element) -> Element
    ) {
        switch flat {
        case .equalShapes:
            for index in part { out[index] = body(a[index], b[index]) }
        case .scalarRight:
            let scalar = b[0]
            for index in part { out[index] = body(a[index], scalar) }
        case .scalarLeft:
            let scalar = a[0]
            for index in part { out[index] = body(scalar, b[index]) }
        }
    }

    /// The broadcasting loop for shapes that differ: the output's last axis runs innermost with
    /// each input stepping by 0 or 1.
    @inline(__always)
    private static func broadcast<Element>(
        _ a: UnsafePointer<Element>, _ aShape: [Int],
        _ b: UnsafePointer<Element>, _ bShape: [Int],
        _ out: UnsafeMutablePointer<Element>, _ outShape: [Int],
        _ body: (Element, Element) -> Element
    ) {
        let count = Shape.count(outShape)
        guard count > 0 else { return }
        let rank = outShape.count
        let aStrides = Shape.broadcastStrides(aShape, to: outShape)
        let bStrides = Shape.broadcastStrides(bShape, to: outShape)
        let inner = outShape[rank - 1]
        let aInner = aStrides[rank - 1], bInner = bStrides[rank - 1]
        var position = [Int](repeating: 0, count: rank)
        var aOffset = 0, bOffset = 0, outOffset = 0
        while outOffset < count {
            let rowA = a + aOffset, rowB = b + bOffset, rowOut = out + outOffset
            switch (aInner, bInner) {
            case (1, 1): for index in 0..<inner { rowOut[index] = body(rowA[index], rowB[index]) }
            case (0, 1): let x = rowA[0]; for index in 0..<inner { rowOut[index] = body(x, rowB[index]) }
            case (1, 0): let y = rowB[0]; for index in 0..<inner { rowOut[index] = body(rowA[index], y) }
            default: let x = rowA[0], y = rowB[0]; for index in 0..<inner { rowOut[index] = body(x, y) }
            }
            outOffset += inner
            // Advance the odometer over the outer axes.
            var axis = rank - 2
            while axis >= 0 {
                position[axis] += 1
                aOffset += aStrides[axis]
                bOffset += bStrides[axis]
                if position[axis] < outShape[axis] { break }
                aOffset -= aStrides[axis] * outShape[axis]
                bOffset -= bStrides[axis] * outShape[axis]
                position[axis] = 0
                axis -= 1
            }
        }
    }
}
