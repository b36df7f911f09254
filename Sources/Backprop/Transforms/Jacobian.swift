/// The Jacobian of a function from tensors to tensors, of shape `f(x).shape + x.shape`:
/// element [i..., j...] is ∂f(x)[i...]/∂x[j...].
///
/// With at least as many inputs as outputs it is built row by row, one reverse sweep per output
/// element; with fewer inputs, column by column with forward mode (``valueWithDifferential(at:of:)``),
/// one sweep per input element.
///
/// ```swift
/// let s = jacobian(at: logits) { $0.softmax() }   // diag(s) − s·sᵀ
/// ```
public func jacobian<Element>(at x: Tensor<Element>, of f: (Tensor<Element>) -> Tensor<Element>) -> Tensor<Element> {
    let (point, nested) = differentiationPoint(x)
    let output = f(point)
    let (outputs, inputs) = (output.count, point.count)
    guard outputs > 0, inputs > 0 else { return .zeros(output.shape + x.shape) }
    if inputs < outputs {
        let differential = differentialOf(output, at: point, nested: nested)
        let columns = (0..<inputs).map { differential(oneHot($0, shape: point.shape)).reshaped(to: [outputs]) }
        return Tensor.stacked(columns, alongAxis: 1).reshaped(to: output.shape + x.shape)
    }
    let rows = (0..<outputs).map { row in
        gradients(of: output, seed: oneHot(row, shape: output.shape), wrt: [point], retainGraph: row < outputs - 1 || nested,
                  createGraph: nested)[0].reshaped(to: [inputs])
    }
    return Tensor.stacked(rows, alongAxis: 0).reshaped(to: output.shape + x.shape)
}

/// The Hessian of a function with a one-element result, of shape `x.shape + x.shape`, by
/// reverse over reverse: the Jacobian of the recorded gradient.
///
/// ```swift
/// hessian(at: Tensor<Double>([1, 2])) { x in (x * x * x).sum() }   // diag(6x)
/// ```
public func hessian<Element>(at x: Tensor<Element>, of f: (Tensor<Element>) -> Tensor<Element>) -> Tensor<Element> {
    withoutActuallyEscaping(f) { f in
        jacobian(at: x) { point in gradient(at: point, of: f) }
    }
}

/// The Hessian-vector product H·v of a function with a one-element result, without forming H:
/// the gradient of ∇f(x)·v.
public func hessianVectorProduct<Element>(
    at x: Tensor<Element>, along v: Tensor<Element>, of f: (Tensor<Element>) -> Tensor<Element>
) -> Tensor<Element> {
    gradient(at: x) { point in (gradient(at: point, of: f) * v).sum() }
}

/// The Hessian of a scalar function of several Variables, row i holding ∂²f/∂xᵢ∂xⱼ.
///
/// ```swift
/// hessian(at: [1, 1]) { v in 100 * pow(v[1] - v[0] * v[0], 2) + pow(1 - v[0], 2) }
/// ```
public func hessian(at point: [Double], of f: ([Variable]) -> Variable) -> [[Double]] {
    let inputs = point.map { Variable($0) }
    let slopes = gradients(of: f(inputs), wrt: inputs, createGraph: true)
    return slopes.enumerated().map { row, slope in
        gradients(of: slope, wrt: inputs, retainGraph: row < slopes.count - 1, createGraph: false).map(\.value)
    }
}

/// The tensor of `shape` that is 1 at row-major position `index` and 0 elsewhere.
func oneHot<Element>(_ index: Int, shape: [Int]) -> Tensor<Element> {
    var values = [Element](repeating: 0, count: Shape.count(shape))
    values[index] = 1
    return Tensor(values, shape: shape)
}
