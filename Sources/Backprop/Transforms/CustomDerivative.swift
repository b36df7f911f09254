extension Tensor {
    /// A differentiable operation of your own, recorded on the tape like a built-in one: its
    /// value comes from `value` (run without recording) and its derivative from `pullback`,
    /// which receives ∂L/∂output, the inputs and the output and returns ∂L/∂input for each
    /// input. As `torch.autograd.Function` or `jax.custom_vjp`. Write the pullback with tensor
    /// operations and it is differentiable in turn (`createGraph`, higher derivatives). Each
    /// gradient must have its input's shape exactly; another shape is an error naming `name`
    /// (PyTorch sums a gradient that broadcasts to the input's shape; here that is reported, as
    /// it is most often a mistake in the pullback).
    ///
    /// A numerically stable log(1 + eˣ) whose derivative is σ(x):
    ///
    /// ```swift
    /// func log1pexp(_ x: Tensor<Double>) -> Tensor<Double> {
    ///     .differentiable("log1pexp", inputs: [x],
    ///         value: { x in x[0].relu() + log(1 + exp(-abs(x[0]))) },
    ///         pullback: { gradient, x, _ in [gradient * x[0].sigmoid()] })
    /// }
    /// ```
    public static func differentiable(
        _ name: String, inputs: [Tensor],
        value: ([Tensor]) -> Tensor,
        pullback: @escaping (_ gradient: Tensor, _ inputs: [Tensor], _ output: Tensor) -> [Tensor]
    ) -> Tensor {
        let output = withoutRecording { value(inputs.map { $0.detached() }) }
        return record(.custom(name), output.detached(), inputs: inputs) { needed in
            { gradient, inputs, output in
                let gradients = pullback(gradient, inputs, output)
                guard gradients.count == needed.count else {
                    BackpropError(
                        .invalidArgument, operation: name,
                        problem: "the pullback returned \(gradients.count) gradients for \(needed.count) inputs",
                        fix: "Return one gradient per input, in the order of the inputs").raise()
                    return needed.map { _ in nil }
                }
                for (index, (input, gradient)) in zip(inputs, gradients).enumerated() where needed[index] && gradient.shape != input.shape {
                    let shape = Shape.describe(input.shape)
                    BackpropError(
                        .shapeMismatch, operation: name,
                        problem: "the pullback returned a gradient of shape \(Shape.describe(gradient.shape)) for inputs[\(index)], of shape \(shape)",
                        fix: "Return for each input ∂L/∂input of that input's shape, here \(shape) (where the value broadcast the input, sum the gradient over the broadcast axes, e.g. with summed(toShape: \(shape)))").raise()
                    return needed.map { _ in nil }
                }
                return zip(needed, gradients).map { $0 ? $1 : nil }
            }
        }
    }
}

extension Variable {
    /// A differentiable scalar operation of your own with one input: `value` computes it and
    /// `derivative` gives ∂output/∂x from the input and the output, written with Variable
    /// operations so that it can be differentiated again.
    ///
    /// ```swift
    /// func log1pexp(_ x: Variable) -> Variable {
    ///     .differentiable("log1pexp", x, value: { max($0, 0) + log1p(exp(-Swift.abs($0))) },
    ///                     derivative: { x, _ in x.sigmoid() })
    /// }
    /// ```
    public static func differentiable(
        _ name: String, _ x: Variable, value: (Double) -> Double, derivative: @escaping (_ x: Variable, _ output: Variable) -> Variable
    ) -> Variable {
        differentiable(name, x, Variable(constant: 0), value: { x, _ in value(x) }) { x, _, output in
            (derivative(x, output), Variable(constant: 0))
        }
    }

    /// A differentiable scalar operation of your own with two inputs: `partials` gives
    /// (∂output/∂x, ∂output/∂y) from the inputs and the output, written with Variable
    /// operations so that it can be differentiated again.
    public static func differentiable(
        _ name: String, _ x: Variable, _ y: Variable, value: (Double, Double) -> Double,
        partials: @escaping (_ x: Variable, _ y: Variable, _ output: Variable) -> (Variable, Variable)
    ) -> Variable {
        let output = value(x.value, y.value)
        let (dx, dy) = partials(Variable(constant: x.value), Variable(constant: y.value), Variable(constant: output))
        let context = ThreadContext.current
        guard context.isRecording, x.requiresGrad || y.requiresGrad else { return Variable(constant: output) }
        let tape = Tape.target(for: [x, y].filter(\.requiresGrad).map(\.tape), context: context)
        let node = tape.append(.custom, value: output, x.node(on: tape), dx.value, y.node(on: tape), dy.value)
        tape.customRules[node] = CustomScalarRule(name: name, lhs: x.value, rhs: y.value, partials: partials)
        return Variable(value: output, tape: tape, index: node)
    }
}

/// The derivative rule of a user-defined scalar operation, kept for recorded sweeps, with the
/// inputs' values (needed when an input is a constant, which has no node to read them from).
struct CustomScalarRule {
    let name: String
    let lhs: Double
    let rhs: Double
    let partials: (Variable, Variable, Variable) -> (Variable, Variable)
}
