import Backprop

extension ProgramOperation {
    /// The instruction as a Swift expression over the values named `names`, the same calls that
    /// ``evaluate(_:)`` makes.
    func swiftExpression(names: [String], types: [ProgramType]) -> String {
        switch self {
        case .unary(let f, let x): f.swiftExpression(names[x])
        case .binary(let f, let x, let y): f.swiftExpression(names[x], names[y], bothTensors: types[x] != .scalar && types[y] != .scalar)
        case .clamp(let x, let lower, let upper): "\(names[x]).clamped(to: \(parenthesized(lower))...\(parenthesized(upper)))"
        case .reduce(let reduction, let x, let axes, let keep):
            "\(names[x]).\(reduction)(\(axes.map { "alongAxes: \($0), keepingDimensions: \(keep)" } ?? ""))"
        case .softmax(let x, let axis): "\(names[x]).softmax(alongAxis: \(axis))"
        case .logSoftmax(let x, let axis): "\(names[x]).logSoftmax(alongAxis: \(axis))"
        case .matmul(let x, let y): "matmul(\(names[x]), \(names[y]))"
        case .transposedMatmul(let x, let y, let ta, let tb): "matmul(\(names[x]), \(names[y]), transposeA: \(ta), transposeB: \(tb))"
        case .reshape(let x, let shape): "\(names[x]).reshaped(to: \(shape))"
        case .permute(let x, let axes): "\(names[x]).permuted(\(axes))"
        case .broadcast(let x, let shape): "\(names[x]).broadcasted(to: \(shape))"
        case .concatenate(let xs, let axis): "Tensor.concatenated([\(xs.map { names[$0] }.joined(separator: ", "))], alongAxis: \(axis))"
        case .slice(let x, let indices):
            indices.isEmpty ? names[x] : "\(names[x])[\(indices.map(\.swiftExpression).joined(separator: ", "))]"
        case .flip(let x, let axes): "\(names[x]).flipped(alongAxes: \(axes))"
        case .pad(let x, let padding):
            "\(names[x]).padded([\(padding.map { "(before: \($0.before), after: \($0.after))" }.joined(separator: ", "))])"
        case .gather(let x, let indices, let axis): "\(names[x]).gathering(indices: \(indices), alongAxis: \(axis))"
        case .cumulativeSum(let x, let axis): "\(names[x]).cumulativeSum(alongAxis: \(axis))"
        case .toScalar(let x): "Variable(\(names[x]))"
        case .toTensor(let x): "Tensor<Double>(\(names[x]))"
        case .weightedSum(let x, let weights):
            types[x].shape.map { "(\(names[x]) * \(tensorLiteral($0, weights))).sum()" } ?? "\(names[x]) * \(parenthesized(weights[0]))"
        }
    }
}

extension ProgramOperation.UnaryFunction {
    func swiftExpression(_ x: String) -> String {
        switch self {
        case .negate: "-\(x)"
        case .function(let function) where [.relu, .sigmoid, .softplus].contains(function): "\(x).\(function)()"
        case .function(let function): "\(function)(\(x))"
        case .power(let p): "pow(\(x), \(p))"
        case .addConstant(let c): "\(x) + \(parenthesized(c))"
        case .multiplyConstant(let c): "\(x) * \(parenthesized(c))"
        }
    }
}

extension ProgramOperation.BinaryFunction {
    func swiftExpression(_ x: String, _ y: String, bothTensors: Bool) -> String {
        switch self {
        case .add: "\(x) + \(y)"
        case .subtract: "\(x) - \(y)"
        case .multiply: "\(x) * \(y)"
        case .divide: "\(x) / \(y)"
        case .power: "pow(\(x), \(y))"
        case .maximum: bothTensors ? "Tensor.where(\(x) .> \(y), \(x), \(y))" : "max(\(x), \(y))"
        }
    }
}

extension TensorIndex {
    var swiftExpression: String {
        switch self {
        case .at(let position): ".at(\(position))"
        case .range(let positions): ".range(\(positions.lowerBound)..<\(positions.upperBound))"
        case .stride(let positions, let step): ".stride(\(positions.lowerBound)..<\(positions.upperBound), by: \(step))"
        case .from(let start): ".from(\(start))"
        case .upTo(let end): ".upTo(\(end))"
        case .all: ".all"
        case .slice(let start, let end, let step): ".slice(\(start.map(String.init) ?? "nil"), \(end.map(String.init) ?? "nil"), step: \(step))"
        case .positions(let positions): ".positions(TensorIndex.\(positions))"
        }
    }
}

/// A number as a Swift literal, in parentheses when negative so that it can follow an operator.
func parenthesized(_ x: Double) -> String { x < 0 ? "(\(x))" : "\(x)" }

/// A constant tensor of `shape` holding `scalars`, as Swift code.
func tensorLiteral(_ shape: [Int], _ scalars: [Double], requiresGrad: Bool = false) -> String {
    "Tensor<Double>(\(scalars), shape: \(shape)\(requiresGrad ? ", requiresGrad: true" : ""))"
}
