extension Tensor {
    /// log Σ eˣ along `axes` (negative axes count from the end), keeping them as axes of size 1
    /// when `keepingDimensions` is true.
    ///
    /// Computed as m + log Σ eˣ⁻ᵐ with m the largest element of each slice, taken as a constant:
    /// no exponential overflows, so logits of ±10⁴ give finite values and gradients. The
    /// gradient is the softmax of each slice. An empty slice gives −∞, as in PyTorch; a 0-d
    /// tensor accepts axis 0 or −1 and is its own log-sum-exp.
    ///
    /// ```swift
    /// let x = Tensor<Double>([1000, 1000], shape: [1, 2])
    /// x.logSumExp(alongAxes: [1]).scalars   // [1000.693...]: log(e¹⁰⁰⁰ + e¹⁰⁰⁰)
    /// ```
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func logSumExp(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        guard let normalized = normalizedAxes(axes, operation: "logSumExp(alongAxes:)", zeroDimensionalAxis: true) else { return self }
        if rank == 0 { return asOneElementVector { $0.logSumExp(alongAxes: normalized, keepingDimensions: true) } }
        let shift = stableShift(alongAxes: normalized)
        let result = log(exp(self - shift).sum(alongAxes: normalized, keepingDimensions: true)) + shift
        if keepingDimensions { return result }
        let reduced = Set(normalized)
        return result.reshaped(to: shape.indices.filter { !reduced.contains($0) }.map { shape[$0] })
    }

    /// log Σ eˣ along `axes`, keeping them as axes of size 1 when `keepingDimensions` is true.
    public func logSumExp(alongAxes axes: Int..., keepingDimensions: Bool = false) -> Tensor {
        logSumExp(alongAxes: axes, keepingDimensions: keepingDimensions)
    }

    /// log Σ eˣ over all elements, as a 0-d tensor, without overflow (see
    /// ``logSumExp(alongAxes:keepingDimensions:)``).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func logSumExp() -> Tensor {
        reshaped(to: [count]).logSumExp(alongAxes: [0])
    }

    /// eˣ / Σ eˣ along `axis` (negative counts from the end; the last axis by default): each
    /// slice becomes a probability distribution.
    ///
    /// Computed as exp(``logSoftmax(alongAxis:)``), so it is stable for logits of any size. Its
    /// Jacobian is diag(s) − s sᵀ for each slice s. A 0-d tensor accepts axis 0 or −1 (its
    /// softmax is 1), as in PyTorch.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3]).softmax().scalars   // [0.090, 0.245, 0.665]
    /// ```
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func softmax(alongAxis axis: Int = -1) -> Tensor {
        guard let normalized = normalizedAxes([axis], operation: "softmax(alongAxis:)", zeroDimensionalAxis: true) else { return self }
        if rank == 0 { return asOneElementVector { exp($0.logSoftmaxAlongAxis(normalized[0])) } }
        return exp(logSoftmaxAlongAxis(normalized[0]))
    }

    /// x − log Σ eˣ along `axis` (negative counts from the end; the last axis by default): the
    /// logarithm of ``softmax(alongAxis:)``, computed without forming the softmax, as
    /// cross-entropy needs.
    ///
    /// A fused primitive: the forward pass is one stable kernel (the largest logit of each slice
    /// is subtracted first), and the gradient is g − softmax · Σg, so that logits of ±10⁴ give
    /// finite values and gradients. It equals x − `logSumExp(alongAxes: [axis], keepingDimensions: true)`.
    /// A 0-d tensor accepts axis 0 or −1 (its log-softmax is 0), as in PyTorch.
    ///
    /// ```swift
    /// let logits = Tensor<Double>([2, 1, 0.1], shape: [1, 3], requiresGrad: true)
    /// let logProbabilities = logits.logSoftmax(alongAxis: 1)   // [[-0.417, -1.417, -2.317]]
    /// ```
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func logSoftmax(alongAxis axis: Int = -1) -> Tensor {
        guard let normalized = normalizedAxes([axis], operation: "logSoftmax(alongAxis:)", zeroDimensionalAxis: true) else { return self }
        if rank == 0 { return asOneElementVector { $0.logSoftmaxAlongAxis(normalized[0]) } }
        return logSoftmaxAlongAxis(normalized[0])
    }

    /// The log-softmax primitive along a valid, non-negative axis.
    private func logSoftmaxAlongAxis(_ axis: Int) -> Tensor {
        let outer = Shape.count(Array(shape[..<axis])), inner = Shape.count(Array(shape[(axis + 1)...]))
        let value = Tensor.computed(shape: shape) {
            SoftmaxKernels.logSoftmax(storage.base, outer: outer, length: shape[axis], inner: inner, $0)
        }
        // y = x − lse(x), so ∂L/∂x = g − softmax · Σg, with softmax = eʸ. The axis is counted
        // from the end, so that the rule also serves stacks of gradients.
        let fromEnd = axis - rank
        return Tensor.record(.logSoftmax, value, inputs: [self], batching: .sameRules, { g, _, y in
            g - exp(y) * g.sum(alongAxes: [fromEnd], keepingDimensions: true)
        })
    }

    /// A constant m, of this tensor's shape with `axes` reduced to size 1, that keeps eˣ⁻ᵐ from
    /// overflowing: the largest element of each slice, clamped to finite values (an infinite
    /// maximum would turn x − m into NaN), and 0 for empty slices.
    private func stableShift(alongAxes axes: [Int]) -> Tensor {
        var reducedShape = shape
        for axis in axes { reducedShape[axis] = 1 }
        if axes.contains(where: { shape[$0] == 0 }) { return .zeros(reducedShape) }
        let largest = detached().max(alongAxes: axes, keepingDimensions: true)
        let bound = Tensor(Element.greatestFiniteMagnitude)
        let atLeast = Tensor.combined(.maximum, largest, -bound, name: "logSumExp")!
        return Tensor.combined(.minimum, atLeast, bound, name: "logSumExp")!
    }
}
