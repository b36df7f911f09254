import Backprop

/// A value computed by a random program: a tensor or a scalar `Variable`.
enum ProgramValue {
    case tensor(Tensor<Double>)
    case scalar(Variable)

    var type: ProgramType {
        switch self {
        case .tensor(let tensor): .tensor(tensor.shape)
        case .scalar: .scalar
        }
    }

    /// The elements in row-major order (one for a scalar).
    var scalars: [Double] {
        switch self {
        case .tensor(let tensor): tensor.scalars
        case .scalar(let variable): [variable.value]
        }
    }

    /// The value as a tensor (a scalar as a 0-d tensor), for operations defined on tensors alone.
    var tensor: Tensor<Double> {
        switch self {
        case .tensor(let tensor): tensor
        case .scalar(let variable): Tensor(variable)
        }
    }

    /// A leaf (`requiresGrad`) or a constant of `type` holding `scalars`.
    init(_ type: ProgramType, scalars: [Double], requiresGrad: Bool) {
        switch type {
        case .tensor(let shape): self = .tensor(Tensor(scalars, shape: shape, requiresGrad: requiresGrad))
        case .scalar: self = .scalar(requiresGrad ? Variable(scalars[0]) : Variable(scalars[0]).detached())
        }
    }

    /// The gradient `backward(createGraph: true)` left in this leaf, recorded so that it can be
    /// differentiated again (a scalar's as a 0-d tensor); nil where none arrived.
    var recordedGradient: Tensor<Double>? {
        switch self {
        case .tensor(let tensor): tensor.grad
        case .scalar(let variable): variable.gradVariable.map { Tensor($0) }
        }
    }

    /// Clears the gradient accumulated in this leaf.
    func zeroGradient() {
        switch self {
        case .tensor(let tensor): tensor.zeroGrad()
        case .scalar(let variable): variable.zeroGrad()
        }
    }

    /// The gradient `backward()` left in this leaf, zeros where none arrived.
    var gradient: [Double] {
        switch self {
        case .tensor(let tensor): tensor.grad?.scalars ?? Array(repeating: 0, count: tensor.count)
        case .scalar(let variable): [variable.grad ?? 0]
        }
    }
}

/// The arithmetic that tensors and Variables share, so that an elementwise operation is written
/// once for both.
protocol ElementwiseArithmetic: ElementwiseDifferentiable {
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static func + (lhs: Self, rhs: Double) -> Self
    static func * (lhs: Self, rhs: Double) -> Self
    static prefix func - (operand: Self) -> Self
    static func pow(_ x: Self, _ p: Double) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
    /// The larger of each pair of elements.
    static func maximum(_ x: Self, _ y: Self) -> Self
}

extension Tensor: ElementwiseArithmetic where Element == Double {
    static func pow(_ x: Tensor, _ p: Double) -> Tensor { Backprop.pow(x, p) }
    static func pow(_ x: Tensor, _ y: Tensor) -> Tensor { Backprop.pow(x, y) }
    static func maximum(_ x: Tensor, _ y: Tensor) -> Tensor { Backprop.max(x, y) }
}

extension Variable: ElementwiseArithmetic {
    static func pow(_ x: Variable, _ p: Double) -> Variable { Backprop.pow(x, p) }
    static func pow(_ x: Variable, _ y: Variable) -> Variable { Backprop.pow(x, y) }
    static func maximum(_ x: Variable, _ y: Variable) -> Variable { Backprop.max(x, y) }
}
