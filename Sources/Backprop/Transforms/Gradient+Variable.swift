/// The derivative of a scalar function at a point.
///
/// ```swift
/// let slope = gradient(at: 3.0) { x in x * x * sin(x) }   // 2x·sin x + x²·cos x at 3
/// ```
public func gradient(at x: Double, of f: (Variable) -> Variable) -> Double {
    valueWithGradient(at: x, of: f).gradient
}

/// The value and the derivative of a scalar function at a point.
public func valueWithGradient(at x: Double, of f: (Variable) -> Variable) -> (value: Double, gradient: Double) {
    let point = Variable(x)
    let output = f(point)
    return (output.value, gradients(of: output, wrt: [point], createGraph: false)[0].value)
}

/// The derivative of a scalar function at a Variable, itself a Variable: when `x` takes part in
/// an enclosing computation (another `gradient`, for instance) the result is recorded and can
/// be differentiated again.
///
/// ```swift
/// let second = gradient(at: 1.0) { x in gradient(at: x) { x in x * x * x } }   // 6x = 6
/// ```
public func gradient(at x: Variable, of f: (Variable) -> Variable) -> Variable {
    let (point, nested) = differentiationPoint(x)
    return gradients(of: f(point), wrt: [point], createGraph: nested)[0]
}

/// The partial derivatives of a scalar function of two variables.
public func gradient(at x: Double, _ y: Double, of f: (Variable, Variable) -> Variable) -> (Double, Double) {
    let partials = gradient(at: [x, y]) { f($0[0], $0[1]) }
    return (partials[0], partials[1])
}

/// The partial derivatives of a scalar function of three variables.
public func gradient(
    at x: Double, _ y: Double, _ z: Double, of f: (Variable, Variable, Variable) -> Variable
) -> (Double, Double, Double) {
    let partials = gradient(at: [x, y, z]) { f($0[0], $0[1], $0[2]) }
    return (partials[0], partials[1], partials[2])
}

/// The gradient of a scalar function of several variables.
///
/// ```swift
/// gradient(at: [1, 2]) { v in v[0] * v[1] }   // [2, 1]
/// ```
public func gradient(at point: [Double], of f: ([Variable]) -> Variable) -> [Double] {
    valueWithGradient(at: point, of: f).gradient
}

/// The value and the gradient of a scalar function of several variables.
public func valueWithGradient(at point: [Double], of f: ([Variable]) -> Variable) -> (value: Double, gradient: [Double]) {
    let inputs = point.map { Variable($0) }
    let output = f(inputs)
    return (output.value, gradients(of: output, wrt: inputs, createGraph: false).map(\.value))
}

/// The value of a scalar function and its pullback, v ↦ v·f′(x); the pullback may be called
/// any number of times.
public func valueWithPullback(at x: Double, of f: (Variable) -> Variable) -> (value: Double, pullback: (Double) -> Double) {
    let slope = valueWithGradient(at: x, of: f)
    return (slope.value, { $0 * slope.gradient })
}

/// The derivative of `f`, as a function.
///
/// ```swift
/// let cosine = gradient(of: { x in sin(x) })
/// cosine(0)   // 1
/// ```
public func gradient(of f: @escaping (Variable) -> Variable) -> (Double) -> Double {
    { x in gradient(at: x, of: f) }
}

/// The n-th derivative of `f`, as a function, by nesting reverse mode n times: each level
/// records the backward sweep of the one inside it.
///
/// ```swift
/// let fourth = derivative(of: { x in sin(x) }, order: 4)
/// fourth(0.7)   // sin 0.7
/// ```
public func derivative(of f: @escaping (Variable) -> Variable, order: Int) -> (Double) -> Double {
    guard order > 0 else {
        if order < 0 {
            BackpropError(.invalidArgument, operation: "derivative(of:order:)", problem: "order \(order) is negative",
                          fix: "Ask for order 0 (the function) or more").raise()
        }
        return { x in withoutRecording { f(Variable(x)).value } }
    }
    var nth = f
    for _ in 0..<order {
        let inner = nth
        nth = { x in gradient(at: x, of: inner) }
    }
    return { x in nth(Variable(x)).value }
}
