/// Reordering of axes. Nothing here knows about tapes or gradients.
enum TransposeKernels {
    /// Writes `x` of `shape` with its axes reordered by `permutation` (output axis i is input
    /// axis permutation[i]) into `out`.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func permute<Element: TensorElement>(
        _ x: UnsafePointer<Element>, shape: [Int], permutation: [Int], _ out: UnsafeMutablePointer<Element>
    ) {
        let count = Shape.count(shape)
        guard count > 0 else { return }
        let rank = shape.count
        if rank == 2 && permutation == [1, 0] {
            transpose2D(x, rows: shape[0], columns: shape[1], out)
            return
        }
        // Trailing axes that keep their place form contiguous blocks, copied whole.
        var kept = 0
        while kept < rank && permutation[rank - 1 - kept] == rank - 1 - kept { kept += 1 }
        let block = Shape.count(Array(shape.suffix(kept)))
        let outer = rank - kept
        let inputStrides = Shape.strides(shape)
        let outShape = permutation.prefix(outer).map { shape[$0] }
        let strides = permutation.prefix(outer).map { inputStrides[$0] }
        var position = [Int](repeating: 0, count: outer)
        var offset = 0
        var target = out
        for _ in 0..<(count / Swift.max(block, 1)) {
            if block == 1 {
                target[0] = x[offset]
            } else {
                target.update(from: x + offset, count: block)
            }
            target += block
            var axis = outer - 1
            while axis >= 0 {
                position[axis] += 1
                offset += strides[axis]
                if position[axis] < outShape[axis] { break }
                offset -= strides[axis] * outShape[axis]
                position[axis] = 0
                axis -= 1
            }
        }
    }

    /// A blocked 2-d transpose: out[j, i] = x[i, j].
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func transpose2D<Element: TensorElement>(
        _ x: UnsafePointer<Element>, rows: Int, columns: Int, _ out: UnsafeMutablePointer<Element>
    ) {
        let block = 32
        for rowStart in stride(from: 0, to: rows, by: block) {
            let rowEnd = Swift.min(rowStart + block, rows)
            for columnStart in stride(from: 0, to: columns, by: block) {
                let columnEnd = Swift.min(columnStart + block, columns)
                for row in rowStart..<rowEnd {
                    for column in columnStart..<columnEnd {
                        out[column * rows + row] = x[row * columns + column]
                    }
                }
            }
        }
    }
}
