extension Tensor {
    /// The variance along `axes` (negative axes count from the end), keeping them as axes of
    /// size 1 when `keepingDimensions` is true.
    ///
    /// Σ(x − mean)² / (N − `correction`), where N is the number of elements in each slice. The
    /// default `correction` 0 gives the population variance (divide by N, as NumPy's `var`);
    /// pass 1 for the unbiased sample variance (divide by N − 1, as PyTorch's default). When N
    /// is at most `correction` the divisor is 0 and the result infinite or NaN, as in PyTorch (NaN
    /// for an empty slice). A 0-d tensor accepts axis 0 or −1, as one sample.
    ///
    /// ```swift
    /// let x = Tensor<Double>([1, 2, 3, 4], shape: [2, 2])
    /// x.variance(alongAxes: [1]).scalars                  // [0.25, 0.25]
    /// x.variance(alongAxes: [1], correction: 1).scalars   // [0.5, 0.5]
    /// ```
    public func variance(alongAxes axes: [Int], keepingDimensions: Bool = false, correction: Int = 0) -> Tensor {
        guard let normalized = normalizedAxes(axes, operation: "variance(alongAxes:)", zeroDimensionalAxis: true),
              validCorrection(correction, operation: "variance(alongAxes:)") else { return self }
        if rank == 0 {
            return asOneElementVector { $0.variance(alongAxes: normalized, keepingDimensions: true, correction: correction) }
        }
        let deviation = self - mean(alongAxes: normalized, keepingDimensions: true)
        let sampleCount = normalized.reduce(1) { $0 * shape[$1] }
        return (deviation * deviation).sum(alongAxes: normalized, keepingDimensions: keepingDimensions)
            / Element(Swift.max(sampleCount - correction, 0))
    }

    /// The variance along `axes`, keeping them as axes of size 1 when `keepingDimensions` is
    /// true; divides by N − `correction` (N by default).
    public func variance(alongAxes axes: Int..., keepingDimensions: Bool = false, correction: Int = 0) -> Tensor {
        variance(alongAxes: axes, keepingDimensions: keepingDimensions, correction: correction)
    }

    /// The variance of all elements, as a 0-d tensor: Σ(x − mean)² / (N − `correction`), the
    /// population variance (divide by N) by default.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3, 4]).variance().scalar   // 1.25
    /// ```
    public func variance(correction: Int = 0) -> Tensor {
        guard validCorrection(correction, operation: "variance()") else { return .placeholder(shape: []) }
        return reshaped(to: [count]).variance(alongAxes: [0], correction: correction)
    }

    /// The standard deviation along `axes`, keeping them as axes of size 1 when
    /// `keepingDimensions` is true: the square root of
    /// ``variance(alongAxes:keepingDimensions:correction:)`` (population, divide by N, by default).
    ///
    /// Where the variance is 0 (a constant slice) the gradient is 0 rather than the infinite
    /// derivative of the square root, as in PyTorch.
    public func standardDeviation(alongAxes axes: [Int], keepingDimensions: Bool = false, correction: Int = 0) -> Tensor {
        guard let normalized = normalizedAxes(axes, operation: "standardDeviation(alongAxes:)", zeroDimensionalAxis: true),
              validCorrection(correction, operation: "standardDeviation(alongAxes:)") else { return self }
        return variance(alongAxes: normalized, keepingDimensions: keepingDimensions, correction: correction)
            .squareRootWithZeroSubgradient()
    }

    /// The standard deviation along `axes`, keeping them as axes of size 1 when
    /// `keepingDimensions` is true; divides by N − `correction` (N by default).
    public func standardDeviation(alongAxes axes: Int..., keepingDimensions: Bool = false, correction: Int = 0) -> Tensor {
        standardDeviation(alongAxes: axes, keepingDimensions: keepingDimensions, correction: correction)
    }

    /// The standard deviation of all elements, as a 0-d tensor (population, divide by N, by
    /// default); its gradient is 0 when all elements are equal, as in PyTorch.
    ///
    /// ```swift
    /// Tensor<Double>([2, 4, 4, 4, 5, 5, 7, 9]).standardDeviation().scalar   // 2
    /// ```
    public func standardDeviation(correction: Int = 0) -> Tensor {
        guard validCorrection(correction, operation: "standardDeviation()") else { return .placeholder(shape: []) }
        return variance(correction: correction).squareRootWithZeroSubgradient()
    }

    /// The Euclidean (L2) norm of all elements, √Σx², as a 0-d tensor.
    ///
    /// Its gradient is x/‖x‖; at the zero tensor, where the norm has no derivative, the gradient
    /// is 0 (a valid subgradient), as PyTorch gives.
    ///
    /// ```swift
    /// Tensor<Double>([3, 4]).norm().scalar   // 5
    /// ```
    public func norm() -> Tensor {
        (self * self).sum().squareRootWithZeroSubgradient()
    }

    /// The Euclidean (L2) norms along `axes`, keeping them as axes of size 1 when
    /// `keepingDimensions` is true; the gradient of a zero slice is 0, as in PyTorch.
    ///
    /// ```swift
    /// Tensor<Double>([3, 4, 0, 0], shape: [2, 2]).norm(alongAxes: [1]).scalars   // [5, 0]
    /// ```
    public func norm(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        guard let normalized = normalizedAxes(axes, operation: "norm(alongAxes:)", zeroDimensionalAxis: true) else { return self }
        return (self * self).sum(alongAxes: normalized, keepingDimensions: keepingDimensions).squareRootWithZeroSubgradient()
    }

    /// The Euclidean (L2) norms along `axes`, keeping them as axes of size 1 when
    /// `keepingDimensions` is true.
    public func norm(alongAxes axes: Int..., keepingDimensions: Bool = false) -> Tensor {
        norm(alongAxes: axes, keepingDimensions: keepingDimensions)
    }

    /// √x elementwise for x ≥ 0, whose derivative 1/(2√x) is replaced by 0 where x is 0: the
    /// subgradient PyTorch uses for norms and standard deviations at 0.
    func squareRootWithZeroSubgradient() -> Tensor {
        Tensor.record(.sqrtZeroAtZero, mapped(.function(.sqrt)), inputs: [self], batching: .sameRules, { g, _, y in
            let positive = y.detached().mapped(.positiveMask)
            // Dividing by y + 1 where y is 0 keeps the masked entries finite.
            return g * positive * 0.5 / (y + (1 - positive))
        })
    }

    /// Whether `correction` is valid; raises an error for `operation` when it is negative.
    private func validCorrection(_ correction: Int, operation: String) -> Bool {
        guard correction < 0 else { return true }
        raise(BackpropError(
            .invalidArgument, operation: operation,
            problem: "correction \(correction) is negative",
            fix: "Use 0 for the population variance (divide by N) or 1 for the sample variance (divide by N − 1)"))
        return false
    }
}
