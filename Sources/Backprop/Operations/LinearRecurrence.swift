extension Tensor {
    /// The first-order linear recurrence h_k = a_k·h_{k−1} + b_k along `axis` (a valid,
    /// non-negative axis), with this tensor as b, `coefficients` (same shape) as a, and 0 before
    /// the first position; `reversed` runs it from the last position, h_k = a_k·h_{k+1} + b_k.
    ///
    /// The primitive behind ``cumulativeProduct(alongAxis:)`` and ``product(alongAxes:keepingDimensions:)``:
    /// its rule divides by nothing, so zeros among the factors get exact gradients. With the
    /// adjoint λ, the same recurrence run the other way over g with the coefficients shifted one
    /// position (λ_k = g_k + a_{k+1}·λ_{k+1}), ∂L/∂b = λ and ∂L/∂a_k = λ_k·h_{k−1}.
    func linearRecurrence(coefficients a: Tensor, alongAxis axis: Int, reversed: Bool) -> Tensor {
        let outer = Shape.count(Array(shape[..<axis])), inner = Shape.count(Array(shape[(axis + 1)...]))
        let value = Tensor.computed(shape: shape) {
            LinearRecurrenceKernels.linearRecurrence(
                coefficients: a.storage.base, storage.base, outer: outer, length: shape[axis], inner: inner, reversed: reversed, $0)
        }
        // The axis counted from the end, so that the rules also serve stacks of gradients.
        let fromEnd = axis - rank
        let adjoint = { (g: Tensor, a: Tensor) -> Tensor in
            let shifted = a.shiftedInsertingZero(alongAxis: a.rank + fromEnd, towardEnd: reversed)
            return g.linearRecurrence(coefficients: shifted.broadcasted(to: g.shape), alongAxis: g.rank + fromEnd, reversed: !reversed)
        }
        return Tensor.record(
            .linearRecurrence(reversed: reversed), value, inputs: [self, a], batching: .sameRules,
            { g, inputs, _ in adjoint(g, inputs[1]) },
            { g, inputs, h in
                adjoint(g, inputs[1]) * h.shiftedInsertingZero(alongAxis: h.rank + fromEnd, towardEnd: !reversed)
            })
    }

    /// The tensor moved one position along `axis`, toward its end (out_k = x_{k−1}) or its start
    /// (out_k = x_{k+1}), with a 0 in the position left free.
    func shiftedInsertingZero(alongAxis axis: Int, towardEnd: Bool) -> Tensor {
        guard shape[axis] > 0 else { return self }
        var starts = [Int](repeating: 0, count: rank), counts = shape
        var padding = [(before: Int, after: Int)](repeating: (0, 0), count: rank)
        counts[axis] -= 1
        if towardEnd {
            padding[axis].before = 1
        } else {
            starts[axis] = 1
            padding[axis].after = 1
        }
        return sliced(starts: starts, steps: [Int](repeating: 1, count: rank), counts: counts).padded(padding)
    }
}
