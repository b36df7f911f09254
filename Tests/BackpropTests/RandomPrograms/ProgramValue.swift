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
protocol ElementwiseArithmetic {
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static func + (lhs: Self, rhs: Double) -> Self
    static func * (lhs: Self, rhs: Double) -> Self
    static prefix func - (operand: Self) -> Self
    func relu() -> Self
    func sigmoid() -> Self
    func softplus() -> Self
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func sqrt(_ x: Self) -> Self
    static func abs(_ x: Self) -> Self
    static func pow(_ x: Self, _ p: Double) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
    /// The larger of each pair of elements.
    static func maximum(_ x: Self, _ y: Self) -> Self
}

extension Tensor: ElementwiseArithmetic where Element == Double {
    static func exp(_ x: Tensor) -> Tensor { Backprop.exp(x) }
    static func log(_ x: Tensor) -> Tensor { Backprop.log(x) }
    static func sin(_ x: Tensor) -> Tensor { Backprop.sin(x) }
    static func cos(_ x: Tensor) -> Tensor { Backprop.cos(x) }
    static func tanh(_ x: Tensor) -> Tensor { Backprop.tanh(x) }
    static func sqrt(_ x: Tensor) -> Tensor { Backprop.sqrt(x) }
    static func abs(_ x: Tensor) -> Tensor { Backprop.abs(x) }
    static func pow(_ x: Tensor, _ p: Double) -> Tensor { Backprop.pow(x, p) }
    static func pow(_ x: Tensor, _ y: Tensor) -> Tensor { Backprop.pow(x, y) }
    static func maximum(_ x: Tensor, _ y: Tensor) -> Tensor { .where(x .> y, x, y) }
}

extension Variable: ElementwiseArithmetic {
    static func exp(_ x: Variable) -> Variable { Backprop.exp(x) }
    static func log(_ x: Variable) -> Variable { Backprop.log(x) }
    static func sin(_ x: Variable) -> Variable { Backprop.sin(x) }
    static func cos(_ x: Variable) -> Variable { Backprop.cos(x) }
    static func tanh(_ x: Variable) -> Variable { Backprop.tanh(x) }
    static func sqrt(_ x: Variable) -> Variable { Backprop.sqrt(x) }
    static func abs(_ x: Variable) -> Variable { Backprop.abs(x) }
    static func pow(_ x: Variable, _ p: Double) -> Variable { Backprop.pow(x, p) }
    static func pow(_ x: Variable, _ y: Variable) -> Variable { Backprop.pow(x, y) }
    static func maximum(_ x: Variable, _ y: Variable) -> Variable { Backprop.max(x, y) }
}
