/// The sum of the diagonal of a matrix, or of each matrix of a stack ([..., n, m] gives [...]),
/// as `torch.trace` (which takes one matrix) applied to each. The gradient is the identity
/// times the upstream gradient.
///
/// ```swift
/// trace(Tensor<Double>([1, 2, 3, 4], shape: [2, 2])).scalar   // 5
/// ```
public func trace<Element>(_ a: Tensor<Element>) -> Tensor<Element> {
    guard a.isMatrixStack(operation: "trace") else { return .placeholder(shape: []) }
    return diagonal(a).sum(alongAxes: [-1])
}
