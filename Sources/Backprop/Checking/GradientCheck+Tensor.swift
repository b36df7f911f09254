/// Checks the gradient of a function of several `Double` tensors against finite differences.
///
/// A non-scalar output is projected on a fixed random direction u (seeded), so what is checked
/// is the vector–Jacobian product uᵀJ, which covers every element of the Jacobian's action.
///
/// ```swift
/// let report = checkGradient(of: { x in (x[0] * x[1]).sum() }, at: [a, b])
/// #expect(report.passed, "\(report)")
/// ```
///
/// - Parameters:
///   - f: the function; it is evaluated once on the tape and four times per input element without.
///   - inputs: the point; their values are used, not their gradient status.
///   - tolerance: the largest relative error that passes (see ``GradientCheckReport``).
///   - seed: the seed of the projection direction for non-scalar outputs.
public func checkGradient(
    of f: ([Tensor<Double>]) -> Tensor<Double>, at inputs: [Tensor<Double>], tolerance: Double = 1e-6, seed: UInt64 = 0
) -> GradientCheckReport {
    let leaves = inputs.map { $0.detached().requiringGrad() }
    let output = f(leaves)
    let direction = output.count == 1
        ? Tensor<Double>.ones(output.shape)
        : Tensor<Double>.randomNormal(shape: output.shape, seed: seed)
    if output.requiresGrad { output.backward(seed: direction) }
    let analytic = zip(leaves, inputs).map { leaf, input in leaf.grad?.scalars ?? Array(repeating: 0, count: input.count) }

    let numeric = inputs.indices.map { inputIndex in
        inputs[inputIndex].scalars.indices.map { element in
            // Evaluated on constants but with recording on, so that a function that takes
            // gradients itself (a gradient penalty) still can.
            centralDifference(at: inputs[inputIndex].scalars[element]) { shifted in
                var point = inputs.map { $0.detached() }
                var values = point[inputIndex].scalars
                values[element] = shifted
                point[inputIndex] = Tensor(values, shape: inputs[inputIndex].shape)
                let projected = f(point).detached() * direction
                return projected.scalars.reduce(0, +)
            }
        }
    }
    return GradientCheckReport(analytic: analytic, numeric: numeric, tolerance: tolerance)
}

/// Checks the gradient of a function of one `Double` tensor against finite differences.
///
/// ```swift
/// #expect(checkGradient(of: { x in exp(x).sum() }, at: .randomNormal(shape: [3], seed: 1)).passed)
/// ```
public func checkGradient(
    of f: (Tensor<Double>) -> Tensor<Double>, at x: Tensor<Double>, tolerance: Double = 1e-6, seed: UInt64 = 0
) -> GradientCheckReport {
    checkGradient(of: { f($0[0]) }, at: [x], tolerance: tolerance, seed: seed)
}

/// Checks the gradients of a function of two `Double` tensors against finite differences.
///
/// ```swift
/// #expect(checkGradient(of: { $0 + $1 }, at: .zeros([3, 1]), .zeros([1, 4])).passed)
/// ```
public func checkGradient(
    of f: (Tensor<Double>, Tensor<Double>) -> Tensor<Double>, at x: Tensor<Double>, _ y: Tensor<Double>,
    tolerance: Double = 1e-6, seed: UInt64 = 0
) -> GradientCheckReport {
    checkGradient(of: { f($0[0], $0[1]) }, at: [x, y], tolerance: tolerance, seed: seed)
}
