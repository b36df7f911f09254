import Backprop

/// How a layer's weights are drawn, always from a seed so that the same seed gives the same
/// model on every machine. `fanIn` and `fanOut` count the inputs and outputs of one unit
/// (times the kernel size for a convolution).
public enum Initialization: Sendable {
    /// Uniform in ±1/√fanIn: PyTorch's default for `nn.Linear` and `nn.Conv2d`.
    case uniformFanIn
    /// Xavier/Glorot uniform: ±√(6/(fanIn + fanOut)), for tanh and sigmoid networks.
    case xavierUniform
    /// Xavier/Glorot normal: standard deviation √(2/(fanIn + fanOut)).
    case xavierNormal
    /// He (Kaiming) uniform: ±√(6/fanIn), for ReLU networks.
    case heUniform
    /// He (Kaiming) normal: standard deviation √(2/fanIn).
    case heNormal

    /// A leaf tensor of `shape` drawn for a unit with `fanIn` inputs and `fanOut` outputs.
    public func tensor<Element: TensorElement>(shape: [Int], fanIn: Int, fanOut: Int, seed: UInt64) -> Tensor<Element> {
        let fanIn = Element(max(fanIn, 1)), fanOut = Element(max(fanOut, 1))
        switch self {
        case .uniformFanIn:
            let bound = 1 / fanIn.squareRoot()
            return .randomUniform(shape: shape, in: -bound...bound, seed: seed, requiresGrad: true)
        case .xavierUniform:
            let bound = (6 / (fanIn + fanOut)).squareRoot()
            return .randomUniform(shape: shape, in: -bound...bound, seed: seed, requiresGrad: true)
        case .xavierNormal:
            return .randomNormal(shape: shape, standardDeviation: (2 / (fanIn + fanOut)).squareRoot(), seed: seed, requiresGrad: true)
        case .heUniform:
            let bound = (6 / fanIn).squareRoot()
            return .randomUniform(shape: shape, in: -bound...bound, seed: seed, requiresGrad: true)
        case .heNormal:
            return .randomNormal(shape: shape, standardDeviation: (2 / fanIn).squareRoot(), seed: seed, requiresGrad: true)
        }
    }
}
