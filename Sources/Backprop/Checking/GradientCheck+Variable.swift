/// Checks the gradient of a scalar function of several Variables against finite differences.
///
/// ```swift
/// let report = checkGradient(of: { v in v[0] * sin(v[1]) }, at: [2, 0.5])
/// #expect(report.passed, "\(report)")
/// ```
///
/// - Parameters:
///   - f: the function; it is evaluated once on the tape and four times per input without.
///   - x: the point.
///   - tolerance: the largest relative error that passes (see ``GradientCheckReport``).
public func checkGradient(
    of f: ([Variable]) -> Variable, at x: [Double], tolerance: Double = 1e-6
) -> GradientCheckReport {
    let inputs = x.map { Variable($0) }
    let output = f(inputs)
    let analytic: [Double]
    if output.requiresGrad {
        output.backward()
        analytic = inputs.map { $0.grad ?? 0 }
    } else {
        analytic = Array(repeating: 0, count: x.count)
    }
    let numeric = x.indices.map { index in
        // Recording stays on, so that a function that takes derivatives itself still can.
        centralDifference(at: x[index]) { shifted in
            var point = x.map { Variable($0) }
            point[index] = Variable(shifted)
            return f(point).value
        }
    }
    return GradientCheckReport(analytic: [analytic], numeric: [numeric], tolerance: tolerance)
}

/// Checks the derivative of a scalar function of one Variable against finite differences.
///
/// ```swift
/// #expect(checkGradient(of: { x in tanh(x) * x }, at: 0.3).passed)
/// ```
public func checkGradient(
    of f: (Variable) -> Variable, at x: Double, tolerance: Double = 1e-6
) -> GradientCheckReport {
    checkGradient(of: { f($0[0]) }, at: [x], tolerance: tolerance)
}
