/// Shape arithmetic shared by operations and kernels.
enum Shape {
    /// The number of elements of a tensor of `shape` (1 for the empty shape of a scalar).
    static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Row-major strides: how far apart consecutive indices of each axis are.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var stride = 1
        for axis in shape.indices.reversed() {
            strides[axis] = stride
            stride *= shape[axis]
        }
        return strides
    }

    /// The shape that `lhs` and `rhs` broadcast to under NumPy's rules, or nil if they do not.
    static func broadcast(_ lhs: [Int], _ rhs: [Int]) -> [Int]? {
        let rank = Swift.max(lhs.count, rhs.count)
        var result = [Int](repeating: 1, count: rank)
        for offset in 0..<rank {
            let a = offset < lhs.count ? lhs[lhs.count - 1 - offset] : 1
            let b = offset < rhs.count ? rhs[rhs.count - 1 - offset] : 1
            guard a == b || a == 1 || b == 1 else { return nil }
            result[rank - 1 - offset] = a == 1 ? b : a
        }
        return result
    }

    /// The strides with which a tensor of `shape` is read when broadcast to `target`: 0 along
    /// axes it is repeated on.
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        return target.indices.map { axis in
            axis < offset || shape[axis - offset] == 1 ? 0 : own[axis - offset]
        }
    }

    /// Formats a shape as `[2, 3]`.
    static func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
}
