import Backprop

/// One instruction of a random program. Operands are the indices of earlier values of the
/// program (its inputs and the results of earlier instructions).
enum ProgramOperation: Hashable {
    /// An elementwise function of a tensor or a Variable.
    case unary(UnaryFunction, Int)
    /// An elementwise function of two tensors (broadcast), a tensor and a Variable (either way
    /// round), or two Variables.
    case binary(BinaryFunction, Int, Int)
    case clamp(Int, lower: Double, upper: Double)
    /// A reduction along `axes`, or over every element when `axes` is nil.
    case reduce(Reduction, Int, axes: [Int]?, keepingDimensions: Bool)
    case softmax(Int, axis: Int)
    case logSoftmax(Int, axis: Int)
    case matmul(Int, Int)
    case transposedMatmul(Int, Int, transposeA: Bool, transposeB: Bool)
    case reshape(Int, [Int])
    case permute(Int, [Int])
    case broadcast(Int, [Int])
    case concatenate([Int], axis: Int)
    case slice(Int, [TensorIndex])
    case flip(Int, axes: [Int])
    case pad(Int, [Padding])
    case gather(Int, indices: [Int], axis: Int)
    case cumulativeSum(Int, axis: Int)
    /// A one-element tensor read as a Variable.
    case toScalar(Int)
    /// A Variable as a 0-d tensor.
    case toTensor(Int)
    /// Σ wᵢxᵢ with constant weights, one per element: how a program reduces its results to the
    /// one number it differentiates, weighting each element differently so that a gradient sent
    /// to the wrong element shows.
    case weightedSum(Int, weights: [Double])

    enum UnaryFunction: Hashable {
        /// An elementwise function of the engine's table, on its domain.
        case function(Backprop.UnaryFunction)
        case negate
        case power(Double), addConstant(Double), multiplyConstant(Double)
    }

    enum BinaryFunction: Hashable, CaseIterable {
        case add, subtract, multiply, divide, power, maximum
    }

    enum Reduction: Hashable, CaseIterable {
        case sum, mean, max, min, logSumExp, variance, norm
    }

    /// Positions added before and after one axis.
    struct Padding: Hashable {
        var before: Int
        var after: Int
    }

    /// The values this instruction reads, in order.
    var operands: [Int] {
        switch self {
        case .unary(_, let x), .clamp(let x, _, _), .reduce(_, let x, _, _), .softmax(let x, _), .logSoftmax(let x, _),
             .reshape(let x, _), .permute(let x, _), .broadcast(let x, _), .slice(let x, _), .flip(let x, _), .pad(let x, _),
             .gather(let x, _, _), .cumulativeSum(let x, _), .toScalar(let x), .toTensor(let x), .weightedSum(let x, _):
            [x]
        case .binary(_, let x, let y), .matmul(let x, let y), .transposedMatmul(let x, let y, _, _):
            [x, y]
        case .concatenate(let xs, _):
            xs
        }
    }

    /// The same instruction reading `rename(i)` wherever it read value i.
    func renamingOperands(_ rename: (Int) -> Int) -> ProgramOperation {
        switch self {
        case .unary(let f, let x): .unary(f, rename(x))
        case .binary(let f, let x, let y): .binary(f, rename(x), rename(y))
        case .clamp(let x, let lower, let upper): .clamp(rename(x), lower: lower, upper: upper)
        case .reduce(let r, let x, let axes, let keep): .reduce(r, rename(x), axes: axes, keepingDimensions: keep)
        case .softmax(let x, let axis): .softmax(rename(x), axis: axis)
        case .logSoftmax(let x, let axis): .logSoftmax(rename(x), axis: axis)
        case .matmul(let x, let y): .matmul(rename(x), rename(y))
        case .transposedMatmul(let x, let y, let ta, let tb): .transposedMatmul(rename(x), rename(y), transposeA: ta, transposeB: tb)
        case .reshape(let x, let shape): .reshape(rename(x), shape)
        case .permute(let x, let axes): .permute(rename(x), axes)
        case .broadcast(let x, let shape): .broadcast(rename(x), shape)
        case .concatenate(let xs, let axis): .concatenate(xs.map(rename), axis: axis)
        case .slice(let x, let indices): .slice(rename(x), indices)
        case .flip(let x, let axes): .flip(rename(x), axes: axes)
        case .pad(let x, let padding): .pad(rename(x), padding)
        case .gather(let x, let indices, let axis): .gather(rename(x), indices: indices, axis: axis)
        case .cumulativeSum(let x, let axis): .cumulativeSum(rename(x), axis: axis)
        case .toScalar(let x): .toScalar(rename(x))
        case .toTensor(let x): .toTensor(rename(x))
        case .weightedSum(let x, let weights): .weightedSum(rename(x), weights: weights)
        }
    }
}
