/// The larger of each pair of elements, with broadcasting, as `torch.maximum`: where the two are
/// equal the gradient is split evenly between them (½ each), as PyTorch does, and a NaN in
/// either gives NaN. Written with `where`, so derivatives of every order follow.
///
/// ```swift
/// max(Tensor<Double>([1, 5, 3]), Tensor([2, 2, 3]))   // [2, 5, 3]; on the tie each input gets ½
/// ```
public func max<Element>(_ x: Tensor<Element>, _ y: Tensor<Element>) -> Tensor<Element> {
    extreme(x, y, preferring: x .> y, y .> x)
}

/// The smaller of each pair of elements, with broadcasting, as `torch.minimum`: the gradient is
/// split evenly on a tie and a NaN in either gives NaN.
///
/// ```swift
/// min(Tensor<Double>([1, 5, 3]), Tensor([2, 2, 3]))   // [1, 2, 3]
/// ```
public func min<Element>(_ x: Tensor<Element>, _ y: Tensor<Element>) -> Tensor<Element> {
    extreme(x, y, preferring: x .< y, y .< x)
}

/// The larger of each element and a constant (`torch.clamp(min:)` splits no tie; this does, as
/// `torch.maximum` with a constant tensor).
public func max<Element>(_ x: Tensor<Element>, _ c: Element) -> Tensor<Element> { max(x, Tensor(c)) }

/// The smaller of each element and a constant, the gradient split evenly on a tie.
public func min<Element>(_ x: Tensor<Element>, _ c: Element) -> Tensor<Element> { min(x, Tensor(c)) }

/// x where `xWins`, y where `yWins`, and their mean where neither does: on a tie the mean is the
/// common value and passes half the gradient to each; with a NaN it is NaN.
private func extreme<Element>(
    _ x: Tensor<Element>, _ y: Tensor<Element>, preferring xWins: Tensor<Element>, _ yWins: Tensor<Element>
) -> Tensor<Element> {
    .where(xWins, x, .where(yWins, y, (x + y) * Tensor(Element(0.5))))
}
