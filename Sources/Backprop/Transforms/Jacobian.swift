/// The Jacobian of a function from tensors to tensors, of shape `f(x).shape + x.shape`:
/// element [i..., j...] is ∂f(x)[i...]/∂x[j...].
///
/// With at least as many inputs as outputs it is built by reverse mode, row by row: every row
/// in one batched sweep when every operation involved has batched rules (the one-hot cotangents
/// pulled back together as a stack, as `torch.func.jacrev` does with vmap), else one sweep per
/// output element. With fewer inputs, column by column with forward mode
/// (``valueWithDifferential(at:of:)``), one sweep per input element.
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
    let rows = batchedJacobianRows(of: output, at: point, nested: nested) ?? jacobianRows(of: output, at: point, nested: nested)
    return rows.reshaped(to: output.shape + x.shape)
}

/// The most elements a stack of gradients in a batched sweep may hold: past it, the rows of a
/// Jacobian are pulled back in several batched sweeps, so that memory stays bounded.
let batchedSweepElements = 1 << 22

/// The rows of the Jacobian of `output` with respect to `point`, of shape
/// `[output.count] + point.shape`, from batched sweeps: all rows at once, or in chunks small
/// enough that no stack holds more than `stackLimit` elements. Nil when an operation on the way
/// has no batched rules (or a hook or retained gradient wants its gradients one at a time).
func batchedJacobianRows<Element>(
    of output: Tensor<Element>, at point: Tensor<Element>, nested: Bool, stackLimit: Int = batchedSweepElements
) -> Tensor<Element>? {
    var largest = Swift.max(output.count, point.count)
    if case .recorded(let tape, let node) = output.tracking {
        guard let reached = tape.largestValueOfBatchedSweep(from: node) else { return nil }
        largest = Swift.max(largest, reached)
    }
    let outputs = output.count, chunk = Swift.max(1, stackLimit / largest)
    let stacks = stride(from: 0, to: outputs, by: chunk).map { start in
        let rows = start..<Swift.min(start + chunk, outputs)
        return gradients(of: output, seed: oneHotRows(rows, shape: output.shape), wrt: [point],
                         retainGraph: rows.upperBound < outputs || nested, createGraph: nested, batch: rows.count)[0]
    }
    return stacks.count == 1 ? stacks[0] : Tensor.concatenated(stacks, alongAxis: 0)
}

/// The rows of the Jacobian of `output` with respect to `point`, of shape
/// `[output.count] + point.shape`, one reverse sweep per row.
func jacobianRows<Element>(of output: Tensor<Element>, at point: Tensor<Element>, nested: Bool) -> Tensor<Element> {
    let outputs = output.count
    let rows = (0..<outputs).map { row in
        gradients(of: output, seed: oneHot(row, shape: output.shape), wrt: [point], retainGraph: row < outputs - 1 || nested,
                  createGraph: nested)[0]
    }
    return Tensor.stacked(rows, alongAxis: 0)
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
    Tensor(storage: oneHotRows(index..<index + 1, shape: shape).storage, shape: shape)
}

/// The stack of the one-hot tensors of `shape` at row-major positions `rows` (rows of the
/// identity matrix), of shape `[rows.count] + shape`.
func oneHotRows<Element>(_ rows: Range<Int>, shape: [Int]) -> Tensor<Element> {
    // Zeros from the specialised fill: a generic array would copy each element through a witness.
    let stack = Tensor<Element>.zeros([rows.count] + shape), size = Shape.count(shape)
    for (item, row) in rows.enumerated() { stack.storage.base[item * size + row] = 1 }
    return stack
}
