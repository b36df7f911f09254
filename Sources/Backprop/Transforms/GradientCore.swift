/// ∂output/∂input for each Variable input, leaving every `grad` untouched (PyTorch's
/// `torch.autograd.grad`). Inputs the output does not depend on get 0.
///
/// - Parameters:
///   - retainGraph: keep the graph for another call (implied by `createGraph`).
///   - createGraph: record the sweep, so that the gradients can be differentiated again.
func gradients(of output: Variable, wrt inputs: [Variable], retainGraph: Bool = false, createGraph: Bool) -> [Variable] {
    guard output.index != 0 else { return inputs.map { _ in Variable(constant: 0) } }
    let request = BackwardRequest(retainGraph: retainGraph, createGraph: createGraph, accumulates: false)
    let captures = inputs.map { $0.index == 0 ? nil : request.capture(scalarNode: $0.index, on: $0.tape) }
    var seeds = Seeds()
    seeds.scalars.append((output.index, 1))
    Tape.backward(from: output.tape, seeds: seeds, request: request)
    return captures.map { $0.map(request.scalarGradient(of:)) ?? Variable(constant: 0) }
}

/// The vector–Jacobian product seedᵀ·∂output/∂input for each tensor input, leaving every
/// `grad` untouched. Inputs the output does not depend on get zeros of their shape.
///
/// - Parameters:
///   - seed: ∂L/∂output; ones (for a one-element output) when nil. With `batch`, a stack of
///     that many cotangents (shape `[batch] + output.shape`), pulled back in one batched sweep
///     into stacks of gradients; every operation reached must pull back stacks
///     (`Tape.largestValueOfBatchedSweep(from:)`).
///   - retainGraph: keep the graph for another call (implied by `createGraph`).
///   - createGraph: record the sweep, so that the gradients can be differentiated again.
func gradients<Element>(
    of output: Tensor<Element>, seed: Tensor<Element>? = nil, wrt inputs: [Tensor<Element>],
    retainGraph: Bool = false, createGraph: Bool, batch: Int? = nil
) -> [Tensor<Element>] {
    let seed = seed ?? Tensor<Element>.ones(output.shape)
    let request = BackwardRequest(retainGraph: retainGraph, createGraph: createGraph, accumulates: false, batch: batch)
    for input in inputs {
        switch input.tracking {
        case .constant: break
        case .leaf(let leaf): request.capture(leaf: leaf)
        case .recorded(let tape, let node): request.capture(tensorNode: node, on: tape)
        }
    }
    switch output.tracking {
    case .constant:
        break
    case .leaf(let leaf):
        // The output is an input itself: its gradient is the seed.
        request.collect(seed, under: .leaf(ObjectIdentifier(leaf)))
    case .recorded(let tape, let node):
        var seeds = Seeds()
        seeds.add(createGraph ? seed : seed.detached(), for: node)
        Tape.backward(from: tape, seeds: seeds, request: request)
    }
    return inputs.map { input in
        let key: CaptureKey? = switch input.tracking {
        case .constant: nil
        case .leaf(let leaf): .leaf(ObjectIdentifier(leaf))
        case .recorded(let tape, let node): .node(ObjectIdentifier(tape), node)
        }
        return key.flatMap { request.tensorResults[$0]?.tensor(of: Element.self) } ?? .zeros((batch.map { [$0] } ?? []) + input.shape)
    }
}

/// The value a transform differentiates at: `x` itself when it already takes part in a
/// recorded computation (so that an enclosing transform can differentiate the result again),
/// else a fresh leaf holding its values. The flag says whether the sweep must be recorded.
func differentiationPoint<Element>(_ x: Tensor<Element>) -> (point: Tensor<Element>, nested: Bool) {
    x.requiresGrad ? (x, true) : (x.requiringGrad(), false)
}

/// `differentiationPoint` for a Variable.
func differentiationPoint(_ x: Variable) -> (point: Variable, nested: Bool) {
    x.requiresGrad ? (x, true) : (Variable(x.value), false)
}
