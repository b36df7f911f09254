/// Copies between contiguous buffers and boxes, blocks or chosen positions of other buffers:
/// slicing, padding, flipping, concatenation, gathering and scattering. Nothing here knows about
/// tapes or gradients.
enum IndexingKernels {
    /// Reads a strided box of `x` (a tensor of `shape`) into contiguous `out`: along each axis d
    /// the box takes `counts[d]` positions starting at `starts[d]`, `steps[d]` apart (a step may
    /// be negative, which reads the axis backwards).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func readBox<Element: TensorElement>(
        _ x: UnsafePointer<Element>, shape: [Int], starts: [Int], steps: [Int], counts: [Int],
        _ out: UnsafeMutablePointer<Element>
    ) {
        forEachBoxRow(shape: shape, starts: starts, steps: steps, counts: counts) { offset, step, boxOffset, length in
            let source = x + offset, target = out + boxOffset
            if step == 1 {
                target.initialize(from: source, count: length)
            } else {
                var index = 0
                while index < length {
                    target[index] = source[index &* step]
                    index &+= 1
                }
            }
        }
    }

    /// Writes contiguous `x` into a strided box of `out` (a tensor of `shape`), the inverse of
    /// `readBox`; elements of `out` outside the box are left as they are.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func writeBox<Element: TensorElement>(
        _ x: UnsafePointer<Element>, into out: UnsafeMutablePointer<Element>,
        shape: [Int], starts: [Int], steps: [Int], counts: [Int]
    ) {
        forEachBoxRow(shape: shape, starts: starts, steps: steps, counts: counts) { offset, step, boxOffset, length in
            let source = x + boxOffset, target = out + offset
            if step == 1 {
                target.update(from: source, count: length)
            } else {
                var index = 0
                while index < length {
                    target[index &* step] = source[index]
                    index &+= 1
                }
            }
        }
    }

    /// Calls `body` once per row (run along the last axis) of a box of a tensor of `shape`, with
    /// the row's offset in the tensor, its step there, its offset in the contiguous box, and its
    /// length.
    @inline(__always)
    private static func forEachBoxRow(
        shape: [Int], starts: [Int], steps: [Int], counts: [Int],
        _ body: (_ offset: Int, _ step: Int, _ boxOffset: Int, _ length: Int) -> Void
    ) {
        let total = Shape.count(counts)
        guard total > 0 else { return }
        let rank = shape.count
        guard rank > 0 else {
            body(0, 1, 0, 1)
            return
        }
        let strides = Shape.strides(shape)
        let stepStrides = (0..<rank).map { steps[$0] * strides[$0] }
        var offset = (0..<rank).reduce(0) { $0 + starts[$1] * strides[$1] }
        let length = counts[rank - 1]
        var position = [Int](repeating: 0, count: rank)
        var boxOffset = 0
        while boxOffset < total {
            body(offset, stepStrides[rank - 1], boxOffset, length)
            boxOffset += length
            // Advance the odometer over the outer axes.
            var axis = rank - 2
            while axis >= 0 {
                position[axis] += 1
                offset += stepStrides[axis]
                if position[axis] < counts[axis] { break }
                offset -= stepStrides[axis] * counts[axis]
                position[axis] = 0
                axis -= 1
            }
        }
    }

    /// Copies `outer` contiguous rows of `rowLength` elements from `x` into rows of
    /// `outRowLength` elements of `out`, starting `offset` elements into each: one operand of a
    /// concatenation.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func copyRows<Element: TensorElement>(
        _ x: UnsafePointer<Element>, outer: Int, rowLength: Int,
        into out: UnsafeMutablePointer<Element>, outRowLength: Int, offset: Int
    ) {
        guard rowLength > 0 else { return }
        for row in 0..<outer {
            (out + (row &* outRowLength &+ offset)).initialize(from: x + row &* rowLength, count: rowLength)
        }
    }

    /// index_select on a tensor viewed as [outer, length, inner]:
    /// out[o, j, :] = x[o, indices[j], :] for j in 0..<indexCount. Indices are in 0..<length.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func gatherSlices<Element: TensorElement>(
        _ x: UnsafePointer<Element>, outer: Int, length: Int, inner: Int,
        indices: UnsafePointer<Int>, indexCount: Int, _ out: UnsafeMutablePointer<Element>
    ) {
        guard inner > 0 else { return }
        for o in 0..<outer {
            let source = x + o &* length &* inner, target = out + o &* indexCount &* inner
            for j in 0..<indexCount {
                (target + j &* inner).initialize(from: source + indices[j] &* inner, count: inner)
            }
        }
    }

    /// The adjoint of `gatherSlices`: out[o, indices[j], :] += x[o, j, :], with `out` viewed as
    /// [outer, length, inner] and already initialised. Repeated indices accumulate.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func scatterAddSlices<Element: TensorElement>(
        _ x: UnsafePointer<Element>, outer: Int, indices: UnsafePointer<Int>, indexCount: Int, inner: Int,
        into out: UnsafeMutablePointer<Element>, length: Int
    ) {
        for o in 0..<outer {
            let source = x + o &* indexCount &* inner, target = out + o &* length &* inner
            if inner == 1 {
                // Single elements, as a max pool's gradient: no inner loop to set up per index.
                for j in 0..<indexCount { target[indices[j]] += source[j] }
                continue
            }
            for j in 0..<indexCount {
                let row = source + j &* inner, destination = target + indices[j] &* inner
                var i = 0
                while i < inner {
                    destination[i] += row[i]
                    i &+= 1
                }
            }
        }
    }

    /// torch.gather on a tensor viewed as [outer, length, inner], with `indices` and `out`
    /// viewed as [outer, picks, inner]: out[o, j, i] = x[o, indices[o, j, i], i].
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func gatherElements<Element: TensorElement>(
        _ x: UnsafePointer<Element>, outer: Int, length: Int, inner: Int,
        indices: UnsafePointer<Int>, picks: Int, _ out: UnsafeMutablePointer<Element>
    ) {
        for o in 0..<outer {
            let source = x + o &* length &* inner
            let base = o &* picks &* inner
            for j in 0..<picks {
                let row = base &+ j &* inner
                var i = 0
                while i < inner {
                    out[row &+ i] = source[indices[row &+ i] &* inner &+ i]
                    i &+= 1
                }
            }
        }
    }

    /// The adjoint of `gatherElements`: out[o, indices[o, j, i], i] += x[o, j, i], with `out`
    /// viewed as [outer, length, inner] and already initialised. Repeated indices accumulate.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func scatterAddElements<Element: TensorElement>(
        _ x: UnsafePointer<Element>, outer: Int, picks: Int, inner: Int, indices: UnsafePointer<Int>,
        into out: UnsafeMutablePointer<Element>, length: Int
    ) {
        for o in 0..<outer {
            let target = out + o &* length &* inner
            let base = o &* picks &* inner
            for j in 0..<picks {
                let row = base &+ j &* inner
                var i = 0
                while i < inner {
                    target[indices[row &+ i] &* inner &+ i] += x[row &+ i]
                    i &+= 1
                }
            }
        }
    }
}
