/// The p-norm (Σ|xᵢ|ᵖ)^(1/p) of the elements along `axes` (all elements when nil), as
/// `torch.linalg.vector_norm`, keeping the reduced axes as size 1 when `keepingDimensions`.
/// `order` ∞ is max|xᵢ|, −∞ is min|xᵢ| (the gradient split evenly among tied elements, as
/// PyTorch's), and 0 counts the nonzero elements (a constant, whose
/// gradient is 0 as in PyTorch); 2, the default, is the Euclidean norm, whose gradient at a zero
/// vector is 0 as PyTorch's. For other orders the gradient at a zero vector is not defined
/// (NaN, where PyTorch gives 0).
///
/// ```swift
/// vectorNorm(Tensor<Double>([3, -4])).scalar                     // 5
/// vectorNorm(Tensor<Double>([3, -4]), order: 1).scalar           // 7
/// vectorNorm(Tensor<Double>([3, -4]), order: .infinity).scalar   // 4
/// ```
public func vectorNorm<Element>(
    _ x: Tensor<Element>, order: Double = 2, alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false
) -> Tensor<Element> {
    guard !order.isNaN else {
        raise(BackpropError(
            .invalidArgument, operation: "vectorNorm", problem: "the order is NaN",
            fix: "Pass a number, .infinity or -.infinity as the order"))
        return .placeholder(shape: [])
    }
    let axes = axes ?? Array(0..<x.rank)
    let magnitudes = abs(x)
    switch order {
    case 2: return x.norm(alongAxes: axes, keepingDimensions: keepingDimensions)
    case 1: return magnitudes.sum(alongAxes: axes, keepingDimensions: keepingDimensions)
    case .infinity: return magnitudes.extremeSplittingTies(alongAxes: axes, keepingDimensions: keepingDimensions, largest: true)
    case -.infinity: return magnitudes.extremeSplittingTies(alongAxes: axes, keepingDimensions: keepingDimensions, largest: false)
    case 0: return (x.detached() .!= 0).sum(alongAxes: axes, keepingDimensions: keepingDimensions)
    default:
        let p = Element(order)
        return pow(pow(magnitudes, p).sum(alongAxes: axes, keepingDimensions: keepingDimensions), 1 / p)
    }
}
