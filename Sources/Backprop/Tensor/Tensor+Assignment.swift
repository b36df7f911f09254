extension Tensor {
    /// Replaces this tensor's values with those of `values` (same shape), keeping its identity
    /// as a leaf: its gradient and everything that refers to it stay attached. For optimizer
    /// steps and loading weights, as PyTorch's in-place updates under `no_grad`. Nothing is
    /// recorded; values computed from it earlier keep the old values.
    ///
    /// ```swift
    /// withoutRecording { weight.assign(weight - 0.1 * weight.grad!) }
    /// ```
    public mutating func assign(_ values: Tensor) {
        guard values.shape == shape else {
            raise(BackpropError(
                .shapeMismatch, operation: "assign(_:)",
                problem: "new values of shape \(Shape.describe(values.shape)) for a tensor of shape \(Shape.describe(shape))",
                fix: "Assign values of shape \(Shape.describe(shape))"))
            return
        }
        if isKnownUniquelyReferenced(&storage) {
            ElementwiseKernels.copy(values.storage.base, to: storage.base, count: count)
        } else {
            storage = values.storage.copy()
        }
    }
}

extension Tensor {
    /// Adds `rhs`: `lhs = lhs + rhs`, recorded; on a leaf, see `-=`.
    public static func += (lhs: inout Tensor, rhs: Tensor) { compoundAssign(&lhs, "+=", rhs.requiresGrad) { $0 + rhs } }

    /// Subtracts `rhs`: `lhs = lhs - rhs`, recorded. On a leaf that requires a gradient, inside
    /// ``withoutRecording(_:)``, the leaf's values change in place and it stays the same leaf,
    /// still accumulating ``grad``, as PyTorch's in-place updates under `torch.no_grad()`:
    ///
    /// ```swift
    /// loss.backward()
    /// withoutRecording { w -= 0.1 * w.grad! }
    /// w.zeroGrad()
    /// ```
    ///
    /// Outside it, on a leaf, a right side that needs a gradient records a new value (as for any
    /// tensor), and one that needs none is an error that names both ways to write it. Graphs
    /// recorded before an update keep the values they used.
    public static func -= (lhs: inout Tensor, rhs: Tensor) { compoundAssign(&lhs, "-=", rhs.requiresGrad) { $0 - rhs } }

    /// Multiplies by `rhs`: `lhs = lhs * rhs`, recorded; on a leaf, see `-=`.
    public static func *= (lhs: inout Tensor, rhs: Tensor) { compoundAssign(&lhs, "*=", rhs.requiresGrad) { $0 * rhs } }

    /// Divides by `rhs`: `lhs = lhs / rhs`, recorded; on a leaf, see `-=`.
    public static func /= (lhs: inout Tensor, rhs: Tensor) { compoundAssign(&lhs, "/=", rhs.requiresGrad) { $0 / rhs } }

    /// Adds a constant; on a leaf, see `-=`.
    public static func += (lhs: inout Tensor, rhs: Element) { compoundAssign(&lhs, "+=", false) { $0 + rhs } }

    /// Subtracts a constant; on a leaf, see `-=`.
    public static func -= (lhs: inout Tensor, rhs: Element) { compoundAssign(&lhs, "-=", false) { $0 - rhs } }

    /// Multiplies by a constant (weight decay, say); on a leaf, see `-=`.
    public static func *= (lhs: inout Tensor, rhs: Element) { compoundAssign(&lhs, "*=", false) { $0 * rhs } }

    /// Divides by a constant; on a leaf, see `-=`.
    public static func /= (lhs: inout Tensor, rhs: Element) { compoundAssign(&lhs, "/=", false) { $0 / rhs } }

    /// `lhs = result(lhs)`, or on a leaf what `LeafCompoundAssignment` says.
    private static func compoundAssign(_ lhs: inout Tensor, _ symbol: String, _ rightSideRequiresGrad: Bool, _ result: (Tensor) -> Tensor) {
        guard case .leaf(let leaf) = lhs.tracking else {
            lhs = result(lhs)
            return
        }
        let description = "the leaf tensor" + (leaf.name.map { " `\($0)`" } ?? "") + " of shape \(Shape.describe(lhs.shape))"
        switch LeafCompoundAssignment.current(rightSideRequiresGrad: rightSideRequiresGrad) {
        case .record:
            lhs = result(lhs)
        case .misuse:
            LeafCompoundAssignment.reportMisuse(symbol, on: description, name: leaf.name)
        case .updateInPlace:
            let updated = result(lhs)
            guard updated.shape == lhs.shape else {
                return raise(BackpropError(
                    .shapeMismatch, operation: symbol,
                    problem: "updating \(description) in place would give it shape \(Shape.describe(updated.shape))",
                    fix: "Use a right side that broadcasts to \(Shape.describe(lhs.shape)), or compute a new value outside withoutRecording"))
            }
            lhs.assign(updated)
        }
    }
}
