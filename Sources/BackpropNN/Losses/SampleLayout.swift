import Backprop

/// Which parts of a tensor are the samples that a loss averages over.
///
/// ```swift
/// meanSquaredError(a, y, halved: true, samples: .columns)   // X holds one sample per column
/// meanSquaredError(a, y, halved: true, samples: .whole)     // a is one sample's output vector
/// ```
public enum SampleLayout: Sendable, Hashable {
    /// Every element is a sample: the mean over all elements, as PyTorch's losses take it.
    case elements
    /// The slices along an axis (negative counts from the end) are the samples: one per row for
    /// axis 0, the layout of PyTorch and of ``Linear``'s outputs; one per column for axis 1, the
    /// layout of the seed derivations, where sample i is the column xᵢ and aᴸ = σ(Wᴸaᴸ⁻¹ + bᴸ).
    /// A 0-d tensor is one sample along axis 0 or −1.
    case alongAxis(Int)
    /// The whole tensor is one sample (a single output vector, whatever its shape).
    case whole

    /// One sample per row: `.alongAxis(0)`.
    public static var rows: SampleLayout { .alongAxis(0) }
    /// One sample per column: `.alongAxis(1)`, the layout of the seed derivations.
    public static var columns: SampleLayout { .alongAxis(1) }
}

extension SampleLayout {
    /// How many samples a tensor of `shape` holds in this layout, or nil after raising an error
    /// for `operation` when the layout names an axis the shape lacks.
    func sampleCount(of shape: [Int], operation: String) -> Int? {
        switch self {
        case .elements: return shape.reduce(1, *)
        case .whole: return 1
        case .alongAxis(let axis):
            // A 0-d tensor is one sample along axis 0 or −1, as PyTorch's reductions see it.
            let axisCount = max(shape.count, 1)
            guard (-axisCount..<axisCount).contains(axis) else {
                BackpropError(
                    .invalidAxis, operation: operation,
                    problem: "axis \(axis), along which the samples lie, is out of range for predictions of shape \(shape) (rank \(shape.count))",
                    fix: "Name the axis that counts the samples: 0 for one sample per row, 1 for one per column, or pass .whole for a single sample").raise()
                return nil
            }
            return shape.isEmpty ? 1 : shape[(axis + axisCount) % axisCount]
        }
    }
}
