/// The value of a function of a tensor and its differential: the Jacobian–vector product
/// v ↦ ∂f/∂x·v (forward mode), which may be called any number of times.
///
/// Forward mode is obtained from reverse mode by the double-vector–Jacobian trick: the pullback
/// u ↦ uᵀJ is recorded (it is linear in u), and its own pullback along v is Jv. This costs about
/// two reverse sweeps per direction and needs no second set of derivative rules.
///
/// ```swift
/// let (y, differential) = valueWithDifferential(at: x) { $0.softmax() }
/// differential(v)   // J·v
/// ```
public func valueWithDifferential<Element>(
    at x: Tensor<Element>, of f: (Tensor<Element>) -> Tensor<Element>
) -> (value: Tensor<Element>, differential: (Tensor<Element>) -> Tensor<Element>) {
    let (point, nested) = differentiationPoint(x)
    let output = f(point)
    return (nested ? output : output.detached(), differentialOf(output, at: point, nested: nested))
}

/// The Jacobian–vector product of `f` at `x` along `v`, with the value.
///
/// ```swift
/// let (y, tangent) = jvp(at: x, along: v) { exp($0) }   // tangent = exp(x)·v
/// ```
public func jvp<Element>(
    at x: Tensor<Element>, along v: Tensor<Element>, of f: (Tensor<Element>) -> Tensor<Element>
) -> (value: Tensor<Element>, tangent: Tensor<Element>) {
    let (value, differential) = valueWithDifferential(at: x, of: f)
    return (value, differential(v))
}

/// The differential v ↦ ∂output/∂point·v of a recorded output, by the double-vector–Jacobian
/// trick.
func differentialOf<Element>(
    _ output: Tensor<Element>, at point: Tensor<Element>, nested: Bool
) -> (Tensor<Element>) -> Tensor<Element> {
    let cotangent = Tensor<Element>.zeros(output.shape, requiresGrad: true)
    let pullback = gradients(of: output, seed: cotangent, wrt: [point], retainGraph: true, createGraph: true)[0]
    return { tangent in
        guard tangent.shape == point.shape else {
            BackpropError(
                .seedShapeMismatch, operation: "differential",
                problem: "the tangent has shape \(Shape.describe(tangent.shape)) but the point has shape \(Shape.describe(point.shape))",
                fix: "Pass a tangent of shape \(Shape.describe(point.shape))").raise()
            return .zeros(output.shape)
        }
        return gradients(of: pullback, seed: tangent, wrt: [cotangent], retainGraph: true, createGraph: nested)[0]
    }
}
