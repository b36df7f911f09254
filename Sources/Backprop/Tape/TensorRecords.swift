/// A tensor operation on the tape: its inputs' nodes, the values its rule needs, and its rule:
/// ∂L/∂input for every input as a function of ∂L/∂output.
///
/// The rules are written with tensor operations. Inputs and output are handed to them at sweep
/// time rather than captured, so a record holds no reference to its tape, and so that under
/// `createGraph` the rules see the inputs as recorded values and record the backward pass itself.
final class OperationRecord<Element: TensorElement>: TensorRecord {
    /// ∂L/∂input from ∂L/∂output, the inputs and the output: the rule of one input.
    typealias Pullback = (_ gradient: Tensor<Element>, _ inputs: [Tensor<Element>], _ output: Tensor<Element>) -> Tensor<Element>
    /// ∂L/∂input for every input (nil where none is needed) from ∂L/∂output, the inputs and the output.
    typealias Rule = (_ gradient: Tensor<Element>, _ inputs: [Tensor<Element>], _ output: Tensor<Element>) -> [Tensor<Element>?]

    var node: Int32 = 0
    let name: String
    /// The inputs' nodes on the tape; 0 for an input that needs no gradient.
    let inputNodes: [Int32]
    /// The inputs' values (constants); empty once released.
    private var inputs: [Tensor<Element>]
    /// The output's value (a constant).
    private var output: Tensor<Element>
    /// The output's shape, kept after release.
    private let outputShape: [Int]
    /// The inputs' shapes, kept after release.
    private let inputShapes: [[Int]]
    /// The names of named constant inputs (nil when there are none), for labels.
    let constantInputNames: [String?]?
    /// The rule; nil once released.
    private var rule: Rule?
    /// The rule for a stack of cotangents (a batched sweep, see `BackwardRequest.batch`): the
    /// gradient and the results carry an extra leading axis. Nil when the operation has none, or
    /// once released.
    private var batchedRule: Rule?

    init(name: String, inputNodes: [Int32], inputs: [Tensor<Element>], output: Tensor<Element>, constantNames: [String?] = [],
         rule: @escaping Rule, batchedRule: Rule?) {
        self.name = name
        constantInputNames = constantNames.contains { $0 != nil } ? constantNames : nil
        self.inputNodes = inputNodes
        self.inputs = inputs
        self.output = output
        self.outputShape = output.shape
        self.inputShapes = inputs.map { $0.shape }
        self.rule = rule
        self.batchedRule = batchedRule
    }

    func release() {
        inputs = []
        output = .placeholder(shape: [])
        rule = nil
        batchedRule = nil
    }

    var pullsBackStacks: Bool { batchedRule != nil }
    var elementCount: Int { Shape.count(outputShape) }

    var outputSummary: ValueSummary? { rule == nil ? nil : ValueSummary(output) }

    /// Writes the step that added `contribution` to input `index` into a chain-rule trace.
    private func record(
        _ contribution: Tensor<Element>, input index: Int, upstream: Tensor<Element>, in trace: TraceRecorder, _ sweep: Sweep
    ) {
        let labels = trace.withLabels(of: sweep.tape) { $0.inputLabels(of: self) }
        let input = inputNodes[index]
        trace.noteGradient(ValueSummary(upstream), of: node, on: sweep.tape)
        trace.append(
            from: node, to: input, on: sweep.tape, formula: tensorGradientFormula(operation: name, input: index, inputs: labels),
            upstream: ValueSummary(upstream), contribution: ValueSummary(contribution), totalSoFar: { sweep.gradientSoFar(of: input) },
            shapes: name == "matmul" ? matmulShapes(upstream: upstream.shape, input: index)
                : "\(formatShape(upstream.shape)) → \(formatShape(inputShapes[index]))")
    }

    /// The dimension-compatibility statement of a product's gradient: for C = A·B with δ = ∂L/∂C,
    /// `δ·Bᵀ : [m×n]·[n×k] → [m×k]` for A and `Aᵀ·δ : [k×m]·[m×n] → [k×n]` for B.
    private func matmulShapes(upstream: [Int], input index: Int) -> String {
        let other = inputShapes[1 - index], own = inputShapes[index]
        let otherTransposed = Array(other.dropLast(2)) + other.suffix(2).reversed()
        let factors = index == 0 ? [upstream, otherTransposed] : [otherTransposed, upstream]
        return factors.map(formatShape).joined(separator: "·") + " → " + formatShape(own)
    }

    var savedBytes: Int {
        (inputs.reduce(output.count) { $0 + $1.count }) * MemoryLayout<Element>.stride
    }

    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    func propagate(_ sweep: inout Sweep) {
        // A released record is reached only by a backward that fails; the sweep reports it.
        guard let gradient: Tensor<Element> = sweep.takeGradient(of: node, shape: outputShape),
              let rule = sweep.request.batch == nil ? rule : batchedRule else { return }
        let inputGradients = rule(gradient, sweep.values(inputs, at: inputNodes), sweep.value(output, at: node))
        for index in 0..<Swift.min(inputGradients.count, inputNodes.count) where inputNodes[index] != 0 {
            guard let inputGradient = inputGradients[index] else { continue }
            if sweep.request.checksAnomalies {
                Tensor.checkBackward(name, node: node, input: index, upstream: gradient, gradient: inputGradient, tape: sweep.tape)
            }
            let added = sweep.accumulate(inputGradient, into: inputNodes[index], shape: inputShapes[index])
            if let trace = sweep.request.trace { record(added, input: index, upstream: gradient, in: trace, sweep) }
        }
    }
}

/// The node of a tensor leaf on a tape: its gradient goes to the leaf's accumulator.
final class LeafRecord<Element: TensorElement>: TensorRecord {
    var node: Int32 = 0
    let leaf: LeafGradient<Element>
    /// The leaf's value when it was first used on this tape, for graphs.
    let value: Tensor<Element>
    var shape: [Int] { value.shape }
    var name: String { "leaf" }
    var savedBytes: Int { 0 }
    var inputNodes: [Int32] { [] }
    func release() {}
    /// A hook expects one gradient of the leaf's shape, not a stack.
    var pullsBackStacks: Bool { leaf.hooks.isEmpty }
    var elementCount: Int { value.count }
    var outputSummary: ValueSummary? { ValueSummary(value) }
    var leafDetails: (name: String?, gradient: ValueSummary?)? { (leaf.name, leaf.gradient.map { ValueSummary($0) }) }

    init(leaf: LeafGradient<Element>, value: Tensor<Element>) {
        self.leaf = leaf
        self.value = value
    }

    func propagate(_ sweep: inout Sweep) {
        guard let taken: Tensor<Element> = sweep.takeGradient(of: node, shape: shape) else { return }
        let gradient = leaf.applyingHooks(to: taken)
        sweep.request.trace?.noteGradient(ValueSummary(gradient), of: node, on: sweep.tape)
        sweep.request.collect(gradient, under: .leaf(ObjectIdentifier(leaf)), adding: +)
        if sweep.request.accumulates { leaf.accumulate(gradient, recording: sweep.createGraph) }
    }
}

/// A node standing for a tensor recorded on an earlier tape: its gradient is handed back there.
final class ImportedTensorRecord<Element: TensorElement>: TensorRecord {
    var node: Int32 = 0
    let source: Tape
    let sourceNode: Int32
    let shape: [Int]
    var name: String { "imported" }
    var savedBytes: Int { 0 }
    var inputNodes: [Int32] { [] }
    func release() {}
    /// Batched sweeps stay on one tape.
    var pullsBackStacks: Bool { false }
    var elementCount: Int { Shape.count(shape) }
    var importedFrom: (tape: Tape, node: Int32)? { (source, sourceNode) }

    init(source: Tape, sourceNode: Int32, shape: [Int]) {
        self.source = source
        self.sourceNode = sourceNode
        self.shape = shape
    }

    func propagate(_ sweep: inout Sweep) {
        guard let gradient: Tensor<Element> = sweep.takeGradient(of: node, shape: shape) else { return }
        sweep.request.trace?.noteGradient(ValueSummary(gradient), of: node, on: sweep.tape)
        var owed = Seeds()
        owed.tensors.append((sourceNode, gradient))
        sweep.forward(owed, to: source)
    }
}

/// A `Variable` used as a 0-d tensor: the tensor's gradient flows back into the scalar node.
final class ScalarToTensorRecord<Element: TensorElement>: TensorRecord {
    var node: Int32 = 0
    let scalarNode: Int32
    var name: String { "variable as tensor" }
    var savedBytes: Int { 0 }
    var inputNodes: [Int32] { [scalarNode] }
    func release() {}
    /// A scalar node holds one gradient, not a stack.
    var pullsBackStacks: Bool { false }
    var elementCount: Int { 1 }

    init(scalarNode: Int32) {
        self.scalarNode = scalarNode
    }

    func propagate(_ sweep: inout Sweep) {
        guard let gradient: Tensor<Element> = sweep.takeGradient(of: node, shape: []) else { return }
        sweep.addScalar(gradient, to: scalarNode)
        guard let trace = sweep.request.trace else { return }
        trace.noteGradient(ValueSummary(gradient), of: node, on: sweep.tape)
        trace.append(
            from: node, to: scalarNode, on: sweep.tape, formula: tensorGradientFormula(operation: name, input: 0, inputs: []),
            upstream: ValueSummary(gradient), contribution: ValueSummary(gradient),
            totalSoFar: { [sweep] in sweep.gradientSoFar(of: scalarNode) })
    }
}

/// What is left of a tensor record once its tape is released: its place in the graph, so that
/// the graph can still be drawn. It holds no values, tapes or leaves.
final class ReleasedRecord: TensorRecord {
    var node: Int32
    let name: String
    let inputNodes: [Int32]
    let elementCount: Int
    /// A leaf's value; nil for an operation, whose values are released.
    let outputSummary: ValueSummary?
    /// A leaf's name and gradient as they were at the release.
    let leafDetails: (name: String?, gradient: ValueSummary?)?
    let constantInputNames: [String?]?
    var savedBytes: Int { 0 }
    var pullsBackStacks: Bool { false }

    init(_ record: TensorRecord) {
        node = record.node
        name = record.name
        inputNodes = record.inputNodes
        elementCount = record.elementCount
        leafDetails = record.leafDetails
        outputSummary = leafDetails == nil ? nil : record.outputSummary
        constantInputNames = record.constantInputNames
    }

    func release() {}

    /// Never reached: a released tape only passes gradients on to its leaves (`sweepReleased`).
    func propagate(_ sweep: inout Sweep) {}
}
