extension Variable {
    /// Runs `backward()` and returns the chain rule it applied, step by step (see
    /// ``ChainRuleTrace``). Gradients accumulate as with `backward()`.
    ///
    /// ```swift
    /// let x = Variable(2.0).named("x"), w = Variable(-3.0).named("w")
    /// print(tanh(x * w).backwardWithTrace().text)
    /// ```
    public func backwardWithTrace(retainGraph: Bool = false) -> ChainRuleTrace {
        guard index != 0 else {
            backward(retainGraph: retainGraph)
            return ChainRuleTrace(steps: [], graph: graph)
        }
        var seeds = Seeds()
        seeds.scalars.append((index, 1))
        return Tape.tracedBackward(from: tape, node: index, seeds: seeds, retainGraph: retainGraph)
    }
}

extension Tensor {
    /// Runs `backward()` on this one-element tensor and returns the chain rule it applied, step
    /// by step, with the shapes and matrix form of each tensor step (see ``ChainRuleTrace``).
    public func backwardWithTrace(retainGraph: Bool = false) -> ChainRuleTrace {
        guard case .recorded(let tape, let node) = tracking, count == 1 else {
            backward(retainGraph: retainGraph)
            return ChainRuleTrace(steps: [], graph: graph)
        }
        var seeds = Seeds()
        seeds.add(Tensor.ones(shape), for: node)
        return Tape.tracedBackward(from: tape, node: node, seeds: seeds, retainGraph: retainGraph)
    }
}

extension Tape {
    /// A backward from `seeds` that records its chain-rule steps.
    static func tracedBackward(from tape: Tape, node: Int32, seeds: Seeds, retainGraph: Bool) -> ChainRuleTrace {
        let request = BackwardRequest(retainGraph: retainGraph, createGraph: false, accumulates: true)
        let recorder = TraceRecorder(output: (tape, node))
        request.observers.append(recorder)
        backward(from: tape, seeds: seeds, request: request)
        return recorder.trace()
    }
}
