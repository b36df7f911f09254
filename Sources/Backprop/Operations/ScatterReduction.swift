/// How ``Tensor/scattering(_:indices:alongAxis:reduction:includeSelf:)`` combines the elements
/// scattered to one position, as the `reduce` argument of PyTorch's `scatter_reduce`.
public enum ScatterReduction: String, Sendable, Hashable, CaseIterable {
    /// The sum (PyTorch's `"sum"`).
    case sum
    /// The product (PyTorch's `"prod"`).
    case product
    /// The mean (PyTorch's `"mean"`), counting the original element when it is included.
    case mean
    /// The largest (PyTorch's `"amax"`); a NaN wins.
    case amax
    /// The smallest (PyTorch's `"amin"`); a NaN wins.
    case amin
}
