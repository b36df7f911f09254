extension Tensor {
    /// The running sums along `axis` (negative counts from the end): element k of each slice is
    /// x₀ + … + x_k, as NumPy's `cumsum` and PyTorch's `cumsum(dim:)`.
    ///
    /// The gradient is the running sum of g taken from the end of each slice (∂L/∂x_j =
    /// Σ_{k ≥ j} g_k). A 0-d tensor accepts axis 0 or −1 and is its own running sum, as in PyTorch.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3, 4]).cumulativeSum(alongAxis: 0).scalars   // [1, 3, 6, 10]
    /// ```
    public func cumulativeSum(alongAxis axis: Int) -> Tensor {
        guard let normalized = normalizedAxes([axis], operation: "cumulativeSum(alongAxis:)", zeroDimensionalAxis: true) else { return self }
        if rank == 0 { return asOneElementVector { $0.runningSum(alongAxis: normalized[0], reversed: false) } }
        return runningSum(alongAxis: normalized[0], reversed: false)
    }

    /// The running sums along `axis` taken from the end: element k of each slice is
    /// x_k + … + x_last. The derivative rule of ``cumulativeSum(alongAxis:)``, and the other way
    /// round.
    func reverseCumulativeSum(alongAxis axis: Int) -> Tensor {
        guard let normalized = normalizedAxes([axis], operation: "reverseCumulativeSum(alongAxis:)") else { return self }
        return runningSum(alongAxis: normalized[0], reversed: true)
    }

    /// The primitive behind both directions, along a valid, non-negative axis; its rule is the
    /// running sum in the other direction.
    private func runningSum(alongAxis axis: Int, reversed: Bool) -> Tensor {
        let outer = Shape.count(Array(shape[..<axis])), inner = Shape.count(Array(shape[(axis + 1)...]))
        let value = Tensor.computed(shape: shape) {
            CumulativeSumKernels.cumulativeSum(storage.base, outer: outer, length: shape[axis], inner: inner, reversed: reversed, $0)
        }
        // The axis counted from the end, so that the rule also serves stacks of gradients.
        let fromEnd = axis - rank
        return Tensor.record(.cumulativeSum(reversed: reversed), value, inputs: [self], batching: .sameRules, { g, _, _ in
            g.runningSum(alongAxis: g.rank + fromEnd, reversed: !reversed)
        })
    }
}
