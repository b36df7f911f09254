/// The gradient of a function of a tensor whose result has one element.
///
/// When `x` takes part in a recorded computation (it requires a gradient, or it is an
/// enclosing transform's point), the result is recorded too and can be differentiated again;
/// otherwise it is a constant. `grad` of `x` is never touched.
///
/// ```swift
/// let x = Tensor<Double>([1, 2, 3])
/// gradient(at: x) { x in (x * x).sum() }   // [2, 4, 6]
/// ```
public func gradient<Element>(at x: Tensor<Element>, of f: (Tensor<Element>) -> Tensor<Element>) -> Tensor<Element> {
    valueWithGradient(at: x, of: f).gradient
}

/// The value and the gradient of a function of a tensor whose result has one element.
public func valueWithGradient<Element>(
    at x: Tensor<Element>, of f: (Tensor<Element>) -> Tensor<Element>
) -> (value: Tensor<Element>, gradient: Tensor<Element>) {
    let (values, partials) = valueWithGradient(at: [x]) { f($0[0]) }
    return (values, partials[0])
}

/// The gradients of a function of two tensors whose result has one element.
public func gradient<Element>(
    at x: Tensor<Element>, _ y: Tensor<Element>, of f: (Tensor<Element>, Tensor<Element>) -> Tensor<Element>
) -> (Tensor<Element>, Tensor<Element>) {
    let partials = valueWithGradient(at: [x, y]) { f($0[0], $0[1]) }.gradient
    return (partials[0], partials[1])
}

/// The gradients of a function of three tensors whose result has one element.
public func gradient<Element>(
    at x: Tensor<Element>, _ y: Tensor<Element>, _ z: Tensor<Element>,
    of f: (Tensor<Element>, Tensor<Element>, Tensor<Element>) -> Tensor<Element>
) -> (Tensor<Element>, Tensor<Element>, Tensor<Element>) {
    let partials = valueWithGradient(at: [x, y, z]) { f($0[0], $0[1], $0[2]) }.gradient
    return (partials[0], partials[1], partials[2])
}

/// The value and the gradients of a function of several tensors whose result has one element.
public func valueWithGradient<Element>(
    at inputs: [Tensor<Element>], of f: ([Tensor<Element>]) -> Tensor<Element>
) -> (value: Tensor<Element>, gradient: [Tensor<Element>]) {
    let points = inputs.map(differentiationPoint)
    let nested = points.contains { $0.nested }
    let output = f(points.map { $0.point })
    guard output.count == 1 else {
        BackpropError(
            .missingSeed, operation: "gradient(at:of:)",
            problem: "the function returned shape \(Shape.describe(output.shape)); a gradient needs a result with one element",
            fix: "Reduce the result (sum(), mean()), or use valueWithPullback(at:of:) or jacobian(at:of:) for tensor results"
        ).raise()
        return (output, inputs.map { .zeros($0.shape) })
    }
    let partials = gradients(of: output, wrt: points.map { $0.point }, createGraph: nested)
    return (nested ? output : output.detached(), partials)
}

/// The value of a function of a tensor and its pullback: the vector–Jacobian product
/// v ↦ vᵀ·∂f/∂x, which may be called any number of times (the graph is kept while the pullback
/// lives).
///
/// ```swift
/// let (y, pullback) = valueWithPullback(at: x) { x in x * x }
/// pullback(.ones(y.shape))   // 2x
/// ```
public func valueWithPullback<Element>(
    at x: Tensor<Element>, of f: (Tensor<Element>) -> Tensor<Element>
) -> (value: Tensor<Element>, pullback: (Tensor<Element>) -> Tensor<Element>) {
    let (point, nested) = differentiationPoint(x)
    let output = f(point)
    return (nested ? output : output.detached(), { seed in
        guard seed.shape == output.shape else {
            BackpropError(
                .seedShapeMismatch, operation: "pullback",
                problem: "the cotangent has shape \(Shape.describe(seed.shape)) but the value has shape \(Shape.describe(output.shape))",
                fix: "Pass a cotangent of shape \(Shape.describe(output.shape))").raise()
            return .zeros(point.shape)
        }
        return gradients(of: output, seed: seed, wrt: [point], retainGraph: true, createGraph: nested)[0]
    })
}

/// The gradient of `f`, as a function.
///
/// ```swift
/// let descent = gradient(of: { (x: Tensor<Double>) in (x * x).sum() })
/// descent(Tensor([1, 2]))   // [2, 4]
/// ```
public func gradient<Element>(of f: @escaping (Tensor<Element>) -> Tensor<Element>) -> (Tensor<Element>) -> Tensor<Element> {
    { x in gradient(at: x, of: f) }
}
