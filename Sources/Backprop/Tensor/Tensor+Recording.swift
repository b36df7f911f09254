extension Tensor {
    /// Records `value`, computed by `operation` from `inputs`, with one derivative rule per
    /// input, and how they pull back a stack of cotangents (`batching`). Returns `value` itself,
    /// unrecorded, when no input needs a gradient or recording is off.
    static func record(
        _ operation: TensorOperation, _ value: Tensor, inputs: [Tensor], batching: Batching<Element> = .unsupported,
        _ pullbacks: OperationRecord<Element>.Pullback...
    ) -> Tensor {
        record(operation, value, inputs: inputs, rules: pullbacks, batching: batching)
    }

    /// `record` with the rules as an array, for operations with any number of inputs.
    static func record(
        _ operation: TensorOperation, _ value: Tensor, inputs: [Tensor], rules pullbacks: [OperationRecord<Element>.Pullback],
        batching: Batching<Element> = .unsupported
    ) -> Tensor {
        let batched: [OperationRecord<Element>.Pullback]? = switch batching {
        case .unsupported: nil
        case .sameRules: pullbacks
        case .rules(let rules): rules
        }
        return record(operation, value, inputs: inputs, rule: { needed in rule(from: pullbacks, needed) },
                      batchedRule: batched.map { batched in { needed in rule(from: batched, needed) } })
    }

    /// One rule for all inputs from one pullback per input, skipping the inputs that need no
    /// gradient (`needed[i]` false).
    private static func rule(
        from pullbacks: [OperationRecord<Element>.Pullback], _ needed: [Bool]
    ) -> OperationRecord<Element>.Rule {
        { gradient, inputs, output in
            // An index loop: zip and map would look up generic metadata on every sweep.
            var gradients: [Tensor?] = []
            gradients.reserveCapacity(pullbacks.count)
            for index in pullbacks.indices {
                gradients.append(needed[index] ? pullbacks[index](gradient, inputs, output) : nil)
            }
            return gradients
        }
    }

    /// `record` with one rule for all inputs, made once the inputs that need a gradient are
    /// known (`needed[i]`), and optionally one for stacks of cotangents.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func record(
        _ operation: TensorOperation, _ value: Tensor, inputs: [Tensor],
        rule makeRule: (_ needed: [Bool]) -> OperationRecord<Element>.Rule,
        batchedRule makeBatchedRule: ((_ needed: [Bool]) -> OperationRecord<Element>.Rule)? = nil
    ) -> Tensor {
        guard inputs.contains(where: { $0.requiresGrad }) else { return value }
        let context = ThreadContext.current
        guard context.isRecording else { return value }
        if context.detectsAnomalies { checkForward(operation.name, value, inputs: inputs) }
        let tape = Tape.target(for: inputs.compactMap { $0.recordingTape }, context: context)
        let nodes = inputs.map { $0.node(on: tape) }
        let needed = nodes.map { $0 != 0 }
        let record = OperationRecord(
            operation: operation, inputNodes: nodes, inputs: inputs.map { $0.detached() }, output: value.detached(),
            constantNames: inputs.map(\.constantName), rule: makeRule(needed), batchedRule: makeBatchedRule?(needed))
        let node = tape.append(record)
        if context.detectsAnomalies { tape.origins[node] = OperationOrigin() }
        return Tensor(storage: value.storage, shape: value.shape, tracking: .recorded(tape, node))
    }

    /// The tape this value is recorded on, if it is the result of a recorded operation.
    var recordingTape: Tape? {
        if case .recorded(let tape, _) = tracking { return tape }
        return nil
    }

    /// This value's node on `tape` (0 for a constant), importing or adding it as needed.
    func node(on tape: Tape) -> Int32 {
        switch tracking {
        case .constant: 0
        case .leaf(let leaf): tape.node(forLeaf: leaf, value: detached())
        case .recorded(let source, let node):
            source === tape ? node : tape.importTensor(node, from: source, as: Element.self, shape: shape)
        }
    }
}
