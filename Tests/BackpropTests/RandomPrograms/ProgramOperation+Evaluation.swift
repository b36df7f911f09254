import Backprop

extension ProgramOperation {
    /// The result of the instruction on `values` (indexed by operand), computed with the
    /// engine's public API exactly as ``swiftExpression(names:types:)`` writes it.
    func evaluate(_ values: [ProgramValue]) -> ProgramValue {
        switch self {
        case .unary(let f, let x):
            switch values[x] {
            case .tensor(let t): .tensor(f.apply(t))
            case .scalar(let v): .scalar(f.apply(v))
            }
        case .binary(let f, let x, let y):
            f.apply(values[x], values[y])
        case .clamp(let x, let lower, let upper):
            .tensor(values[x].tensor.clamped(to: lower...upper))
        case .reduce(let reduction, let x, let axes, let keep):
            .tensor(reduction.apply(values[x].tensor, axes: axes, keepingDimensions: keep))
        case .softmax(let x, let axis):
            .tensor(values[x].tensor.softmax(alongAxis: axis))
        case .logSoftmax(let x, let axis):
            .tensor(values[x].tensor.logSoftmax(alongAxis: axis))
        case .matmul(let x, let y):
            .tensor(Backprop.matmul(values[x].tensor, values[y].tensor))
        case .transposedMatmul(let x, let y, let ta, let tb):
            .tensor(Backprop.matmul(values[x].tensor, values[y].tensor, transposeA: ta, transposeB: tb))
        case .reshape(let x, let shape):
            .tensor(values[x].tensor.reshaped(to: shape))
        case .permute(let x, let axes):
            .tensor(values[x].tensor.permuted(axes))
        case .broadcast(let x, let shape):
            .tensor(values[x].tensor.broadcasted(to: shape))
        case .concatenate(let xs, let axis):
            .tensor(Tensor.concatenated(xs.map { values[$0].tensor }, alongAxis: axis))
        case .slice(let x, let indices):
            .tensor(values[x].tensor.subscripted(indices))
        case .flip(let x, let axes):
            .tensor(values[x].tensor.flipped(alongAxes: axes))
        case .pad(let x, let padding):
            .tensor(values[x].tensor.padded(padding.map { (before: $0.before, after: $0.after) }))
        case .gather(let x, let indices, let axis):
            .tensor(values[x].tensor.gathering(indices: indices, alongAxis: axis))
        case .cumulativeSum(let x, let axis):
            .tensor(values[x].tensor.cumulativeSum(alongAxis: axis))
        case .toScalar(let x):
            .scalar(Variable(values[x].tensor))
        case .toTensor(let x):
            .tensor(values[x].tensor)
        case .weightedSum(let x, let weights):
            switch values[x] {
            case .tensor(let t): .tensor((t * Tensor(weights, shape: t.shape)).sum())
            case .scalar(let v): .scalar(v * weights[0])
            }
        }
    }
}

extension ProgramOperation.UnaryFunction {
    func apply<Value: ElementwiseArithmetic>(_ x: Value) -> Value {
        switch self {
        case .negate: -x
        case .function(let function): x.applying(function)
        case .power(let p): .pow(x, p)
        case .addConstant(let c): x + c
        case .multiplyConstant(let c): x * c
        }
    }
}

extension ProgramOperation.BinaryFunction {
    func apply(_ x: ProgramValue, _ y: ProgramValue) -> ProgramValue {
        switch (x, y) {
        case (.tensor(let a), .tensor(let b)):
            .tensor(apply(a, b))
        case (.scalar(let a), .scalar(let b)):
            .scalar(apply(a, b))
        // The engine's mixed operators, which read the Variable as a 0-d tensor on the same tape.
        case (.tensor(let a), .scalar(let b)):
            switch self {
            case .add: .tensor(a + b)
            case .subtract: .tensor(a - b)
            case .multiply: .tensor(a * b)
            default: .tensor(a / b)
            }
        case (.scalar(let a), .tensor(let b)):
            switch self {
            case .add: .tensor(a + b)
            case .subtract: .tensor(a - b)
            case .multiply: .tensor(a * b)
            default: .tensor(a / b)
            }
        }
    }

    /// The function between values of one kind.
    private func apply<Value: ElementwiseArithmetic>(_ a: Value, _ b: Value) -> Value {
        switch self {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        case .power: .pow(a, b)
        case .maximum: .maximum(a, b)
        }
    }
}

extension ProgramOperation.Reduction {
    func apply(_ x: Tensor<Double>, axes: [Int]?, keepingDimensions keep: Bool) -> Tensor<Double> {
        guard let axes else {
            return switch self {
            case .sum: x.sum()
            case .mean: x.mean()
            case .max: x.max()
            case .min: x.min()
            case .logSumExp: x.logSumExp()
            case .variance: x.variance()
            case .norm: x.norm()
            }
        }
        return switch self {
        case .sum: x.sum(alongAxes: axes, keepingDimensions: keep)
        case .mean: x.mean(alongAxes: axes, keepingDimensions: keep)
        case .max: x.max(alongAxes: axes, keepingDimensions: keep)
        case .min: x.min(alongAxes: axes, keepingDimensions: keep)
        case .logSumExp: x.logSumExp(alongAxes: axes, keepingDimensions: keep)
        case .variance: x.variance(alongAxes: axes, keepingDimensions: keep)
        case .norm: x.norm(alongAxes: axes, keepingDimensions: keep)
        }
    }
}

extension Tensor {
    /// The subscript `self[indices...]` with an array of indices.
    func subscripted(_ indices: [TensorIndex]) -> Tensor {
        switch indices.count {
        case 0: self
        case 1: self[indices[0]]
        case 2: self[indices[0], indices[1]]
        case 3: self[indices[0], indices[1], indices[2]]
        default: self[indices[0], indices[1], indices[2], indices[3]]
        }
    }
}
