extension Tensor {
    /// Elementwise sum with NumPy broadcasting; ∂/∂lhs = ∂/∂rhs = 1 (summed back over
    /// broadcast axes).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        guard let value = combined(.add, lhs, rhs, name: "add") else { return .placeholder(shape: lhs.shape) }
        return record(.add, value, inputs: [lhs, rhs], batching: .sameRules, { g, _, _ in g }, { g, _, _ in g })
    }

    /// Elementwise difference with broadcasting; ∂/∂lhs = 1, ∂/∂rhs = −1.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        guard let value = combined(.subtract, lhs, rhs, name: "subtract") else { return .placeholder(shape: lhs.shape) }
        return record(.subtract, value, inputs: [lhs, rhs], batching: .sameRules, { g, _, _ in g }, { g, _, _ in -g })
    }

    /// Elementwise product with broadcasting; ∂/∂lhs = rhs, ∂/∂rhs = lhs.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        guard let value = combined(.multiply, lhs, rhs, name: "multiply") else { return .placeholder(shape: lhs.shape) }
        return record(.multiply, value, inputs: [lhs, rhs], batching: .sameRules, { g, x, _ in g * x[1] }, { g, x, _ in g * x[0] })
    }

    /// Elementwise quotient with broadcasting; ∂/∂lhs = 1/rhs, ∂/∂rhs = −lhs/rhs².
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
        guard let value = combined(.divide, lhs, rhs, name: "divide") else { return .placeholder(shape: lhs.shape) }
        return record(.divide, value, inputs: [lhs, rhs], batching: .sameRules, { g, x, _ in g / x[1] }, { g, x, y in -g * y / x[1] })
    }

    /// Elementwise negation; ∂/∂operand = −1.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public static prefix func - (operand: Tensor) -> Tensor {
        record(.negate, operand.mapped(.negate), inputs: [operand], batching: .sameRules, { g, _, _ in -g })
    }

    /// self + scale·other, elementwise, in one pass over memory: the update p ← p − η·g of
    /// gradient descent is `p.addingProduct(-η, g)`, as `FloatingPoint.addingProduct` and
    /// PyTorch's `torch.add(p, g, alpha=-η)`, and gives the same numbers as `p - η * g` with
    /// one result written instead of two. `other` broadcasts as in `+`.
    /// ∂/∂self = 1, ∂/∂other = scale.
    ///
    /// ```swift
    /// let updated = weight.addingProduct(-0.01, weight.grad!)
    /// ```
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func addingProduct(_ scale: Element, _ other: Tensor) -> Tensor {
        guard other.shape == shape else {
            guard Shape.broadcast(shape, other.shape) != nil else {
                raise(BackpropError(
                    .shapeMismatch, operation: "addingProduct(_:_:)",
                    problem: "cannot broadcast shapes \(Shape.describe(shape)) and \(Shape.describe(other.shape)): aligned from the right, each pair of sizes must be equal or contain a 1",
                    fix: "Pass a tensor of shape \(Shape.describe(shape)), or one that broadcasts to it"))
                return .placeholder(shape: shape)
            }
            return self + scale * other
        }
        let value = Tensor.computed(shape: shape) { out in
            ElementwiseKernels.addingProduct(storage.base, scale, other.storage.base, out, count)
        }
        return Tensor.record(.addingProduct, value, inputs: [self, other], batching: .sameRules, { g, _, _ in g }, { g, _, _ in g * scale })
    }

    /// Adds a constant to every element.
    public static func + (lhs: Tensor, rhs: Element) -> Tensor { lhs + Tensor(rhs) }
    /// Adds every element to a constant.
    public static func + (lhs: Element, rhs: Tensor) -> Tensor { Tensor(lhs) + rhs }
    /// Subtracts a constant from every element.
    public static func - (lhs: Tensor, rhs: Element) -> Tensor { lhs - Tensor(rhs) }
    /// Subtracts every element from a constant.
    public static func - (lhs: Element, rhs: Tensor) -> Tensor { Tensor(lhs) - rhs }
    /// Multiplies every element by a constant.
    public static func * (lhs: Tensor, rhs: Element) -> Tensor { lhs * Tensor(rhs) }
    /// Multiplies a constant by every element.
    public static func * (lhs: Element, rhs: Tensor) -> Tensor { Tensor(lhs) * rhs }
    /// Divides every element by a constant.
    public static func / (lhs: Tensor, rhs: Element) -> Tensor { lhs / Tensor(rhs) }
    /// Divides a constant by every element.
    public static func / (lhs: Element, rhs: Tensor) -> Tensor { Tensor(lhs) / rhs }
}
