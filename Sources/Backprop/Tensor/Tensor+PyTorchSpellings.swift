extension Tensor {
    /// The transpose of a matrix, as PyTorch's `.T`: rows and columns swapped; a 0-d or 1-d tensor
    /// is returned unchanged. The gradient is transposed back.
    ///
    /// Only for rank 2 or less: PyTorch has deprecated `.T` on more axes, where it reversed them
    /// all, so a tensor of rank 3 or more is an error here. For those, ``transposed()`` reverses
    /// every axis (NumPy's `.T`) and ``permuted(_:)-([Int])`` swaps any two.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [2, 3]).T.shape   // [3, 2]
    /// ```
    public var T: Tensor {
        guard rank <= 2 else {
            raise(BackpropError(
                .invalidAxis, operation: ".T",
                problem: "a tensor of shape \(Shape.describe(shape)) has \(rank) axes; .T transposes matrices only, as PyTorch deprecates it beyond 2 axes",
                fix: "Use transposed() to reverse every axis (NumPy's .T), or permuted(...) to swap the last two: permuted(\(Array(0..<rank - 2) + [rank - 1, rank - 2]))"))
            return self
        }
        return transposed()
    }

    /// The only element of a one-element tensor, as PyTorch's `item()`; unlike ``scalar``, which
    /// is nil for other tensors, a tensor of any other element count is an error.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3]).sum().item()   // 6.0
    /// ```
    public func item() -> Element {
        guard let scalar else {
            raise(BackpropError(
                .invalidArgument, operation: "item()",
                problem: "a tensor of shape \(Shape.describe(shape)) has \(count) elements, not one",
                fix: "Reduce it first (sum(), mean()) or index one element (x[0, 1].item()); scalars gives every element"))
            return .nan
        }
        return scalar
    }

    /// A tensor of `shape` drawn from the standard normal distribution N(0, 1), as `torch.randn`;
    /// the same `seed` gives the same numbers on every machine. The same as
    /// ``randomNormal(shape:mean:standardDeviation:seed:requiresGrad:)``, whose name its errors use.
    ///
    /// ```swift
    /// let noise = Tensor<Float>.randn([2, 3], seed: 7)
    /// ```
    public static func randn(_ shape: [Int], seed: UInt64, requiresGrad: Bool = false) -> Tensor {
        randomNormal(shape: shape, seed: seed, requiresGrad: requiresGrad)
    }

    /// A tensor of `shape` drawn uniformly from [0, 1), as `torch.rand`; the same `seed` gives the
    /// same numbers on every machine. The same as
    /// ``randomUniform(shape:in:seed:requiresGrad:)``, whose name its errors use.
    public static func rand(_ shape: [Int], seed: UInt64, requiresGrad: Bool = false) -> Tensor {
        randomUniform(shape: shape, seed: seed, requiresGrad: requiresGrad)
    }
}
