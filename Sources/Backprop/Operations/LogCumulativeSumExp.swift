extension Tensor {
    /// The running log-sum-exp along `axis` (negative counts from the end): element k of each
    /// slice is log(exp(x₀) + … + exp(x_k)), as PyTorch's `logcumsumexp(dim:)`. It is computed
    /// pairwise (max + log1p(exp(min − max))), so large and very negative inputs neither overflow
    /// nor underflow to −∞, and −∞ inputs contribute nothing.
    ///
    /// The gradient, ∂L/∂x_j = Σ_{k ≥ j} g_k·exp(x_j − y_k), is computed as PyTorch's: in log
    /// space, with the positive and negative parts of g apart, by the running log-sum-exp from
    /// the end; it is itself differentiable. A 0-d tensor accepts axis 0 or −1 and is returned.
    ///
    /// ```swift
    /// Tensor<Double>([0, 0, 1000]).logCumulativeSumExp(alongAxis: 0)   // [0, log 2, 1000]
    /// ```
    public func logCumulativeSumExp(alongAxis axis: Int) -> Tensor {
        guard let normalized = normalizedAxes([axis], operation: "logCumulativeSumExp(alongAxis:)", zeroDimensionalAxis: true)
        else { return self }
        if rank == 0 { return self }
        return runningLogSumExp(alongAxis: normalized[0], reversed: false)
    }

    /// The primitive along a valid, non-negative axis, in either direction; its rule runs the
    /// other direction.
    private func runningLogSumExp(alongAxis axis: Int, reversed: Bool) -> Tensor {
        let (outer, length, inner) = Self.view(shape, at: axis)
        let value = Tensor.computed(shape: shape) {
            LogCumulativeSumExpKernels.logCumulativeSumExp(storage.base, outer: outer, length: length, inner: inner, reversed: reversed, $0)
        }
        // The axis counted from the end, so that the rule also serves stacks of gradients.
        let fromEnd = axis - rank
        return Tensor.record(.logCumulativeSumExp(reversed: reversed), value, inputs: [self], batching: .sameRules, { g, x, y in
            // log|g| where g has the sign, and a number far below any log elsewhere: exp of it is 0.
            let none = Tensor(-Element.greatestFiniteMagnitude / 4)
            let logPart = { (sign: Tensor) -> Tensor in
                let magnitude = g * sign
                let positive = magnitude .> 0
                let logarithm = Tensor.where(positive, log(Tensor.where(positive, magnitude, Element(1))), none) - y
                return exp(x[0] + logarithm.runningLogSumExp(alongAxis: g.rank + fromEnd, reversed: !reversed))
            }
            return logPart(Tensor(1)) - logPart(Tensor(-1))
        })
    }
}
