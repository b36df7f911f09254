/// Checks second derivatives: the gradient of the recorded gradient against finite differences
/// of the gradient. With a fixed random direction u (seeded), it compares H·u from
/// reverse-over-reverse with the central differences of x ↦ ∇f(x)·u, where ∇f comes from one
/// ordinary backward.
///
/// ```swift
/// #expect(checkSecondOrderGradient(of: { x in (x * x * sin(x)).sum() }, at: x).passed)
/// ```
public func checkSecondOrderGradient(
    of f: (Tensor<Double>) -> Tensor<Double>, at x: Tensor<Double>, tolerance: Double = 1e-6, seed: UInt64 = 0
) -> GradientCheckReport {
    let direction = Tensor<Double>.randomNormal(shape: x.shape, seed: seed)
    // The first derivative along u, as a function: differentiating it checks the second.
    return withoutActuallyEscaping(f) { f in
        checkGradient(of: { point in (gradient(at: point, of: f) * direction).sum() }, at: x, tolerance: tolerance, seed: seed)
    }
}

/// Checks the second derivatives of a scalar function of Variables (see the tensor form).
public func checkSecondOrderGradient(
    of f: ([Variable]) -> Variable, at x: [Double], tolerance: Double = 1e-6, seed: UInt64 = 0
) -> GradientCheckReport {
    var generator = SeededRandomNumberGenerator(seed: seed)
    let direction = x.map { _ in generator.nextNormal() }
    return checkGradient(of: { inputs in
        let slopes = gradients(of: f(inputs), wrt: inputs, createGraph: true)
        return zip(slopes, direction).reduce(Variable(constant: 0)) { $0 + $1.0 * $1.1 }
    }, at: x, tolerance: tolerance)
}

/// Checks ``jacobian(at:of:)`` against the Jacobian from central differences, column by column.
///
/// ```swift
/// #expect(checkJacobian(of: { $0.softmax() }, at: logits).passed)
/// ```
public func checkJacobian(
    of f: (Tensor<Double>) -> Tensor<Double>, at x: Tensor<Double>, tolerance: Double = 1e-6
) -> GradientCheckReport {
    let analytic = jacobian(at: x.detached(), of: f)
    let outputs = analytic.count / Swift.max(x.count, 1)
    var numeric = [Double](repeating: 0, count: analytic.count)
    for column in 0..<x.count {
        for row in 0..<outputs {
            numeric[row * x.count + column] = centralDifference(at: x.scalars[column]) { shifted in
                var values = x.scalars
                values[column] = shifted
                return f(Tensor(values, shape: x.shape)).scalars[row]
            }
        }
    }
    return GradientCheckReport(analytic: [analytic.scalars], numeric: [numeric], tolerance: tolerance)
}
