extension Tensor: ElementwiseDifferentiable {
    /// `function` applied to every element; its pullback is g ⊙ f′, with f′ as ``UnaryFunction``
    /// defines it, so that it is differentiable again and serves stacks of gradients (batched
    /// Jacobians) as it is.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func applying(_ function: UnaryFunction) -> Tensor {
        Tensor.record(.unary(function), mapped(.function(function)), inputs: [self], batching: .sameRules) { g, x, y in
            // relu's gradient is one fused pass (a test checks it against g ⊙ f′).
            function == .relu ? g.keepingWherePositive(x[0].detached()) : g * function.derivative(x: x[0], output: y)
        }
    }
}

/// xᵖ elementwise for a constant exponent; its derivative is p·xᵖ⁻¹, as in PyTorch: 0 for p = 0
/// (even at x = 0), infinite at x = 0 for 0 < p < 1, and NaN for a negative x with a
/// non-integer p, where xᵖ itself is NaN.
@_specialize(where Element == Float)
@_specialize(where Element == Double)
public func pow<Element>(_ x: Tensor<Element>, _ p: Element) -> Tensor<Element> {
    let value = p == 2 ? x.mapped(.square) : Tensor.combined(.power, x, Tensor(p), name: "pow")!
    // Squares get their own name, so that graphs and traces can write them as x².
    return Tensor.record(p == 2 ? .square : .pow, value, inputs: [x], batching: .sameRules, { g, x, _ in
        // x⁰ is constant: its derivative is 0 even at x = 0, where 0·0⁻¹ would be NaN.
        p == 2 ? g * 2 * x[0] : p == 0 ? g * 0 : g * p * pow(x[0], p - 1)
    })
}

/// xʸ elementwise with broadcasting; ∂/∂x = y·xʸ⁻¹ (0 where y = 0) and ∂/∂y = xʸ·ln x, with
/// PyTorch's conventions where ln x is not finite: ∂/∂y is 0 at x = 0 with y ≥ 0 (the limit
/// along the exponent), −∞ at x = 0 with y < 0, and NaN for x < 0, where the logarithm is
/// undefined.
@_specialize(where Element == Float)
@_specialize(where Element == Double)
public func pow<Element>(_ x: Tensor<Element>, _ y: Tensor<Element>) -> Tensor<Element> {
    guard let value = Tensor.combined(.power, x, y, name: "pow") else { return .placeholder(shape: x.shape) }
    return Tensor.record(
        .pow, value, inputs: [x, y], batching: .sameRules,
        // Where y = 0, xʸ is constant in x: its derivative is 0 even at x = 0.
        { g, x, _ in .where(x[1].detached() .== 0, Element(0), g * x[1] * pow(x[0], x[1] - 1)) },
        { g, x, z in
            let atLimit = (x[0].detached() .== 0) * (x[1].detached() .>= 0)
            // The logarithm sees 1 in place of those zeros, so that its derivative stays finite
            // there in higher derivatives.
            return .where(atLimit, Element(0), g * z * log(.where(atLimit, Element(1), x[0])))
        })
}

extension Tensor {
    /// self where `mask` > 0 and 0 elsewhere: relu's gradient in one pass over memory. self may
    /// have leading axes that the mask lacks (a stack of gradients in a batched Jacobian). It is
    /// linear in self (the mask is a constant), so its own derivative masks the same way.
    func keepingWherePositive(_ mask: Tensor) -> Tensor {
        let maskCount = mask.count, repeats = maskCount == 0 ? 0 : count / maskCount
        let value = Tensor.computed(shape: shape) { out in
            for r in 0..<repeats {
                ElementwiseKernels.keepWherePositive(storage.base + r * maskCount, mask: mask.storage.base, out + r * maskCount, maskCount)
            }
        }
        return Tensor.record(.reluMask, value, inputs: [self], batching: .sameRules, { u, _, _ in u.keepingWherePositive(mask) })
    }
}
