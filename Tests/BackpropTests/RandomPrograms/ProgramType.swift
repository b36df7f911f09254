/// The type of a value in a random program: a `Tensor<Double>` of a given shape, or a scalar
/// `Variable`.
enum ProgramType: Hashable {
    case tensor([Int])
    case scalar

    /// The shape of a tensor, nil for a scalar.
    var shape: [Int]? {
        if case .tensor(let shape) = self { return shape }
        return nil
    }

    /// The number of elements.
    var count: Int { shape.map(elementCount) ?? 1 }
}

/// The number of elements of a tensor of `shape`.
func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

/// The shape two shapes broadcast to under NumPy's rules, or nil when they do not.
func broadcastShape(_ lhs: [Int], _ rhs: [Int]) -> [Int]? {
    let rank = max(lhs.count, rhs.count)
    let left = Array(repeating: 1, count: rank - lhs.count) + lhs
    let right = Array(repeating: 1, count: rank - rhs.count) + rhs
    var result = [Int]()
    for (a, b) in zip(left, right) {
        guard a == b || a == 1 || b == 1 else { return nil }
        result.append(a == 1 ? b : a)
    }
    return result
}

/// For each slice along `axes` of a tensor of `shape` (one slice per position of the other
/// axes, row-major), the row-major positions of its elements.
func slicePositions(of shape: [Int], along axes: Set<Int>) -> [[Int]] {
    let strides = shape.indices.map { elementCount(Array(shape[($0 + 1)...])) }
    let kept = shape.indices.filter { !axes.contains($0) }, reduced = shape.indices.filter { axes.contains($0) }
    func offsets(over axes: [Int]) -> [Int] {
        axes.reduce([0]) { partial, axis in partial.flatMap { base in (0..<shape[axis]).map { base + $0 * strides[axis] } } }
    }
    let within = offsets(over: reduced)
    return offsets(over: kept).map { base in within.map { base + $0 } }
}
