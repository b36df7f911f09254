extension Tensor {
    /// The largest (or smallest) element along `axes`, as `torch.amax` (`torch.amin`) reduces:
    /// its gradient is split evenly among the tied elements, where ``max(alongAxes:keepingDimensions:)``
    /// sends it to the first. The value is the extreme itself; a weighted sum with constant
    /// weights 1/(number of ties) on the tied elements, whose value is subtracted again,
    /// carries the gradient (so every higher derivative is 0, as for any extreme).
    func extremeSplittingTies(alongAxes axes: [Int], keepingDimensions: Bool, largest: Bool) -> Tensor {
        let extreme = (largest ? max(alongAxes: axes, keepingDimensions: true) : min(alongAxes: axes, keepingDimensions: true)).detached()
        let tied = detached() .== extreme
        let weighted = (self * (tied / tied.sum(alongAxes: axes, keepingDimensions: true)))
            .sum(alongAxes: axes, keepingDimensions: keepingDimensions)
        return weighted - weighted.detached() + extreme.reshaped(to: weighted.shape)
    }
}
