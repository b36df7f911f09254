import Backprop

extension ProgramOperation {
    /// The most elements a value may have: programs stay small so that finite differences,
    /// several evaluations per input element, stay cheap.
    static let elementLimit = 48
    /// The most axes a value may have (the subscript takes at most this many indices).
    static let rankLimit = 4

    /// The type of the result when the operands have the types `types[operand]`, or nil when the
    /// engine would reject the instruction (or it would produce an empty or oversized tensor).
    func resultType(_ types: [ProgramType]) -> ProgramType? {
        let result: ProgramType? = switch self {
        case .unary(_, let x): types[x]
        case .binary(let f, let x, let y): Self.binaryType(f, types[x], types[y])
        case .clamp(let x, let lower, let upper): lower < upper ? types[x].shape.map(ProgramType.tensor) : nil
        case .reduce(_, let x, let axes, let keep): types[x].shape.flatMap { Self.reducedShape($0, axes: axes, keep: keep) }.map(ProgramType.tensor)
        case .softmax(let x, let axis), .logSoftmax(let x, let axis), .cumulativeSum(let x, let axis):
            types[x].shape.flatMap { Self.axis(axis, rank: $0.count) == nil ? nil : .tensor($0) }
        case .matmul(let x, let y): Self.matmulShape(types[x].shape, types[y].shape).map(ProgramType.tensor)
        case .transposedMatmul(let x, let y, let ta, let tb):
            Self.transposedMatmulShape(types[x].shape, types[y].shape, ta, tb).map(ProgramType.tensor)
        case .reshape(let x, let shape):
            types[x].shape.flatMap { elementCount($0) == elementCount(shape) && shape.allSatisfy { $0 > 0 } ? .tensor(shape) : nil }
        case .permute(let x, let axes): types[x].shape.flatMap { Self.permutedShape($0, axes) }.map(ProgramType.tensor)
        case .broadcast(let x, let target): types[x].shape.flatMap { broadcastShape($0, target) == target ? .tensor(target) : nil }
        case .concatenate(let xs, let axis): Self.concatenatedShape(xs.map { types[$0].shape }, axis: axis).map(ProgramType.tensor)
        case .slice(let x, let indices): types[x].shape.flatMap { Self.slicedShape($0, indices) }.map(ProgramType.tensor)
        case .flip(let x, let axes): types[x].shape.flatMap { Self.axes(axes, rank: $0.count) == nil || axes.isEmpty ? nil : .tensor($0) }
        case .pad(let x, let padding):
            types[x].shape.flatMap { shape in
                padding.count == shape.count && padding.allSatisfy({ $0.before >= 0 && $0.after >= 0 })
                    ? .tensor(zip(shape, padding).map { $0 + $1.before + $1.after }) : nil
            }
        case .gather(let x, let indices, let axis): types[x].shape.flatMap { Self.gatheredShape($0, indices, axis) }.map(ProgramType.tensor)
        case .toScalar(let x): types[x].shape != nil && types[x].count == 1 ? .scalar : nil
        case .toTensor(let x): types[x] == .scalar ? .tensor([]) : nil
        case .weightedSum(let x, let weights): weights.count == types[x].count ? (types[x] == .scalar ? .scalar : .tensor([])) : nil
        }
        guard let result, !(result.shape?.contains(0) ?? false), result.count <= Self.elementLimit,
              (result.shape?.count ?? 0) <= Self.rankLimit else { return nil }
        return result
    }

    private static func binaryType(_ f: BinaryFunction, _ x: ProgramType, _ y: ProgramType) -> ProgramType? {
        switch (x, y) {
        case (.tensor(let a), .tensor(let b)): broadcastShape(a, b).map(ProgramType.tensor)
        case (.scalar, .scalar): .scalar
        case (.tensor(let shape), .scalar), (.scalar, .tensor(let shape)): f == .power || f == .maximum ? nil : .tensor(shape)
        }
    }

    /// `axis` counted from 0 when it is valid for `rank` (negative axes count from the end).
    static func axis(_ axis: Int, rank: Int) -> Int? {
        (-rank..<rank).contains(axis) ? (axis + rank) % rank : nil
    }

    /// `axes` counted from 0 when each is valid for `rank` and none repeats.
    static func axes(_ axes: [Int], rank: Int) -> [Int]? {
        let normalized = axes.compactMap { axis($0, rank: rank) }
        return normalized.count == axes.count && Set(normalized).count == axes.count ? normalized : nil
    }

    private static func reducedShape(_ shape: [Int], axes: [Int]?, keep: Bool) -> [Int]? {
        guard let axes else { return keep ? nil : [] }
        guard !axes.isEmpty, let normalized = Self.axes(axes, rank: shape.count) else { return nil }
        return shape.indices.compactMap { normalized.contains($0) ? (keep ? 1 : nil) : shape[$0] }
    }

    private static func matmulShape(_ lhs: [Int]?, _ rhs: [Int]?) -> [Int]? {
        guard let lhs, let rhs, !lhs.isEmpty, !rhs.isEmpty else { return nil }
        let left = lhs.count == 1 ? [1] + lhs : lhs, right = rhs.count == 1 ? rhs + [1] : rhs
        guard let product = transposedMatmulShape(left, right, false, false) else { return nil }
        return Array(product.dropLast(2)) + (lhs.count == 1 ? [] : [product[product.count - 2]]) + (rhs.count == 1 ? [] : [product[product.count - 1]])
    }

    private static func transposedMatmulShape(_ lhs: [Int]?, _ rhs: [Int]?, _ transposeA: Bool, _ transposeB: Bool) -> [Int]? {
        guard let lhs, let rhs, lhs.count >= 2, rhs.count >= 2,
              let batch = broadcastShape(Array(lhs.dropLast(2)), Array(rhs.dropLast(2))) else { return nil }
        let a = Array(lhs.suffix(2)), b = Array(rhs.suffix(2))
        let (m, k) = transposeA ? (a[1], a[0]) : (a[0], a[1])
        let (kb, n) = transposeB ? (b[1], b[0]) : (b[0], b[1])
        return k == kb ? batch + [m, n] : nil
    }

    private static func permutedShape(_ shape: [Int], _ axes: [Int]) -> [Int]? {
        guard axes.count == shape.count, let normalized = Self.axes(axes, rank: shape.count) else { return nil }
        return normalized.map { shape[$0] }
    }

    private static func concatenatedShape(_ shapes: [[Int]?], axis: Int) -> [Int]? {
        guard let first = shapes.first ?? nil, let axis = Self.axis(axis, rank: first.count) else { return nil }
        var result = first
        result[axis] = 0
        for shape in shapes {
            guard let shape, shape.count == first.count,
                  shape.indices.allSatisfy({ $0 == axis || shape[$0] == first[$0] }) else { return nil }
            result[axis] += shape[axis]
        }
        return result
    }

    private static func slicedShape(_ shape: [Int], _ indices: [TensorIndex]) -> [Int]? {
        guard indices.count <= shape.count else { return nil }
        var result = [Int]()
        for (axis, size) in shape.enumerated() {
            switch axis < indices.count ? indices[axis] : .all {
            case .at(let position):
                guard (-size..<size).contains(position) else { return nil }
            case .range(let positions):
                guard positions.lowerBound >= 0, positions.upperBound <= size else { return nil }
                result.append(positions.count)
            case .stride(let positions, let step):
                guard step > 0, positions.lowerBound >= 0, positions.upperBound <= size else { return nil }
                result.append(positions.isEmpty ? 0 : (positions.count - 1) / step + 1)
            case .from(let start):
                guard (0...size).contains(start) else { return nil }
                result.append(size - start)
            case .upTo(let end):
                guard (0...size).contains(end) else { return nil }
                result.append(end)
            case .all:
                result.append(size)
            case .slice(let start, let end, let step):
                guard step > 0 else { return nil }
                // Python's rules, written out independently of the library's.
                let first = Swift.min(Swift.max((start ?? 0) < 0 ? (start ?? 0) + size : (start ?? 0), 0), size)
                let last = Swift.min(Swift.max((end ?? size) < 0 ? (end ?? size) + size : (end ?? size), 0), size)
                result.append(Array(stride(from: first, to: last, by: step)).count)
            case .positions:
                // The generator indexes with slices and single positions only.
                return nil
            }
        }
        return result
    }

    private static func gatheredShape(_ shape: [Int], _ indices: [Int], _ axis: Int) -> [Int]? {
        guard let axis = Self.axis(axis, rank: shape.count), indices.allSatisfy({ (0..<shape[axis]).contains($0) }) else { return nil }
        var result = shape
        result[axis] = indices.count
        return result
    }
}
